import type { Channel } from '@godonu/warehouse';
import type { IdHash } from './event-id-hash.ts';
import { type Uint64Parts, uint64Text } from './session-id.ts';

/** The partition's answer for event ids of blocks already stored. */
export interface StoredIds {
  hasId(slot: number, hi: number, lo: number): boolean;
}

/**
 * One open visit as a block's session step reads and changes it. It lives only as long as its block's draft: the
 * partition keeps its visits packed (`VisitStore`) and takes this one in only once the block is stored.
 */
export class Visit {
  sessionHi = 0;
  sessionLo = 0;
  /** The id as rows carry it (a UInt64 in decimal). */
  sessionId = '0';
  /** Report day of the visit. */
  day = '';
  /** Latest receipt time seen in the visit. */
  lastTs = 0;
  pageviews = 0;
  channel: Channel = 'direct';
  channelHost = '';
  /** Where the partition keeps this key's visit; -1 while it keeps none. */
  slot = -1;
  /** Whether the event ids kept at `slot` are this visit's: not once the key began a new visit in this block. */
  continuesStored = false;
  /** Hashes of the event ids this block added, `hi` then `lo` for each. */
  readonly added: number[] = [];
  /**
   * The first form started in the visit and the receipt time of that start; every other form in `moreForms`.
   * Time to complete is measured from a form's first start. Most visits start at most one form.
   */
  firstForm: string | undefined = undefined;
  firstFormTs = 0;
  moreForms: Map<string, number> | undefined = undefined;
  /** The draft's next visit under the same visitor hash (of another site or salt day). */
  next: Visit | undefined = undefined;

  constructor(
    readonly site: string,
    readonly saltDay: string,
    readonly visitor: string,
    private readonly stored: StoredIds,
  ) {}

  /** A new visit under this key: nothing of an earlier one carries over. */
  begin(id: Uint64Parts, day: string, ts: number, channel: Channel, channelHost: string): void {
    this.sessionHi = id.hi;
    this.sessionLo = id.lo;
    this.sessionId = uint64Text(id.hi, id.lo);
    this.day = day;
    this.lastTs = ts;
    this.pageviews = 0;
    this.channel = channel;
    this.channelHost = channelHost;
    this.continuesStored = false;
    this.added.length = 0;
    this.firstForm = undefined;
    this.moreForms = undefined;
  }

  hasEvent(h: IdHash): boolean {
    const added = this.added;
    for (let i = 0; i < added.length; i += 2) {
      if (added[i + 1] === h.lo && added[i] === h.hi) return true;
    }
    return this.continuesStored && this.stored.hasId(this.slot, h.hi, h.lo);
  }

  addEvent(h: IdHash): void {
    this.added.push(h.hi, h.lo);
  }

  /** Receipt time of the form's first start in this visit. */
  formStart(form: string): number | undefined {
    return form === this.firstForm ? this.firstFormTs : this.moreForms?.get(form);
  }

  /** Records a form's start unless it started before in this visit. */
  startForm(form: string, ts: number): void {
    if (this.firstForm === undefined) {
      this.firstForm = form;
      this.firstFormTs = ts;
    } else if (this.formStart(form) === undefined) {
      this.moreForms ??= new Map();
      this.moreForms.set(form, ts);
    }
  }

  /** The form, when exactly one was started in the visit. */
  onlyForm(): string | undefined {
    return this.moreForms === undefined ? this.firstForm : undefined;
  }
}
