import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { sitePeriod, TABLES, UNIQ_MERGE } from './tables.ts';

export const cityPageRow = z
  .object({ path: z.string(), visitors: count, pageviews: count, entries: count })
  .strict();
export type CityPageRow = z.output<typeof cityPageRow>;

/**
 * The pages that make either top list of one city (by page views, and by entries: visits that began on the page),
 * in one round trip; `reports/city-report.ts` ranks them. The lists are chosen from the cheap sums first, so
 * distinct visitors (merging uniq states, the expensive part) are computed only for the pages shown.
 */
export function cityPagesQuery(p: {
  site: string;
  from: string;
  to: string;
  limit: number;
}): Query<CityPageRow> {
  const period = sitePeriod(p);
  const limit = param.uint32('limit', p.limit);
  return defineQuery(
    'city_pages',
    sql`
WITH ranked AS (
  SELECT path, sum(pageviews) AS pv, sum(entries) AS en
  FROM ${TABLES.pageDaily}
  WHERE ${period}
  GROUP BY path
)
SELECT path, ${UNIQ_MERGE}(visitors) AS visitors, sum(pageviews) AS pageviews, sum(entries) AS entries
FROM ${TABLES.pageDaily}
WHERE ${period}
  AND path IN (
    SELECT path FROM (SELECT path FROM ranked ORDER BY pv DESC, path LIMIT ${limit})
    UNION DISTINCT
    SELECT path FROM (SELECT path FROM ranked WHERE en > 0 ORDER BY en DESC, path LIMIT ${limit})
  )
GROUP BY path
ORDER BY path`,
    cityPageRow,
  );
}
