/*
 * Which period an answer covers. The city itself and admins may ask for any range (`from`/`to`, or a `period`).
 * Every other view takes one whole calendar period that ended before today (Europe/Berlin, and its last events
 * stored): an open period or today would let a caller watch single citizens arrive, and free ranges would let two
 * overlapping answers be subtracted. Without any period parameter a published view covers the last closed month.
 */
import { ApiError } from '../errors.ts';
import { type Period, reportDay, resolvePeriod } from '../routes/params.schema.ts';
import { DAY_SETTLED_MS } from '../warehouse-cache.ts';
import {
  type CalendarPeriod,
  calendarPeriodOf,
  containing,
  parseCalendarPeriod,
  previousCalendarPeriod,
} from './calendar-period.ts';

export interface PeriodQuery {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface ResolvedPeriod {
  current: Period;
  previous: Period;
  /** Set when the period is a calendar period: every published answer has one. */
  calendar: CalendarPeriod | null;
  /** The calendar label of `previous`, when it is a calendar period. */
  previousLabel: string | null;
}

const plain = (p: CalendarPeriod): Period => ({ from: p.from, to: p.to, days: p.days });

/** The calendar period named by `period`, checked against `from`/`to` if those are given too. */
export function requestedCalendarPeriod(q: PeriodQuery): CalendarPeriod | null {
  if (q.period !== undefined) return parseCalendarPeriod(q.period);
  if (q.from !== undefined && q.to !== undefined) return calendarPeriodOf(q.from, q.to);
  return null;
}

export function resolveOwnPeriod(q: PeriodQuery, now: Date): ResolvedPeriod {
  const calendar = requestedCalendarPeriod(q);
  if (q.period !== undefined && calendar) return ofCalendar(calendar);
  return { ...resolvePeriod(q, now), calendar, previousLabel: null };
}

function ofCalendar(calendar: CalendarPeriod): ResolvedPeriod & { calendar: CalendarPeriod } {
  const previous = previousCalendarPeriod(calendar);
  return { current: plain(calendar), previous: plain(previous), calendar, previousLabel: previous.label };
}

/**
 * The first day that is not yet final: today, or yesterday in the first minutes after midnight while the
 * processor may still be storing yesterday's last events (a published number must never change afterwards).
 */
function firstOpenDay(now: Date): string {
  return reportDay(new Date(now.getTime() - DAY_SETTLED_MS));
}

/** The latest closed period of each level, for the 400's details and the dashboard's choices. */
export function latestClosed(now: Date): Record<CalendarPeriod['level'], string> {
  const today = firstOpenDay(now);
  const closedBefore = (level: CalendarPeriod['level']) => {
    const current = containing(level, today);
    return previousCalendarPeriod(current).label;
  };
  return {
    week: closedBefore('week'),
    month: closedBefore('month'),
    quarter: closedBefore('quarter'),
    year: closedBefore('year'),
  };
}

export function resolvePublishedPeriod(
  q: PeriodQuery,
  now: Date,
): ResolvedPeriod & { calendar: CalendarPeriod } {
  const noPeriod = q.period === undefined && q.from === undefined && q.to === undefined;
  const calendar = noPeriod ? parseCalendarPeriod(latestClosed(now).month) : requestedCalendarPeriod(q);
  if (!calendar || calendar.to >= firstOpenDay(now)) {
    throw new ApiError('API_PERIOD_NOT_PUBLISHED', {
      requested: { period: q.period ?? null, from: q.from ?? null, to: q.to ?? null },
      latestClosed: latestClosed(now),
    });
  }
  return ofCalendar(calendar);
}
