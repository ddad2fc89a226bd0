/*
 * The metrics of one service in one city, as compared across cities. Each value names the distinct-visitor counts
 * it is built from (its bases): if any base is 1..k-1 the value is suppressed for other parties. Counts are also
 * given per 1,000 inhabitants, and cities are ranked and summarised on that figure: absolute counts mostly measure
 * a city's size.
 */
import { ratio } from '../reports/common.schema.ts';

export const SERVICE_METRICS = [
  'viewers',
  'starters',
  'completions',
  'startRate',
  'completionRate',
  'medianTimeToCompleteSec',
  'errorRate',
  'satisfaction',
  'digitalTakeUp',
] as const;
export type ServiceMetric = (typeof SERVICE_METRICS)[number];

/** What the metrics are computed from, per city, service and period. */
export interface ServiceTotals {
  viewers: number;
  starters: number;
  submitters: number;
  confirmers: number;
  /** Median ms from form start to confirmation; null when no confirmation carried a duration. */
  confirmMedianMs: number | null;
  errorVisitors: number;
  raters: number;
  ratings: number;
  ratingSum: number;
  /**
   * Offline cases of every channel that the city imported for the period (compare/digital-take-up.ts); null when
   * the period is not whole months or a month has no numbers. The city's own administrative figures, not a count
   * of visitors: the disclosure layer passes them on as they are.
   */
  offlineCases: number | null;
}

export const EMPTY_TOTALS: ServiceTotals = {
  viewers: 0,
  starters: 0,
  submitters: 0,
  confirmers: 0,
  confirmMedianMs: null,
  errorVisitors: 0,
  raters: 0,
  ratings: 0,
  ratingSum: 0,
  offlineCases: null,
};

export interface MetricDefinition {
  kind: 'count' | 'rate' | 'seconds' | 'score';
  higherIsBetter: boolean;
  description: string;
  /** `missing`: the figures the value needs are not there at all (no offline numbers), whatever the bases. */
  compute(t: ServiceTotals): { value: number | null; bases: number[]; missing?: 'no_offline_data' };
}

/**
 * A share of a part in its whole, at most 1: perturbed counts of a part and its whole carry independent noise, so
 * the part may come out larger.
 */
export function rate(part: number, whole: number): number | null {
  return ratio(Math.min(part, whole), whole);
}

export const METRIC_DEFINITIONS: Record<ServiceMetric, MetricDefinition> = {
  viewers: {
    kind: 'count',
    higherIsBetter: true,
    description: 'Distinct visitors who viewed the service (service_view or a page of the service)',
    compute: (t) => ({ value: t.viewers, bases: [t.viewers] }),
  },
  starters: {
    kind: 'count',
    higherIsBetter: true,
    description: 'Distinct visitors who started the form',
    compute: (t) => ({ value: t.starters, bases: [t.starters] }),
  },
  completions: {
    kind: 'count',
    higherIsBetter: true,
    description: 'Distinct visitors who reached the confirmation (online completions)',
    compute: (t) => ({ value: t.confirmers, bases: [t.confirmers] }),
  },
  startRate: {
    kind: 'rate',
    higherIsBetter: true,
    description: 'Starters / viewers',
    compute: (t) => ({ value: rate(t.starters, t.viewers), bases: [t.starters, t.viewers] }),
  },
  completionRate: {
    kind: 'rate',
    higherIsBetter: true,
    description: 'Completions / starters',
    compute: (t) => ({ value: rate(t.confirmers, t.starters), bases: [t.confirmers, t.starters] }),
  },
  medianTimeToCompleteSec: {
    kind: 'seconds',
    higherIsBetter: false,
    description: 'Median seconds from form start to confirmation',
    compute: (t) => ({
      value: t.confirmers > 0 && t.confirmMedianMs !== null ? ratio(t.confirmMedianMs, 1000, 1) : null,
      bases: [t.confirmers],
    }),
  },
  errorRate: {
    kind: 'rate',
    higherIsBetter: false,
    description: 'Visitors with at least one validation error / starters',
    compute: (t) => ({ value: rate(t.errorVisitors, t.starters), bases: [t.errorVisitors, t.starters] }),
  },
  satisfaction: {
    kind: 'score',
    higherIsBetter: true,
    description: 'Mean rating, 1 (poor) to 5 (very good)',
    compute: (t) => {
      const mean = ratio(t.ratingSum, t.ratings, 2);
      return { value: mean === null ? null : Math.min(5, Math.max(1, mean)), bases: [t.raters, t.ratings] };
    },
  },
  digitalTakeUp: {
    kind: 'rate',
    higherIsBetter: true,
    description:
      'Online completions / (online completions + offline cases at counter, by post, phone, e-mail and other channels) that the city imported; defined for calendar months, and for a longer period only when it is whole months that all have offline numbers (status no_offline_data otherwise, never 100 %)',
    // The offline cases are the city's own administrative figures; only the online completions are a count of
    // visitors, so they alone decide suppression.
    compute: (t) =>
      t.offlineCases === null
        ? { value: null, bases: [t.confirmers], missing: 'no_offline_data' }
        : { value: ratio(t.confirmers, t.confirmers + t.offlineCases), bases: [t.confirmers] },
  },
};

export type MetricStatus = 'ok' | 'no_data' | 'below_k' | 'no_offline_data';

/**
 * A metric's value and status. `belowK` is the disclosure's threshold on the counts the value is built from
 * (never true for an exact disclosure). Missing offline numbers come first: they say nothing about visitors, and
 * they tell the city what to import.
 */
export function evaluate(
  metric: ServiceMetric,
  t: ServiceTotals,
  belowK: (count: number) => boolean,
): { value: number | null; status: MetricStatus } {
  const { value, bases, missing } = METRIC_DEFINITIONS[metric].compute(t);
  if (missing) return { value: null, status: missing };
  if (bases.some(belowK)) return { value, status: 'below_k' };
  return { value, status: value === null ? 'no_data' : 'ok' };
}
