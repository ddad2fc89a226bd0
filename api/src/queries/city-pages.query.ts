import type { BuiltQuery } from '../warehouse.ts';
import { SITE_PERIOD, TABLES } from './tables.ts';

export interface CityPageRow {
  path: string;
  visitors: number;
  pageviews: number;
  entries: number;
}

/** What a page list is ranked by: all page views, or the visits that began on the page. */
const ORDER: Record<'pageviews' | 'entries', string> = {
  pageviews: 'pageviews DESC, path',
  entries: 'entries DESC, path',
};

export function cityPagesQuery(p: {
  site: string;
  from: string;
  to: string;
  by: 'pageviews' | 'entries';
  limit: number;
}): BuiltQuery {
  return {
    name: `city_pages_by_${p.by}`,
    query: `
SELECT path, uniqMerge(visitors) AS visitors, sum(pageviews) AS pageviews, sum(entries) AS entries
FROM ${TABLES.pageDaily}
WHERE ${SITE_PERIOD}
GROUP BY path
${p.by === 'entries' ? 'HAVING entries > 0' : ''}
ORDER BY ${ORDER[p.by]}
LIMIT {limit:UInt32}`,
    params: { site: p.site, from: p.from, to: p.to, limit: p.limit },
  };
}
