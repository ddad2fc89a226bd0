import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count, quartilesMs } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

/**
 * One city's totals for one service and period: the basis of the funnel, the comparison and the matrix. Quartiles
 * and 90th percentile of form_confirm / form_submit elapsedMs are zeros when there was none; `error_visitors` are
 * the distinct visitors with at least one validation error, `raters` those who rated.
 */
export const serviceTotalsRow = z
  .object({
    site: z.string(),
    service: z.string(),
    viewers: count,
    starters: count,
    submitters: count,
    confirmers: count,
    views: count,
    starts: count,
    errors: count,
    submits: count,
    confirms: count,
    confirm_ms: quartilesMs,
    submit_ms: quartilesMs,
    ratings: count,
    rating_sum: count,
    error_visitors: count,
    raters: count,
  })
  .strict();
export type ServiceTotalsRow = z.output<typeof serviceTotalsRow>;

function scope(p: { sites: readonly string[]; service: string | null; from: string; to: string }): Sql {
  return sql`site IN ${param.arrayString('sites', p.sites)}
    AND ${p.service === null ? sql`service != ''` : sql`service = ${param.string('service', p.service)}`}
    AND ${dayBetween(p)}`;
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
}): Query<ServiceTotalsRow> {
  const where = scope(p);
  return defineQuery(
    p.service === null ? 'service_totals_all' : 'service_totals',
    sql`
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
    serviceTotalsRow,
  );
}
