/*
 * The calendar month a statutory report covers. Its days are calendar days in the report time zone (the warehouse's
 * `day`), so its instants in UTC run from local midnight of the first day to the last millisecond before local
 * midnight of the next month — what the SDG transmission's reference period states (Annex II (c): ISO 8601, UTC).
 */
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { localMidnightUtc } from '../reports/buckets.ts';
import { reportDay } from '../routes/params.schema.ts';
import { DAY_SETTLED_MS } from '../warehouse-cache.ts';

export const monthParam = z
  .string()
  .regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'must be a calendar month from 2000-01 to 2099-12 (YYYY-MM)')
  .describe('Calendar month (YYYY-MM), Europe/Berlin; default the last month that has ended');

export interface ReportMonth {
  /** `2026-11` */
  label: string;
  /** First and last calendar day, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** ISO 8601 UTC instants of its start and of its last second. */
  startUtc: string;
  endUtc: string;
  /** Whether its last events are stored for good (its last day ended, and the processor had time to store it). */
  closed: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

export function reportMonth(label: string, now: Date): ReportMonth {
  const [year, month] = label.split('-').map(Number) as [number, number];
  const from = `${label}-01`;
  const to = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  const end = localMidnightUtc(next);
  return {
    label,
    from,
    to,
    startUtc: isoSeconds(localMidnightUtc(from)),
    endUtc: isoSeconds(end - 1000),
    closed: now.getTime() >= end + DAY_SETTLED_MS,
  };
}

/** The month that ended last (in the report time zone), as a label. */
export function lastEndedMonth(now: Date): string {
  const [year, month] = reportDay(now).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`;
}

/** The requested month, or the last ended one; a month that has not begun is refused. */
export function requestedMonth(label: string | undefined, now: Date): ReportMonth {
  const month = reportMonth(label ?? lastEndedMonth(now), now);
  if (month.from > reportDay(now)) throw new ApiError('API_MONTH_NOT_BEGUN', { month: month.label });
  return month;
}
