/*
 * The buckets of a time series. A published series may only have whole calendar periods as buckets (the months of a
 * quarter, the one week of a week): a bucket is then the same cell, with the same noise, as that period asked for
 * on its own, and a day still lies in at most four cells per quantity.
 */
import { ApiError } from '../errors.ts';
import { bucketsFor } from '../reports/buckets.ts';
import type { Interval, Period } from '../routes/params.schema.ts';
import { type CalendarPeriod, subPeriods } from './calendar-period.ts';

export interface Bucket {
  /** The label the queries group by: the bucket's first day (or UTC hour). */
  bucket: string;
  /** The calendar period the bucket is, for a published series. */
  calendar: string | null;
}

export function ownBuckets(p: Period, interval: Interval): Bucket[] {
  return bucketsFor(p, interval).map((bucket) => ({ bucket, calendar: null }));
}

/** The interval a published series uses when none is asked for. */
export function publishedInterval(p: CalendarPeriod): 'week' | 'month' {
  return p.level === 'week' ? 'week' : 'month';
}

export function publishedBuckets(p: CalendarPeriod, interval: Interval): Bucket[] {
  const cells = interval === 'week' || interval === 'month' ? subPeriods(p, interval) : null;
  if (!cells) throw new ApiError('API_INTERVAL_NOT_PUBLISHED', { period: p.label, interval });
  return cells.map((c) => ({ bucket: c.from, calendar: c.label }));
}
