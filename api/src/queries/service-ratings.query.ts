import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceRatingRow = z
  .object({ score: z.number().int().min(1).max(5), visitors: count, ratings: count })
  .strict();
export type ServiceRatingRow = z.output<typeof serviceRatingRow>;

/** The distribution of ratings (1–5) of one city's service. */
export function serviceRatingsQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
}): Query<ServiceRatingRow> {
  const site = param.string('site', p.site);
  const service = param.string('service', p.service);
  return defineQuery(
    'service_ratings',
    sql`
SELECT score, ${UNIQ_MERGE}(visitors) AS visitors, sum(ratings) AS ratings
FROM ${TABLES.ratingDaily}
WHERE site = ${site} AND service = ${service} AND ${dayBetween(p)}
GROUP BY score
ORDER BY score`,
    serviceRatingRow,
  );
}
