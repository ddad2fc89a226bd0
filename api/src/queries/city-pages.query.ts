import type { BuiltQuery } from '../warehouse.ts';
import { SITE_PERIOD, TABLES, UNIQ_MERGE } from './tables.ts';

export interface CityPageRow {
  path: string;
  visitors: number;
  pageviews: number;
  entries: number;
}

/**
 * The pages that make either top list of one city (by page views, and by entries: visits that began on the page),
 * in one round trip; `reports/city-report.ts` ranks them. The lists are chosen from the cheap sums first, so
 * distinct visitors (merging uniq states, the expensive part) are computed only for the pages shown.
 */
export function cityPagesQuery(p: { site: string; from: string; to: string; limit: number }): BuiltQuery {
  return {
    name: 'city_pages',
    query: `
WITH ranked AS (
  SELECT path, sum(pageviews) AS pv, sum(entries) AS en
  FROM ${TABLES.pageDaily}
  WHERE ${SITE_PERIOD}
  GROUP BY path
)
SELECT path, ${UNIQ_MERGE}(visitors) AS visitors, sum(pageviews) AS pageviews, sum(entries) AS entries
FROM ${TABLES.pageDaily}
WHERE ${SITE_PERIOD}
  AND path IN (
    SELECT path FROM (SELECT path FROM ranked ORDER BY pv DESC, path LIMIT {limit:UInt32})
    UNION DISTINCT
    SELECT path FROM (SELECT path FROM ranked WHERE en > 0 ORDER BY en DESC, path LIMIT {limit:UInt32})
  )
GROUP BY path
ORDER BY path`,
    params: { site: p.site, from: p.from, to: p.to, limit: p.limit },
  };
}
