import { siteKey } from '@godonu/contract';
import { z } from 'zod';
import { DAY_MS, dayStart } from './salt-day.ts';

/** 256 random bits, hex. */
export const saltRecord = z
  .object({
    v: z.literal(1),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    site: siteKey,
    salt: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type SaltRecord = z.infer<typeof saltRecord>;

/**
 * A proposal for day D counts only if the log (the broker's clock, LogAppendTime) stamped it no earlier than
 * this before D began: replicas propose tomorrow's salt in the last hour of today, and a skewed replica cannot
 * plant a salt that would outlive the 48-hour bound.
 */
export const PROPOSAL_LEAD_MS = 2 * 60 * 60 * 1000;

/**
 * The agreed salts, derived from the salt log alone: for each (day, site) the FIRST valid proposal in log order
 * wins. Every replica reads the same single-partition log in the same order, so every replica picks the same
 * salt without any further coordination, however many proposed at the same moment.
 */
export class SaltLedger {
  private readonly salts = new Map<string, Buffer>();

  /**
   * Applies one log record; returns true when it became the day's salt. Days before `today` are never taken
   * up again, even while their records wait in the log for deletion.
   */
  apply(value: unknown, appendedAt: number, today: string): boolean {
    const parsed = saltRecord.safeParse(value);
    if (!parsed.success) return false;
    const { day, site, salt } = parsed.data;
    if (day < today) return false;
    const start = dayStart(day);
    if (Number.isNaN(start) || appendedAt < start - PROPOSAL_LEAD_MS || appendedAt >= start + DAY_MS)
      return false;
    const key = `${day}|${site}`;
    if (this.salts.has(key)) return false;
    this.salts.set(key, Buffer.from(salt, 'hex'));
    return true;
  }

  get(day: string, site: string): Buffer | undefined {
    return this.salts.get(`${day}|${site}`);
  }

  /** Destroys every salt of a day before `day`: from then on their visitor ids cannot be recomputed here. */
  forgetBefore(day: string): number {
    let forgotten = 0;
    for (const [key, salt] of this.salts) {
      if ((key.split('|')[0] as string) < day) {
        salt.fill(0);
        this.salts.delete(key);
        forgotten += 1;
      }
    }
    return forgotten;
  }

  /** Days held, for tests and metrics. */
  days(): string[] {
    return [...new Set([...this.salts.keys()].map((k) => k.split('|')[0] as string))].sort();
  }
}
