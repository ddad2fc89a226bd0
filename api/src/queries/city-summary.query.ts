import type { BuiltQuery } from '../warehouse.ts';
import { TABLES } from './tables.ts';

export interface CitySummaryRow {
  period: 'current' | 'previous';
  visitors: number;
  visits: number;
  pageviews: number;
  bounces: number;
  visit_duration_ms: number;
}

/**
 * Headline numbers of one city for a period and the period right before it (which ends the day before `from`),
 * in one pass over the daily roll-up.
 */
export function citySummaryQuery(p: {
  site: string;
  from: string;
  to: string;
  previousFrom: string;
}): BuiltQuery {
  return {
    name: 'city_summary',
    query: `
SELECT
  if(day >= {from:Date}, 'current', 'previous') AS period,
  uniqMerge(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${TABLES.cityDaily}
WHERE site = {site:String} AND day BETWEEN {previousFrom:Date} AND {to:Date}
GROUP BY period
ORDER BY period`,
    params: { site: p.site, from: p.from, to: p.to, previousFrom: p.previousFrom },
  };
}
