import type { QualityTally as TallyRecord } from '@godonu/contract';
import type { Logger } from 'pino';
import type { QualityTally } from './quality-tally.ts';

/** Resolves once Kafka acknowledged every record (all in-sync replicas). */
export type SendTallies = (records: TallyRecord[]) => Promise<void>;

export interface QualityFlusherDeps {
  tally: QualityTally;
  send: SendTallies;
  intervalMs: number;
  logger: Logger;
}

/**
 * Sends the tally's counts every `intervalMs` and once more on shutdown. Records Kafka did not acknowledge are
 * kept, ids unchanged, and sent again with the next flush: the warehouse counts a record sent twice once.
 */
export class QualityFlusher {
  private unsent: TallyRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: QualityFlusherDeps) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.deps.intervalMs);
    // A tally never keeps the process alive: shutdown flushes it explicitly.
    this.timer.unref();
  }

  /** One flush at a time; a flush requested while one runs waits for it and then sends what came since. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.sendPending().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer and sends what is left. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.unsent.length > 0)
      this.deps.logger.warn({ tallies: this.unsent.length }, 'quality tallies not sent before shutdown');
  }

  /** Tallies waiting to be sent again. */
  get pending(): number {
    return this.unsent.length;
  }

  private async sendPending(): Promise<void> {
    const records = [...this.unsent, ...this.deps.tally.take()];
    if (records.length === 0) return;
    try {
      await this.deps.send(records);
      this.unsent = [];
    } catch (err) {
      this.unsent = records;
      this.deps.logger.warn(
        { err, tallies: records.length },
        'quality tallies not sent; retrying with the next flush',
      );
    }
  }
}
