import type { EventMessage } from '../ingest/to-record.ts';

export type SinkRefusal = 'buffer_full' | 'timeout' | 'shutting_down' | 'kafka_error';

export class SinkError extends Error {
  constructor(
    readonly reason: SinkRefusal,
    options?: { cause?: unknown },
  ) {
    super(`events not acknowledged: ${reason}`, options);
    this.name = 'SinkError';
  }
}

export interface GroupCommitOptions {
  /** Writes one group; resolves when Kafka acknowledged all of it. */
  send: (messages: EventMessage[]) => Promise<void>;
  /** How long an idle sink waits for more requests before it writes the first one. */
  lingerMs: number;
  /**
   * Writes in flight at once (each on its own idempotent producer). More than one lets a request that arrives
   * during a write go out at once instead of waiting for that write's round trip.
   */
  maxInFlight?: number;
  /** Upper bound of one write (UTF-16 length of values and keys, close to bytes for our ASCII-heavy JSON). */
  maxBytes: number;
  /** Events queued or in flight beyond which `publish` refuses at once. */
  maxEvents: number;
  /** How long a request may wait for its acknowledgement before `publish` rejects. */
  timeoutMs: number;
  onWrite?: (stats: { events: number; requests: number; seconds: number; ok: boolean }) => void;
}

interface Pending {
  messages: EventMessage[];
  bytes: number;
  /** When the request is answered 503 if Kafka has not acknowledged it by then (`performance.now()` ms). */
  deadline: number;
  state: 'queued' | 'writing' | 'settled';
  resolve: () => void;
  reject: (err: SinkError) => void;
}

const NO_MESSAGES: EventMessage[] = [];

/**
 * Group commit: concurrent requests share one produce call. Up to `maxInFlight` writes run at once; requests
 * that arrive while every slot is busy queue up and go out together in the next write, so throughput grows
 * with concurrency at the latency of one round trip. `publish` resolves only after Kafka's acknowledgement of
 * the write that carried the request, and rejects (never resolves) when the buffer is full, the deadline
 * passes, or the sink is closing. A request that timed out while its write was in flight may still land in
 * Kafka: the client retries it with the same event ids, which downstream de-duplication absorbs. A 202 is
 * therefore always true; a 503 may be pessimistic.
 */
export class GroupCommit {
  /** Requests not yet written, oldest first. */
  private queue: Pending[] = [];
  /**
   * Every request not yet answered, in arrival order, which is deadline order: one timer for the oldest deadline
   * replaces a timer per request. Answered requests leave from the front (`advance`).
   */
  private waiting: Pending[] = [];
  private waitingHead = 0;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly maxInFlight: number;
  private queuedEvents = 0;
  private inFlightEvents = 0;
  private writes = 0;
  private scheduled = false;
  private closing = false;
  private drained: (() => void) | undefined;

  constructor(private readonly opts: GroupCommitOptions) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? 1);
  }

  /** Events waiting for Kafka: queued plus in flight. */
  get depth(): number {
    return this.queuedEvents + this.inFlightEvents;
  }

  publish(messages: EventMessage[]): Promise<void> {
    if (this.closing) return Promise.reject(new SinkError('shutting_down'));
    if (messages.length === 0) return Promise.resolve();
    if (this.depth + messages.length > this.opts.maxEvents)
      return Promise.reject(new SinkError('buffer_full'));
    return new Promise<void>((resolve, reject) => {
      let bytes = 0;
      for (const m of messages) bytes += m.value.length + m.key.length;
      const pending: Pending = {
        messages,
        bytes,
        deadline: performance.now() + this.opts.timeoutMs,
        state: 'queued',
        resolve,
        reject,
      };
      this.queue.push(pending);
      this.waiting.push(pending);
      this.queuedEvents += messages.length;
      this.deadlineTimer ??= setTimeout(() => this.expire(), this.opts.timeoutMs);
      this.schedule();
    });
  }

  /** Stops accepting, then waits for queued requests to be written or to time out. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.queue.length === 0 && this.writes === 0 && !this.scheduled) return;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
    });
  }

  /** Answers 503 to every request whose deadline passed; a queued one is then never written. */
  private expire(): void {
    this.deadlineTimer = undefined;
    const now = performance.now();
    let dequeued = false;
    for (; this.waitingHead < this.waiting.length; this.waitingHead++) {
      const p = this.waiting[this.waitingHead] as Pending;
      if (p.state === 'settled') continue;
      if (p.deadline > now) break;
      if (p.state === 'queued') {
        this.queuedEvents -= p.messages.length;
        dequeued = true;
      }
      settle(p, new SinkError('timeout'));
    }
    if (dequeued) this.queue = this.queue.filter((p) => p.state === 'queued');
    this.advance();
    this.checkDrained();
  }

  /** Drops answered requests from the front of `waiting` and times the oldest deadline left. */
  private advance(): void {
    const waiting = this.waiting;
    while (this.waitingHead < waiting.length && (waiting[this.waitingHead] as Pending).state === 'settled')
      this.waitingHead += 1;
    if (this.waitingHead === waiting.length) {
      this.waiting = [];
      this.waitingHead = 0;
      clearTimeout(this.deadlineTimer);
      this.deadlineTimer = undefined;
      return;
    }
    // Amortised: the array is shifted once its answered front is as long as the rest.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > waiting.length) {
      waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    if (!this.deadlineTimer) {
      const oldest = waiting[this.waitingHead] as Pending;
      this.deadlineTimer = setTimeout(() => this.expire(), Math.max(0, oldest.deadline - performance.now()));
    }
  }

  /**
   * An idle sink lingers so that the first request is joined by its neighbours; a busy one only yields once, so
   * that every request parsed in the same turn of the event loop shares the write.
   */
  private schedule(afterWrite = false): void {
    if (this.scheduled || this.writes >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      while (this.writes < this.maxInFlight && this.queue.length > 0) void this.write(this.takeGroup());
      this.checkDrained();
    };
    if (!afterWrite && this.writes === 0 && this.opts.lingerMs > 0) setTimeout(go, this.opts.lingerMs);
    else setImmediate(go);
  }

  private async write(group: Pending[]): Promise<void> {
    const messages = group.length === 1 ? (group[0] as Pending).messages : group.flatMap((p) => p.messages);
    for (const p of group) p.state = 'writing';
    this.writes += 1;
    this.queuedEvents -= messages.length;
    this.inFlightEvents += messages.length;
    const started = performance.now();
    let ok = true;
    try {
      await this.opts.send(messages);
      for (const p of group) settle(p, undefined);
    } catch (err) {
      ok = false;
      for (const p of group) settle(p, new SinkError('kafka_error', { cause: err }));
    } finally {
      this.inFlightEvents -= messages.length;
      this.writes -= 1;
    }
    this.opts.onWrite?.({
      events: messages.length,
      requests: group.length,
      seconds: (performance.now() - started) / 1000,
      ok,
    });
    this.advance();
    this.schedule(true);
    this.checkDrained();
  }

  private checkDrained(): void {
    if (this.drained && this.queue.length === 0 && this.writes === 0 && !this.scheduled) this.drained();
  }

  /** Oldest requests first, as many as fit the byte budget (always at least one). */
  private takeGroup(): Pending[] {
    let bytes = 0;
    let count = 0;
    for (const p of this.queue) {
      if (count > 0 && bytes + p.bytes > this.opts.maxBytes) break;
      bytes += p.bytes;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}

/** Answers a request once, and lets go of its messages: it may stay in `waiting` until those before it are answered. */
function settle(p: Pending, err: SinkError | undefined): void {
  if (p.state === 'settled') return;
  p.state = 'settled';
  p.messages = NO_MESSAGES;
  if (err) p.reject(err);
  else p.resolve();
}
