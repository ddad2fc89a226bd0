/**
 * Strings that many open visits share (sites, referrer hosts, form names) as small numbers, counted by reference
 * so that one no visit uses any more is forgotten: the table follows the open visits, not the traffic's history.
 * Number 0 is the empty string, which is never counted.
 */
export class InternedStrings {
  private readonly numbers = new Map<string, number>();
  private readonly texts: string[] = [''];
  private readonly refs: number[] = [0];
  private readonly free: number[] = [];

  /** The string's number, counting one more reference to it. */
  intern(text: string): number {
    if (text === '') return 0;
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.free.pop() ?? this.texts.length;
      this.texts[n] = text;
      this.refs[n] = 0;
      this.numbers.set(text, n);
    }
    this.refs[n] = (this.refs[n] as number) + 1;
    return n;
  }

  /** The string's number if some visit holds it, without counting a reference. */
  find(text: string): number | undefined {
    return text === '' ? 0 : this.numbers.get(text);
  }

  text(n: number): string {
    return this.texts[n] as string;
  }

  release(n: number): void {
    if (n === 0) return;
    const left = (this.refs[n] as number) - 1;
    this.refs[n] = left;
    if (left > 0) return;
    this.numbers.delete(this.texts[n] as string);
    this.texts[n] = '';
    this.free.push(n);
  }

  /** Strings currently held. */
  get size(): number {
    return this.numbers.size;
  }
}
