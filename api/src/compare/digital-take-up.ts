/*
 * Digital take-up: the share of a service's cases that arrive online, online completions ÷ (online completions +
 * offline cases of every channel). Offline numbers come per month, so the KPI is defined per calendar month, and
 * for a longer period (a quarter, a year, a range of whole months) only where the city imported offline numbers
 * for every one of its months: summing only the covered months would need online completions of exactly those
 * months, a count no other answer publishes (another noisy cell of the same visitors, and a difference against the
 * period's own cell), while a period with a month missing would be compared against cities with all months. A
 * period that is not made of whole months (a week, a free range) has no take-up.
 *
 * Online completions are the comparison's `completions`: distinct visitors a day who reached the confirmation.
 */
import { containing, monthPeriod } from '../disclosure/calendar-period.ts';
import { CHANNELS, type Channel } from '../offline-cases/offline-cases.csv.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import { addDays } from '../routes/params.schema.ts';

export type ChannelCounts = Record<Channel, number>;

export interface PeriodMonths {
  /** The calendar months (`YYYY-MM`) that lie wholly inside the period, in order. */
  months: string[];
  /** The period is exactly these months (else the take-up of the period is not defined). */
  whole: boolean;
  /** First day of the first and of the last of the months; null without months. */
  firstMonth: string | null;
  lastMonth: string | null;
  /** The days the months cover; null without months. */
  days: { from: string; to: string } | null;
}

export function periodMonths(period: { from: string; to: string }): PeriodMonths {
  const months: string[] = [];
  let day = period.from;
  while (day <= period.to) {
    const month = containing('month', day);
    if (month.from >= period.from && month.to <= period.to) months.push(month.label);
    day = addDays(month.to, 1);
  }
  const first = months[0];
  const last = months.at(-1);
  if (first === undefined || last === undefined)
    return { months, whole: false, firstMonth: null, lastMonth: null, days: null };
  const days = { from: monthStart(first), to: monthPeriodOf(last).to };
  return {
    months,
    whole: period.from === days.from && period.to === days.to,
    firstMonth: days.from,
    lastMonth: monthStart(last),
    days,
  };
}

/** `2025-03` → its calendar period. */
export function monthPeriodOf(month: string): ReturnType<typeof monthPeriod> {
  return monthPeriod(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function totalOf(c: ChannelCounts): number {
  return CHANNELS.reduce((sum, ch) => sum + c[ch], 0);
}

export function channelsOf(row: OfflineCaseRow): ChannelCounts {
  return { counter: row.counter, post: row.post, phone: row.phone, email: row.email, other: row.other };
}

function add(a: ChannelCounts, b: ChannelCounts): ChannelCounts {
  return {
    counter: a.counter + b.counter,
    post: a.post + b.post,
    phone: a.phone + b.phone,
    email: a.email + b.email,
    other: a.other + b.other,
  };
}

export interface OfflineCoverage {
  /** Offline cases by channel per month that has numbers (`YYYY-MM`). */
  byMonth: ReadonlyMap<string, ChannelCounts>;
  /** The period's offline cases by channel; null unless the period is whole months that all have numbers. */
  period: ChannelCounts | null;
}

/** One city's offline numbers of one service (rows of any months) over a period's months. */
export function offlineCoverage(rows: readonly OfflineCaseRow[], months: PeriodMonths): OfflineCoverage {
  const wanted = new Set(months.months);
  const byMonth = new Map<string, ChannelCounts>();
  for (const row of rows) {
    const month = row.month.slice(0, 7);
    if (wanted.has(month)) byMonth.set(month, channelsOf(row));
  }
  const complete = months.whole && months.months.every((m) => byMonth.has(m));
  const period = complete
    ? [...byMonth.values()].reduce(add, { counter: 0, post: 0, phone: 0, email: 0, other: 0 })
    : null;
  return { byMonth, period };
}

/** Offline rows grouped `city|service`. */
export function offlineByCityService(rows: readonly OfflineCaseRow[]): Map<string, OfflineCaseRow[]> {
  const out = new Map<string, OfflineCaseRow[]>();
  for (const row of rows) {
    const key = `${row.site}|${row.service}`;
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}
