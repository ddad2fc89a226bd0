/*
 * The counts of one service in one city as another party may see them. The comparison, the matrix and the
 * consortium's funnel all read a service through here, so each quantity is one cell with one noise wherever it
 * appears (viewers in the comparison are the viewed stage of the funnel).
 */
import type { ServiceTotals } from '../compare/service-metrics.ts';
import type { ServiceStepRow } from '../queries/service-steps.query.ts';
import type { Cell, Disclosure } from './disclosure.ts';

/** One rating changes the sum of scores by up to 5. */
export const RATING_SUM_SENSITIVITY = 5;

export function serviceCell(city: string, service: string, quantity: string): Cell {
  return { city, scope: `service:${service}`, quantity };
}

/**
 * `contributors`: how many cities' counts `t` adds up (an open-data aggregate of cities). Visitor ids are keyed by
 * city, so one person can count once in each of them: the noise grows with the number of cities.
 */
export function discloseServiceTotals(
  d: Disclosure,
  city: string,
  service: string,
  t: ServiceTotals,
  opts: { period?: string; contributors?: number } = {},
): ServiceTotals {
  if (!d.perturbed) return t;
  const { contributors = 1, ...at } = opts;
  const count = (quantity: string, value: number, sensitivity = 1) =>
    d.count(serviceCell(city, service, quantity), value, { sensitivity: sensitivity * contributors, ...at });
  const confirmers = count('confirmers', t.confirmers);
  return {
    viewers: count('viewers', t.viewers),
    starters: count('starters', t.starters),
    submitters: count('submitters', t.submitters),
    confirmers,
    // A median of fewer than k completions is not shown; others are rounded (see policy.secondsStep).
    confirmMedianMs:
      t.confirmMedianMs === null || d.belowK(confirmers) ? null : d.durationMs(t.confirmMedianMs),
    errorVisitors: count('errorVisitors', t.errorVisitors),
    raters: count('raters', t.raters),
    ratings: count('ratings', t.ratings),
    ratingSum: count('ratingSum', t.ratingSum, RATING_SUM_SENSITIVITY),
    // The city's own administrative statistics (cases handled at its counters and desks), not a count of
    // visitors: published as imported. Digital take-up is then computed from the perturbed completions above.
    offlineCases: t.offlineCases,
  };
}

export function discloseSteps(
  d: Disclosure,
  city: string,
  service: string,
  steps: readonly ServiceStepRow[],
): ServiceStepRow[] {
  if (!d.perturbed) return [...steps];
  return steps.map((s) => ({
    ...s,
    reached: d.count(serviceCell(city, service, `step:${s.step}`), s.reached),
  }));
}
