import type { Channel } from '@godonu/warehouse';
import { uint64Parts } from './session-id.ts';
import { Visit } from './visit.ts';
import { type VisitSnapshot, VisitStore } from './visit-store.ts';

export type { Visit } from './visit.ts';
export type { VisitSnapshot } from './visit-store.ts';

/** A visit ends after 30 minutes without an event (and at local midnight: a visit belongs to one report day). */
export const SESSION_IDLE_MS = 30 * 60_000;
/**
 * How far receipt times may run backwards along a partition's offsets (several collectors, network delays).
 * It widens the window in which visits must be recovered after a restart and delays eviction.
 */
export const ARRIVAL_SKEW_MS = 5 * 60_000;
const EVICT_EVERY_MS = 60_000;

/** A visit as ClickHouse's rows tell it, to continue it after a restart or a rebalance. */
export interface RecoveredVisit {
  site: string;
  saltDay: string;
  /** 16 hex digits. */
  visitor: string;
  /** UInt64 in decimal. */
  sessionId: string;
  day: string;
  lastTs: number;
  pageviews: number;
  channel: Channel;
  channelHost: string;
  eventIds: readonly string[];
  /** Receipt time of each form's first start in the visit. */
  formStarts?: ReadonlyMap<string, number>;
}

/**
 * The open visits of one Kafka partition (a visitor's records all land on one partition). State is only ever
 * derived from records in offset order starting at `fromOffset`, plus what ClickHouse holds for offsets below it,
 * so a restart or a rebalance reproduces exactly the state the previous owner had. Assumption: along a partition,
 * receipt times never run backwards by more than ARRIVAL_SKEW_MS (they are the collectors' clocks at arrival).
 */
export class PartitionSessions {
  private readonly store = new VisitStore();
  private watermark = 0;
  private lastEviction = 0;
  /** Blocks committed so far: a draft begun before the latest commit is stale. */
  private commits = 0;
  /** Whether the visits open before `fromOffset` have been read back from ClickHouse. */
  recovered = false;

  constructor(readonly fromOffset: string) {}

  /**
   * Visits that started before `fromOffset` and may continue: only ClickHouse knows them. Loaded once, before the
   * first record is processed.
   */
  addRecovered(found: readonly RecoveredVisit[]): void {
    for (const r of found) {
      const v = new Visit(r.site, r.saltDay, r.visitor, this.store);
      v.begin(uint64Parts(r.sessionId), r.day, r.lastTs, r.channel, r.channelHost);
      v.pageviews = r.pageviews;
      for (const [form, at] of r.formStarts ?? []) v.startForm(form, at);
      this.store.addIfAbsent(v, r.eventIds);
    }
    this.recovered = true;
  }

  begin(): SessionDraft {
    const at = this.commits;
    return new SessionDraft(
      this.store,
      () => this.commits === at,
      (visits, maxTs) => this.apply(visits, maxTs),
    );
  }

  get size(): number {
    return this.store.size;
  }

  /** Every open visit as plain data, keyed `site|saltDay|visitor`. */
  snapshot(): Map<string, VisitSnapshot> {
    return this.store.snapshot();
  }

  /** Bytes of the packed state (see `VisitStore.bytes`). */
  get bytes(): number {
    return this.store.bytes;
  }

  private apply(visits: Iterable<Visit>, maxTs: number): void {
    this.commits++;
    for (const v of visits) this.store.write(v);
    this.watermark = Math.max(this.watermark, maxTs);
    if (this.watermark - this.lastEviction < EVICT_EVERY_MS) return;
    this.lastEviction = this.watermark;
    // A visit idle for longer than this can never be continued by a record yet to come.
    this.store.evictIdleBefore(this.watermark - SESSION_IDLE_MS - ARRIVAL_SKEW_MS);
  }
}

const STALE = 'a session draft was used after a later draft of its partition was committed';

/**
 * Changes of one block; applied to the partition's state only once the block is stored (`commit`). A visit the
 * block touches is copied out of the partition's state on first use (its stored event ids are only read), so
 * nothing the block does is seen by the partition before `commit`.
 */
export class SessionDraft {
  /** By visitor hash; visits of the same hash under another site or salt day follow through `next`. */
  private readonly visits = new Map<string, Visit>();
  private maxTs = 0;

  constructor(
    private readonly store: VisitStore,
    private readonly current: () => boolean,
    private readonly onCommit: (visits: Iterable<Visit>, maxTs: number) => void,
  ) {}

  /** The key's open visit as this block sees it. */
  get(site: string, saltDay: string, visitor: string): Visit | undefined {
    const first = this.visits.get(visitor);
    for (let v = first; v !== undefined; v = v.next) if (v.site === site && v.saltDay === saltDay) return v;
    if (!this.current()) throw new Error(STALE);
    const slot = this.store.find(site, saltDay, visitor);
    if (slot < 0) return undefined;
    const v = this.track(new Visit(site, saltDay, visitor, this.store), first);
    this.store.read(slot, v);
    return v;
  }

  /** A visit for a key that `get` found none for; the caller begins it. */
  add(site: string, saltDay: string, visitor: string): Visit {
    return this.track(new Visit(site, saltDay, visitor, this.store), this.visits.get(visitor));
  }

  /** Notes the visit's latest receipt time: idle visits are evicted by the latest time committed. */
  touched(v: Visit): void {
    if (v.lastTs > this.maxTs) this.maxTs = v.lastTs;
  }

  commit(): void {
    if (!this.current()) throw new Error(STALE);
    this.onCommit(this.all(), this.maxTs);
  }

  private track(v: Visit, first: Visit | undefined): Visit {
    v.next = first;
    this.visits.set(v.visitor, v);
    return v;
  }

  private *all(): Generator<Visit> {
    for (const first of this.visits.values()) for (let v: Visit | undefined = first; v; v = v.next) yield v;
  }
}
