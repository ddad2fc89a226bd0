import { z } from 'zod';
import { siteKey } from './events.schema.ts';
import { CONTRACT_VERSION } from './limits.ts';

const HOUR_MS = 3_600_000;

/**
 * What a collector counted besides the events it stored: `dropped` events (bots, opt-out, invalid) and `refused`
 * requests (rate limits, unknown sites, origins not allowed, …), per site and UTC hour. The processor dates it by
 * the hour in the report time zone, whose offsets are whole hours. Counts only: no IP, no user agent, no URL.
 */
export const qualityTally = z
  .object({
    v: z.literal(CONTRACT_VERSION),
    /** Unique per tally; a tally sent again keeps its id, so the warehouse counts it once. */
    id: z.uuid(),
    /** '' when the collector could not attribute the count to a configured site. */
    site: z.union([siteKey, z.literal('')]),
    /** Start of the UTC hour counted (epoch ms). */
    hour: z
      .number()
      .int()
      .nonnegative()
      .refine((ms) => ms % HOUR_MS === 0, 'hour must start a UTC hour'),
    kind: z.enum(['dropped', 'refused']),
    /** A drop reason or an error code: a short identifier from the collector's own lists. */
    reason: z.string().regex(/^[A-Za-z0-9_]{1,64}$/),
    count: z.number().int().positive(),
  })
  .strict();

export type QualityTally = z.infer<typeof qualityTally>;

/** The UTC hour a time falls in (epoch ms of its start). */
export const utcHourOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
