import type { BuiltQuery } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

export interface ServiceRatingRow {
  score: number;
  visitors: number;
  ratings: number;
}

/** The distribution of ratings (1–5) of one city's service. */
export function serviceRatingsQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
}): BuiltQuery {
  return {
    name: 'service_ratings',
    query: `
SELECT score, ${UNIQ_MERGE}(visitors) AS visitors, sum(ratings) AS ratings
FROM ${TABLES.ratingDaily}
WHERE site = {site:String} AND service = {service:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY score
ORDER BY score`,
    params: { site: p.site, service: p.service, from: p.from, to: p.to },
  };
}
