/*
 * Data quality per city and day, for admins (exact, never through the disclosure layer): stored events, dropped
 * events by reason and their share, dead letters by reason, refused requests by error code, and the processor's
 * lag. Every configured city has a row for every day of the period, so a city whose embed broke shows as a day
 * with 0 accepted events rather than as a missing row. Counts the collector could not attribute to a city are
 * one row per day with the city ''.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { QualityRow } from '../queries/quality.query.ts';
import { addDays, type Period } from '../routes/params.schema.ts';

/** Above this share of dropped events a day is marked "check the embed". */
export const DROPPED_SHARE_LIMIT = 0.5;
export const QUALITY_CHECKS = ['accepted_fell_to_zero', 'dropped_over_half'] as const;

const byReason = z
  .record(z.string(), z.number().int().nonnegative())
  .describe(
    'Count per reason (drop reason, dead-letter reason or error code); reasons without a count are left out',
  );

const qualityDay = z.object({
  city: z.string().describe("City key; '' for counts the collector could attribute to no configured city"),
  cityName: z.string(),
  day: z.string().describe('Report day (Europe/Berlin)'),
  accepted: z.number().int().nonnegative().describe('Events stored'),
  dropped: z.number().int().nonnegative().describe('Events dropped on purpose (collector and processor)'),
  droppedByReason: byReason,
  droppedShare: z
    .number()
    .nullable()
    .describe('dropped / (accepted + dropped), 0–1; null on a day without events'),
  deadLetters: z.number().int().nonnegative().describe('Records the processor could not store'),
  deadLettersByReason: byReason,
  refused: z
    .number()
    .int()
    .nonnegative()
    .describe('Requests the collector refused (rate limits, unknown sites, …)'),
  refusedByCode: byReason,
  lagMeanSeconds: z
    .number()
    .nullable()
    .describe('Mean time from the collector’s receipt to the insert, of the stored events; null without any'),
  lagMaxSeconds: z.number().nullable(),
  check: z
    .enum(QUALITY_CHECKS)
    .nullable()
    .describe(
      'accepted_fell_to_zero: no event stored after a day of the period with events; dropped_over_half: more than half the events dropped',
    ),
});
export type QualityDay = z.infer<typeof qualityDay>;

export const qualityReport = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(qualityDay).describe('Per city (configured order, then unattributed) and day, oldest first'),
});
export type QualityReport = z.infer<typeof qualityReport>;

function emptyDay(city: string, cityName: string, day: string): QualityDay {
  return {
    city,
    cityName,
    day,
    accepted: 0,
    dropped: 0,
    droppedByReason: {},
    droppedShare: null,
    deadLetters: 0,
    deadLettersByReason: {},
    refused: 0,
    refusedByCode: {},
    lagMeanSeconds: null,
    lagMaxSeconds: null,
    check: null,
  };
}

/** Seconds to the millisecond. */
const seconds = (ms: number) => Math.round(ms) / 1000;

export function buildQualityReport(p: {
  period: Period;
  cities: readonly CityConfig[];
  rows: readonly QualityRow[];
}): QualityReport {
  const days: string[] = [];
  for (let d = p.period.from; d <= p.period.to; d = addDays(d, 1)) days.push(d);
  const names = new Map(p.cities.map((c) => [c.key, c.name]));
  const cells = new Map<string, QualityDay>();
  const lag = new Map<string, { sum: number; n: number; max: number }>();
  const cell = (site: string, day: string) => {
    const key = `${site}\n${day}`;
    let c = cells.get(key);
    if (!c) {
      c = emptyDay(site, names.get(site) ?? '', day);
      cells.set(key, c);
    }
    return c;
  };
  for (const c of p.cities) for (const day of days) cell(c.key, day);
  for (const r of p.rows) {
    // A site no longer configured is shown under its key: its counts are still the operator's concern.
    const c = cell(r.site, r.day);
    if (r.kind === 'accepted') {
      c.accepted += r.count;
      const l = lag.get(`${r.site}\n${r.day}`) ?? { sum: 0, n: 0, max: 0 };
      l.sum += r.lag_ms_sum;
      l.n += r.count;
      l.max = Math.max(l.max, r.lag_ms_max);
      lag.set(`${r.site}\n${r.day}`, l);
    } else if (r.kind === 'dropped') {
      c.dropped += r.count;
      c.droppedByReason[r.reason] = (c.droppedByReason[r.reason] ?? 0) + r.count;
    } else if (r.kind === 'dead_letter') {
      c.deadLetters += r.count;
      c.deadLettersByReason[r.reason] = (c.deadLettersByReason[r.reason] ?? 0) + r.count;
    } else {
      c.refused += r.count;
      c.refusedByCode[r.reason] = (c.refusedByCode[r.reason] ?? 0) + r.count;
    }
  }
  for (const [key, l] of lag) {
    const c = cells.get(key) as QualityDay;
    if (l.n > 0) {
      c.lagMeanSeconds = seconds(l.sum / l.n);
      c.lagMaxSeconds = seconds(l.max);
    }
  }
  const order = new Map(p.cities.map((c, i) => [c.key, i]));
  const sorted = [...cells.values()].sort(
    (a, b) =>
      (order.get(a.city) ?? order.size) - (order.get(b.city) ?? order.size) ||
      a.city.localeCompare(b.city) ||
      a.day.localeCompare(b.day),
  );
  const seenEvents = new Set<string>();
  for (const c of sorted) {
    const events = c.accepted + c.dropped;
    c.droppedShare = events === 0 ? null : c.dropped / events;
    if (c.city !== '') {
      if (c.accepted === 0 && seenEvents.has(c.city)) c.check = 'accepted_fell_to_zero';
      else if (c.droppedShare !== null && c.droppedShare > DROPPED_SHARE_LIMIT) c.check = 'dropped_over_half';
      if (c.accepted > 0) seenEvents.add(c.city);
    }
  }
  return { from: p.period.from, to: p.period.to, days: sorted };
}
