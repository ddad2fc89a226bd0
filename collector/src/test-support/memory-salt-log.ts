import type { SaltRecord } from '../salt/salt-ledger.ts';
import type { SaltLog } from '../salt/salt-log.ts';

/**
 * One shared in-memory log and a reader per replica, like the Kafka topic: a total order, delivery in order,
 * append times from the log's clock. `pause()` holds deliveries back so that tests can make replicas race.
 */
export class MemoryLogStore {
  readonly entries: { value: unknown; appendedAt: number }[] = [];
  private readonly readers = new Set<MemorySaltLog>();
  private paused = false;
  constructor(readonly clock: () => number) {}

  append(value: unknown): number {
    this.entries.push({ value, appendedAt: this.clock() });
    if (!this.paused) this.deliverAll();
    return this.entries.length - 1;
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    this.deliverAll();
  }
  reader(): MemorySaltLog {
    const log = new MemorySaltLog(this);
    this.readers.add(log);
    return log;
  }
  detach(log: MemorySaltLog): void {
    this.readers.delete(log);
  }
  private deliverAll(): void {
    for (const r of this.readers) r.deliver();
  }
}

export class MemorySaltLog implements SaltLog {
  private onRecord: ((value: unknown, appendedAt: number) => void) | undefined;
  private next = 0;
  private readonly waiters: { offset: number; resolve: () => void }[] = [];
  /** Makes `append` fail, like a broker that is down. */
  down = false;
  constructor(private readonly store: MemoryLogStore) {}

  async start(onRecord: (value: unknown, appendedAt: number) => void): Promise<void> {
    this.onRecord = onRecord;
    this.deliver();
  }
  async append(record: SaltRecord): Promise<number> {
    if (this.down) throw new Error('salt log unreachable');
    return this.store.append(record);
  }
  delivered(offset: number): Promise<void> {
    if (this.next > offset) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ offset, resolve }));
  }
  async close(): Promise<void> {
    this.store.detach(this);
  }
  deliver(): void {
    if (!this.onRecord) return;
    while (this.next < this.store.entries.length) {
      const e = this.store.entries[this.next] as { value: unknown; appendedAt: number };
      this.next += 1;
      this.onRecord(e.value, e.appendedAt);
    }
    for (const w of this.waiters.splice(0)) {
      if (this.next > w.offset) w.resolve();
      else this.waiters.push(w);
    }
  }
}
