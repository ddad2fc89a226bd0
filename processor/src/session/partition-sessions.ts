import type { Channel } from '@godonu/warehouse';

/** A visit ends after 30 minutes without an event (and at local midnight: a visit belongs to one report day). */
export const SESSION_IDLE_MS = 30 * 60_000;
/**
 * How far receipt times may run backwards along a partition's offsets (several collectors, network delays).
 * It widens the window in which visits must be recovered after a restart and delays eviction.
 */
export const ARRIVAL_SKEW_MS = 5 * 60_000;
const EVICT_EVERY_MS = 60_000;

export interface SessionState {
  sessionId: string;
  /** Report day of the visit. */
  day: string;
  /** Latest receipt time seen in the visit. */
  lastTs: number;
  pageviews: number;
  /** Event ids seen in the visit: a client retry of the same event is a duplicate. */
  ids: Set<string>;
  channel: Channel;
  channelHost: string;
  /**
   * Receipt time of the visit's first form_start, per form name: time to complete is measured from it. Absent
   * until a form starts: most visits start none, and every open visit is held for 35 minutes.
   */
  formStarts?: Map<string, number>;
}

export const sessionKey = (site: string, saltDay: string, visitor: string) => `${site}|${saltDay}|${visitor}`;

const clone = (s: SessionState): SessionState => ({
  ...s,
  ids: new Set(s.ids),
  formStarts: s.formStarts && new Map(s.formStarts),
});

/**
 * The open visits of one Kafka partition (a visitor's records all land on one partition). State is only ever
 * derived from records in offset order starting at `fromOffset`, plus what ClickHouse holds for offsets below it,
 * so a restart or a rebalance reproduces exactly the state the previous owner had. Assumption: along a partition,
 * receipt times never run backwards by more than ARRIVAL_SKEW_MS (they are the collectors' clocks at arrival).
 */
export class PartitionSessions {
  private readonly states = new Map<string, SessionState>();
  private watermark = 0;
  private lastEviction = 0;
  /** Whether the visits open before `fromOffset` have been read back from ClickHouse. */
  recovered = false;

  constructor(readonly fromOffset: string) {}

  /**
   * Visits that started before `fromOffset` and may continue: only ClickHouse knows them. Loaded once, before the
   * first record is processed.
   */
  addRecovered(found: Map<string, SessionState>): void {
    for (const [key, state] of found) if (!this.states.has(key)) this.states.set(key, state);
    this.recovered = true;
  }

  begin(): SessionDraft {
    return new SessionDraft(this.states, (changed, maxTs) => this.apply(changed, maxTs));
  }

  get size(): number {
    return this.states.size;
  }

  private apply(changed: Map<string, SessionState>, maxTs: number): void {
    for (const [key, state] of changed) this.states.set(key, state);
    this.watermark = Math.max(this.watermark, maxTs);
    if (this.watermark - this.lastEviction < EVICT_EVERY_MS) return;
    this.lastEviction = this.watermark;
    // A visit idle for longer than this can never be continued by a record yet to come.
    const horizon = this.watermark - SESSION_IDLE_MS - ARRIVAL_SKEW_MS;
    for (const [key, state] of this.states) if (state.lastTs < horizon) this.states.delete(key);
  }
}

/** Changes of one block; applied to the partition's state only once the block is stored (`commit`). */
export class SessionDraft {
  private readonly changed = new Map<string, SessionState>();
  private maxTs = 0;

  constructor(
    private readonly base: ReadonlyMap<string, SessionState>,
    private readonly onCommit: (changed: Map<string, SessionState>, maxTs: number) => void,
  ) {}

  get(key: string): SessionState | undefined {
    const own = this.changed.get(key);
    if (own) return own;
    const committed = this.base.get(key);
    if (!committed) return undefined;
    const copy = clone(committed);
    this.changed.set(key, copy);
    return copy;
  }

  set(key: string, state: SessionState): void {
    this.changed.set(key, state);
    this.maxTs = Math.max(this.maxTs, state.lastTs);
  }

  commit(): void {
    this.onCommit(this.changed, this.maxTs);
  }
}
