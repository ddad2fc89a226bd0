import { localMidnightUtc as localMidnightIn } from '@godonu/contract';
import { REPORT_TIME_ZONE } from '../queries/tables.ts';
import type { Interval } from '../routes/params.schema.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The UTC instant of local midnight starting `day` in the report time zone. */
export function localMidnightUtc(day: string, timeZone = REPORT_TIME_ZONE): number {
  return localMidnightIn(day, timeZone);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function bucketOfDay(day: string, interval: Exclude<Interval, 'hour'>): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const ms = Date.parse(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return isoDay(ms - weekday * DAY_MS);
}

/**
 * Every bucket label of a period, in the format the queries return, so that empty buckets are reported as zero
 * instead of missing. Weeks start on Monday (ISO), so the first week may begin before `from`.
 */
export function bucketsFor(p: { from: string; to: string }, interval: Interval): string[] {
  if (interval === 'hour') {
    const out: string[] = [];
    const end = localMidnightUtc(isoDay(Date.parse(p.to) + DAY_MS));
    for (let t = localMidnightUtc(p.from); t < end; t += HOUR_MS)
      out.push(`${new Date(t).toISOString().slice(0, 13)}:00:00Z`);
    return out;
  }
  const out = new Set<string>();
  for (let t = Date.parse(p.from); t <= Date.parse(p.to); t += DAY_MS)
    out.add(bucketOfDay(isoDay(t), interval));
  return [...out];
}
