/*
 * The periods in which other parties may read numbers, decided as the api decides them
 * (api/src/disclosure/published-period.ts): whole ISO weeks, months, quarters and years that ended before today in
 * Europe/Berlin. The choices start from the browser's clock; once the api has said which periods it counts as
 * closed (the `latestClosed` of a 400 API_PERIOD_NOT_PUBLISHED), they start from the api's word instead, so a
 * browser clock that runs ahead cannot keep offering a period the api refuses.
 */
import {
  CALENDAR_LEVELS,
  type CalendarLevel,
  type CalendarPeriod,
  containing,
  parseCalendarPeriod,
  previousCalendarPeriod,
} from '../../src/disclosure/calendar-period.ts';

export { CALENDAR_LEVELS, type CalendarLevel, type CalendarPeriod, parseCalendarPeriod };

/** The newest closed period of each level, as labels (`2025-W13`, `2025-02`, `2024-Q4`, `2024`). */
export type LatestClosed = Record<CalendarLevel, string>;

/** How many closed periods each level offers, newest first: a quarter of a year of weeks, a year of months, … */
export const CHOICES_PER_LEVEL: Record<CalendarLevel, number> = { week: 12, month: 12, quarter: 8, year: 3 };

/** The day of an instant in the api's report time zone. */
export function reportDay(now: Date): string {
  // en-CA writes days as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
}

export function latestClosedOn(day: string): LatestClosed {
  const out = {} as LatestClosed;
  for (const level of CALENDAR_LEVELS) out[level] = previousCalendarPeriod(containing(level, day)).label;
  return out;
}

/** `latestClosed` of the api's 400 details, or null when they do not have that shape. */
export function latestClosedOf(details: unknown): LatestClosed | null {
  const latest = (details as { latestClosed?: Record<string, unknown> } | null)?.latestClosed;
  if (!latest || typeof latest !== 'object') return null;
  const out = {} as LatestClosed;
  for (const level of CALENDAR_LEVELS) {
    const label = latest[level];
    if (typeof label !== 'string' || parseCalendarPeriod(label)?.level !== level) return null;
    out[level] = label;
  }
  return out;
}

/** The closed periods of one level that the dashboard offers, newest first. */
export function closedChoices(latest: LatestClosed, level: CalendarLevel): CalendarPeriod[] {
  const newest = parseCalendarPeriod(latest[level]);
  if (!newest) return [];
  const out = [newest];
  while (out.length < CHOICES_PER_LEVEL[level]) {
    const before = parseCalendarPeriod(previousCalendarPeriod(out[out.length - 1] as CalendarPeriod).label);
    if (!before) break;
    out.push(before);
  }
  return out;
}

/** The period a published view shows: the chosen one while it is offered, else the last closed month. */
export function chosenPeriod(label: string, latest: LatestClosed): CalendarPeriod {
  const p = parseCalendarPeriod(label);
  if (p && closedChoices(latest, p.level).some((c) => c.label === p.label)) return p;
  return parseCalendarPeriod(latest.month) as CalendarPeriod;
}

/** The only series buckets the api publishes for a period of this kind: its week, or its months. */
export function intervalOfLevel(level: CalendarLevel): 'week' | 'month' {
  return level === 'week' ? 'week' : 'month';
}

export function publishedInterval(p: CalendarPeriod): 'week' | 'month' {
  return intervalOfLevel(p.level);
}

/**
 * The months of a city's own statutory reports, newest first: the current month (its numbers so far) and the twelve
 * before it. The default is the last month that has ended, as the api's.
 */
export function ownReportMonths(today: string): { current: CalendarPeriod; months: CalendarPeriod[] } {
  const current = containing('month', today);
  const months = [current];
  while (months.length <= CHOICES_PER_LEVEL.month)
    months.push(previousCalendarPeriod(months[months.length - 1] as CalendarPeriod));
  return { current, months };
}
