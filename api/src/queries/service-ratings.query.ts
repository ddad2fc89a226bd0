import type { BuiltQuery } from '../warehouse.ts';
import { TABLES } from './tables.ts';

export interface ServiceRatingRow {
  site: string;
  service: string;
  /** 1–5, or 0 in the per-city total row (every score together). */
  score: number;
  visitors: number;
  ratings: number;
}

/**
 * Ratings per city and score, plus one total row per city and service (score 0) whose visitors are the distinct
 * raters: distinct counts cannot be added up from the score rows.
 */
export function serviceRatingsQuery(p: {
  sites: readonly string[];
  service: string | null;
  from: string;
  to: string;
}): BuiltQuery {
  const where = `site IN {sites:Array(String)}
  ${p.service === null ? "AND service != ''" : 'AND service = {service:String}'}
  AND day BETWEEN {from:Date} AND {to:Date}`;
  return {
    name: p.service === null ? 'service_ratings_all' : 'service_ratings',
    query: `
SELECT site, toString(service) AS service, score, uniqMerge(visitors) AS visitors, sum(ratings) AS ratings
FROM ${TABLES.ratingDaily}
WHERE ${where}
GROUP BY site, service, score
UNION ALL
SELECT site, toString(service) AS service, toUInt8(0) AS score, uniqMerge(visitors) AS visitors, sum(ratings) AS ratings
FROM ${TABLES.ratingDaily}
WHERE ${where}
GROUP BY site, service
ORDER BY site, service, score`,
    params: {
      sites: [...p.sites],
      from: p.from,
      to: p.to,
      ...(p.service === null ? {} : { service: p.service }),
    },
  };
}
