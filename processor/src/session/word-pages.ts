/** Records per page: small enough that a partition with a few visits stays small, large enough to be few. */
const PAGE_SHIFT = 12;
const PAGE_RECORDS = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_RECORDS - 1;

/**
 * Fixed-width records of unsigned 32-bit words, in pages of typed arrays, handed out and taken back through a free
 * list. Millions of them cost the garbage collector nothing to trace, and growing never copies (a page is added),
 * so the memory follows the peak number of records, not twice it. A freed record's word 0 links the free list.
 */
export class WordPages {
  private readonly pages: Uint32Array[] = [];
  /** Records handed out at least once: every live record lies below. */
  private used = 0;
  /** First free record + 1; 0 when none. */
  private freeHead = 0;

  constructor(readonly width: number) {}

  /** A record whose words are unspecified: the caller sets each one it reads later. */
  alloc(): number {
    if (this.freeHead !== 0) {
      const r = this.freeHead - 1;
      this.freeHead = this.get(r, 0);
      return r;
    }
    if (this.used >>> PAGE_SHIFT === this.pages.length) {
      this.pages.push(new Uint32Array(PAGE_RECORDS * this.width));
    }
    return this.used++;
  }

  free(r: number): void {
    this.set(r, 0, this.freeHead);
    this.freeHead = r + 1;
  }

  /** Every record ever handed out lies below this (freed ones included). */
  get extent(): number {
    return this.used;
  }

  get bytes(): number {
    return this.pages.length * PAGE_RECORDS * this.width * 4;
  }

  get(r: number, w: number): number {
    return (this.pages[r >>> PAGE_SHIFT] as Uint32Array)[(r & PAGE_MASK) * this.width + w] as number;
  }

  set(r: number, w: number, value: number): void {
    (this.pages[r >>> PAGE_SHIFT] as Uint32Array)[(r & PAGE_MASK) * this.width + w] = value;
  }
}
