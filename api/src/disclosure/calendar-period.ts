/*
 * The only periods another party may read: whole calendar periods of a fixed hierarchy (ISO week, month, quarter,
 * year). A day lies in exactly one cell of each level, so it is counted in at most four published cells per
 * quantity; overlapping free ranges (1–5 Dec against 1–6 Dec) would let a difference isolate one day.
 */
export const CALENDAR_LEVELS = ['week', 'month', 'quarter', 'year'] as const;
export type CalendarLevel = (typeof CALENDAR_LEVELS)[number];

export interface CalendarPeriod {
  level: CalendarLevel;
  /** `2026-W47`, `2026-11`, `2026-Q4`, `2026`: also the period's part of every cell identity. */
  label: string;
  from: string;
  to: string;
  days: number;
}

/** What a 400 says when another form is sent. */
export const CALENDAR_FORMS =
  'an ISO week (2026-W47), a month (2026-11), a quarter (2026-Q4) or a year (2026), closed before today';

const DAY_MS = 86_400_000;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

function span(level: CalendarLevel, label: string, fromMs: number, toMs: number): CalendarPeriod {
  return { level, label, from: iso(fromMs), to: iso(toMs), days: Math.round((toMs - fromMs) / DAY_MS) + 1 };
}

/** Monday of ISO week 1: the week holding the year's first Thursday. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

function isoWeeksIn(year: number): number {
  return Math.round((isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / (7 * DAY_MS));
}

export function weekPeriod(year: number, week: number): CalendarPeriod {
  const monday = isoWeekOneMonday(year) + (week - 1) * 7 * DAY_MS;
  return span('week', `${year}-W${pad(week)}`, monday, monday + 6 * DAY_MS);
}

export function monthPeriod(year: number, month: number): CalendarPeriod {
  return span('month', `${year}-${pad(month)}`, Date.UTC(year, month - 1, 1), Date.UTC(year, month, 0));
}

export function quarterPeriod(year: number, quarter: number): CalendarPeriod {
  const first = (quarter - 1) * 3;
  return span('quarter', `${year}-Q${quarter}`, Date.UTC(year, first, 1), Date.UTC(year, first + 3, 0));
}

export function yearPeriod(year: number): CalendarPeriod {
  return span('year', String(year), Date.UTC(year, 0, 1), Date.UTC(year, 11, 31));
}

const LABEL = /^(\d{4})(?:-W(\d{2})|-(\d{2})|-Q(\d))?$/;

/** `2026-W47 | 2026-11 | 2026-Q4 | 2026`, or null for anything else (including week 53 of a 52-week year). */
export function parseCalendarPeriod(text: string): CalendarPeriod | null {
  const m = LABEL.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  const [, , week, month, quarter] = m;
  if (week !== undefined) {
    const w = Number(week);
    return w >= 1 && w <= isoWeeksIn(year) ? weekPeriod(year, w) : null;
  }
  if (month !== undefined) {
    const mo = Number(month);
    return mo >= 1 && mo <= 12 ? monthPeriod(year, mo) : null;
  }
  if (quarter !== undefined) {
    const q = Number(quarter);
    return q >= 1 && q <= 4 ? quarterPeriod(year, q) : null;
  }
  return yearPeriod(year);
}

/** The calendar period that is exactly `from`..`to`, or null. Lengths differ by level, so at most one matches. */
export function calendarPeriodOf(from: string, to: string): CalendarPeriod | null {
  const start = new Date(`${from}T00:00:00Z`);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + 1;
  const weekday = (start.getUTCDay() + 6) % 7;
  const candidates: CalendarPeriod[] = [yearPeriod(year), monthPeriod(year, month)];
  if ((month - 1) % 3 === 0) candidates.push(quarterPeriod(year, (month + 2) / 3));
  if (weekday === 0) {
    // The ISO year of a Monday is the calendar year of its Thursday.
    const thursday = new Date(start.getTime() + 3 * DAY_MS);
    const weekYear = thursday.getUTCFullYear();
    const week = Math.floor((start.getTime() - isoWeekOneMonday(weekYear)) / (7 * DAY_MS)) + 1;
    candidates.push(weekPeriod(weekYear, week));
  }
  return candidates.find((c) => c.from === from && c.to === to) ?? null;
}

/** The period of the same level right before. */
export function previousCalendarPeriod(p: CalendarPeriod): CalendarPeriod {
  const dayBefore = iso(Date.parse(p.from) - DAY_MS);
  return containing(p.level, dayBefore);
}

/** The cell of `level` that holds `day`. */
export function containing(level: CalendarLevel, day: string): CalendarPeriod {
  const d = new Date(`${day}T00:00:00Z`);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  if (level === 'year') return yearPeriod(year);
  if (level === 'quarter') return quarterPeriod(year, Math.ceil(month / 3));
  if (level === 'month') return monthPeriod(year, month);
  const monday = d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return calendarPeriodOf(iso(monday), iso(monday + 6 * DAY_MS)) as CalendarPeriod;
}

/** The sub-periods of `level` that make up `p` exactly (months of a quarter), or null when they do not nest. */
export function subPeriods(p: CalendarPeriod, level: CalendarLevel): CalendarPeriod[] | null {
  const out: CalendarPeriod[] = [];
  let day = p.from;
  while (day <= p.to) {
    const cell = containing(level, day);
    if (cell.from < p.from || cell.to > p.to) return null;
    out.push(cell);
    day = iso(Date.parse(cell.to) + DAY_MS);
  }
  return out;
}
