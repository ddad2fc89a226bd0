/*
 * What the api publishes to parties other than the city itself and admins, as a test must expect it. A published
 * count is the true count with the keyed noise of its cell, so a test that knows the api's secret computes the
 * expected figure with the disclosure layer's own code (the only code that knows how a secret turns into noise).
 * Published periods are whole ISO weeks, months, quarters and years that are closed: they ended before today in
 * Europe/Berlin, and their last events are stored (15 minutes after midnight).
 *
 * What the api's index does not export (the calendar's steps, the demo secret, the settling time) is read from
 * its modules here, and only here.
 */
import {
  type CalendarPeriod,
  disclosurePolicy,
  parseCalendarPeriod,
  perturbedDisclosure,
  serviceCell,
} from '@godonu/api';
import {
  type CalendarLevel,
  calendarPeriodOf,
  containing,
  previousCalendarPeriod,
  subPeriods,
} from '../../api/src/disclosure/calendar-period.ts';
import { DEMO_SECRET } from '../../api/src/disclosure/policy.ts';
import { DAY_SETTLED_MS } from '../../api/src/warehouse-cache.ts';

export { type CalendarPeriod, calendarPeriodOf, DEMO_SECRET, parseCalendarPeriod, serviceCell, subPeriods };

/** The api's default k (K_ANONYMITY). */
export const DEFAULT_K = 10;
/** The api's default ε per published cell (DISCLOSURE_EPSILON). */
const EPSILON = 0.5;

/** `disclosure` of every report: k, ε 0.5, noise scale 1/ε = 2, sd √(2α)/(1 − α) with α = e^−½, 2.8 rounded. */
export function disclosureSummary(k: number): {
  k: number;
  epsilonPerCell: number;
  noise: 'discrete Laplace';
  noiseScale: number;
  noiseStandardDeviation: number;
} {
  return {
    k,
    epsilonPerCell: EPSILON,
    noise: 'discrete Laplace',
    noiseScale: 2,
    noiseStandardDeviation: 2.8,
  };
}

/** The calendar day in Europe/Berlin, the api's "today". */
export function reportDay(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
}

/**
 * The first day that is not closed for others: today, or yesterday in the first minutes after midnight while the
 * last events of yesterday may still be on their way into ClickHouse.
 */
export function firstOpenDay(now = new Date()): string {
  return reportDay(new Date(now.getTime() - DAY_SETTLED_MS));
}

/** The latest closed period of each level: the default and the choices of published views. */
export function latestClosed(now = new Date()): Record<CalendarLevel, string> {
  const open = firstOpenDay(now);
  const before = (level: CalendarLevel) => previousCalendarPeriod(containing(level, open)).label;
  return { week: before('week'), month: before('month'), quarter: before('quarter'), year: before('year') };
}

/** The period of each level that is still open: never published. */
export function openPeriods(now = new Date()): Record<CalendarLevel, string> {
  const open = firstOpenDay(now);
  const at = (level: CalendarLevel) => containing(level, open).label;
  return { week: at('week'), month: at('month'), quarter: at('quarter'), year: at('year') };
}

/** The calendar period of a label (`2026-W47`, `2026-11`, `2026-Q4`, `2026`) that must be one. */
export function calendarPeriod(label: string): CalendarPeriod {
  const period = parseCalendarPeriod(label);
  if (!period) throw new Error(`not a calendar period: ${label}`);
  return period;
}

/** The disclosure the api applies to a published answer over `period`, with the api's ε. */
export function publishedDisclosure(o: {
  secret: string;
  k: number;
  period: string;
}): ReturnType<typeof perturbedDisclosure> {
  const policy = disclosurePolicy({ k: o.k, epsilon: EPSILON, secret: o.secret });
  return perturbedDisclosure(policy, calendarPeriod(o.period));
}
