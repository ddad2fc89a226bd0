/*
 * The disclosure an answer is built with, chosen in one place: exact for the city itself and admins, perturbed
 * over a closed calendar period for everyone else.
 */
import type { DisclosureInfo } from '../reports/common.schema.ts';
import type { CalendarPeriod } from './calendar-period.ts';
import { type Disclosure, exactDisclosure, perturbedDisclosure } from './disclosure.ts';
import { type DisclosurePolicy, policySummary } from './policy.ts';
import {
  type PeriodQuery,
  type ResolvedPeriod,
  resolveOwnPeriod,
  resolvePublishedPeriod,
} from './published-period.ts';

export interface DisclosedView {
  /** How the numbers of parties other than the caller are treated. */
  d: Disclosure;
  info: DisclosureInfo;
}

export function disclosedView(
  policy: DisclosurePolicy,
  calendar: CalendarPeriod | null,
  perturbed: boolean,
): DisclosedView {
  if (perturbed && !calendar) throw new Error('a perturbed answer needs a calendar period');
  const { periods: _periods, ...summary } = policySummary(policy);
  return {
    d: perturbed && calendar ? perturbedDisclosure(policy, calendar) : exactDisclosure(policy.k),
    info: { perturbed, calendarPeriod: calendar?.label ?? null, ...summary },
  };
}

/**
 * The period and disclosure of an answer: `perturbed` when anyone but the city itself or an admin will see its
 * numbers, which then cover one closed calendar period (400 otherwise).
 */
export function answerDisclosure(
  policy: DisclosurePolicy,
  q: PeriodQuery,
  perturbed: boolean,
  now: Date,
): { period: ResolvedPeriod; view: DisclosedView } {
  const period = perturbed ? resolvePublishedPeriod(q, now) : resolveOwnPeriod(q, now);
  return { period, view: disclosedView(policy, period.calendar, perturbed) };
}
