import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { DAY_MS, dayStart, nextDay, utcDay } from './salt-day.ts';
import { SaltLedger } from './salt-ledger.ts';
import type { SaltLog } from './salt-log.ts';

/** Tomorrow's salt is agreed during the last hour of today, so that midnight needs no round trip. */
export const PREFETCH_MS = 60 * 60 * 1000;
const TICK_MS = 30_000;
const AGREE_TIMEOUT_MS = 10_000;

export interface Salt {
  day: string;
  key: Buffer;
}

/** Where the visitor hash gets its key: a synchronous lookup, so the request path never waits for Kafka. */
export interface SaltSource {
  current(site: string, now: number): Salt | undefined;
  /** Every site has today's salt. */
  ready(now: number): boolean;
}

/**
 * Keeps today's (and, in the last hour, tomorrow's) salt of every site agreed with the other replicas through
 * the salt log, and destroys a day's salts in memory the moment the day ends.
 */
export class SaltKeeper implements SaltSource {
  private readonly ledger = new SaltLedger();
  private readonly agreeing = new Map<string, Promise<void>>();
  private tick: NodeJS.Timeout | undefined;
  private midnight: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly opts: {
      log: SaltLog;
      sites: readonly string[];
      logger: Logger;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /** Reads the log, agrees on the salts needed now, and keeps doing so until `stop`. */
  async start(): Promise<void> {
    await this.opts.log.start((value, appendedAt) => {
      this.ledger.apply(value, appendedAt, utcDay(this.now()));
    });
    await this.maintain();
    this.tick = setInterval(() => void this.maintain(), TICK_MS);
    this.tick.unref();
    this.scheduleMidnight();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.tick);
    clearTimeout(this.midnight);
    await Promise.allSettled(this.agreeing.values());
    await this.opts.log.close();
    this.ledger.forgetBefore('9999-12-31');
  }

  current(site: string, now: number): Salt | undefined {
    const day = utcDay(now);
    const key = this.ledger.get(day, site);
    if (key) return { day, key };
    // Missed at midnight (e.g. Kafka was down): agree now, the client retries after its 503.
    if (!this.stopped) void this.agree(day, site).catch(() => undefined);
    return undefined;
  }

  ready(now: number): boolean {
    const day = utcDay(now);
    return this.opts.sites.every((site) => this.ledger.get(day, site) !== undefined);
  }

  /** Days whose salts are held in memory (for tests and operations). */
  heldDays(): string[] {
    return this.ledger.days();
  }

  /** Forgets past days, agrees on today's salts and, in the last hour of the day, tomorrow's. */
  async maintain(): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    const today = utcDay(now);
    const forgotten = this.ledger.forgetBefore(today);
    if (forgotten > 0) this.opts.logger.info({ day: today, forgotten }, 'destroyed the salts of past days');
    const days = now >= dayStart(today) + DAY_MS - PREFETCH_MS ? [today, nextDay(today)] : [today];
    const results = await Promise.allSettled(
      days.flatMap((day) => this.opts.sites.map((site) => this.agree(day, site))),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      this.opts.logger.warn(
        { err: (failed[0] as PromiseRejectedResult).reason, failed: failed.length },
        'could not agree on salts; retrying',
      );
    }
  }

  /** Proposes a fresh random salt unless one is agreed; the first proposal in the log wins. */
  private agree(day: string, site: string): Promise<void> {
    if (this.ledger.get(day, site)) return Promise.resolve();
    const key = `${day}|${site}`;
    let running = this.agreeing.get(key);
    if (!running) {
      running = (async () => {
        const offset = await this.opts.log.append({ v: 1, day, site, salt: randomBytes(32).toString('hex') });
        await this.opts.log.delivered(offset, AGREE_TIMEOUT_MS);
        if (!this.ledger.get(day, site)) {
          throw new Error(
            `salt proposal for ${site} on ${day} was not taken up (clock far off the broker's?)`,
          );
        }
      })().finally(() => this.agreeing.delete(key));
      this.agreeing.set(key, running);
    }
    return running;
  }

  private scheduleMidnight(): void {
    if (this.stopped) return;
    const now = this.now();
    const delay = dayStart(utcDay(now)) + DAY_MS - now;
    this.midnight = setTimeout(() => {
      void this.maintain();
      this.scheduleMidnight();
    }, delay + 1);
    this.midnight.unref();
  }
}
