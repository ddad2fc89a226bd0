import type { BuiltQuery } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

/** One city's totals for one service and period: the basis of the funnel, the comparison and the matrix. */
export interface ServiceTotalsRow {
  site: string;
  service: string;
  viewers: number;
  starters: number;
  submitters: number;
  confirmers: number;
  views: number;
  starts: number;
  errors: number;
  submits: number;
  confirms: number;
  /** Quartiles and 90th percentile of form_confirm elapsedMs; zeros when there was none. */
  confirm_ms: [number, number, number, number];
  submit_ms: [number, number, number, number];
  ratings: number;
  rating_sum: number;
  /** Distinct visitors with at least one validation error. */
  error_visitors: number;
  /** Distinct visitors who rated. */
  raters: number;
}

function scope(service: string | null): string {
  return `site IN {sites:Array(String)}
    AND ${service === null ? "service != ''" : 'service = {service:String}'}
    AND day BETWEEN {from:Date} AND {to:Date}`;
}

/**
 * Per city (and per service unless one is given) for a period, in one round trip: the service roll-up joined with
 * the distinct visitors of the error and rating roll-ups (distinct counts cannot be added up from their rows).
 * Quantile states merge exactly (quantilesExactInclusive), so medians are exact, not estimated. Only the distinct
 * counts the metrics use are merged: merging uniq states is what a query over millions of events spends its time on.
 */
export function serviceTotalsQuery(p: {
  sites: readonly string[];
  service: string | null;
  from: string;
  to: string;
}): BuiltQuery {
  const where = scope(p.service);
  return {
    name: p.service === null ? 'service_totals_all' : 'service_totals',
    query: `
SELECT *
FROM (
  SELECT
    toString(site) AS site,
    toString(service) AS service,
    ${UNIQ_MERGE}(viewers) AS viewers,
    ${UNIQ_MERGE}(starters) AS starters,
    ${UNIQ_MERGE}(submitters) AS submitters,
    ${UNIQ_MERGE}(confirmers) AS confirmers,
    sum(views) AS views,
    sum(starts) AS starts,
    sum(errors) AS errors,
    sum(submits) AS submits,
    sum(confirms) AS confirms,
    quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)(confirm_ms) AS confirm_ms,
    quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)(submit_ms) AS submit_ms,
    sum(ratings) AS ratings,
    sum(rating_sum) AS rating_sum
  FROM ${TABLES.serviceDaily}
  WHERE ${where}
  GROUP BY site, service
) AS t
LEFT JOIN (
  SELECT toString(site) AS site, toString(service) AS service, ${UNIQ_MERGE}(visitors) AS error_visitors
  FROM ${TABLES.serviceErrorsDaily}
  WHERE ${where}
  GROUP BY site, service
) AS e USING (site, service)
LEFT JOIN (
  SELECT toString(site) AS site, toString(service) AS service, ${UNIQ_MERGE}(visitors) AS raters
  FROM ${TABLES.ratingDaily}
  WHERE ${where}
  GROUP BY site, service
) AS r USING (site, service)
ORDER BY site, service`,
    params: {
      sites: [...p.sites],
      from: p.from,
      to: p.to,
      ...(p.service === null ? {} : { service: p.service }),
    },
  };
}
