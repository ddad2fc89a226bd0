import type { BuiltQuery } from '../warehouse.ts';
import { SITE_PERIOD, TABLES } from './tables.ts';

export interface CityPageRow {
  /** `pages`: ranked by page views; `entries`: ranked by visits that began on the page. */
  list: 'pages' | 'entries';
  path: string;
  visitors: number;
  pageviews: number;
  entries: number;
}

function ranked(list: CityPageRow['list']): string {
  return `(
SELECT '${list}' AS list, path, uniqMerge(visitors) AS visitors, sum(pageviews) AS pageviews, sum(entries) AS entries
FROM ${TABLES.pageDaily}
WHERE ${SITE_PERIOD}
GROUP BY path
${list === 'entries' ? 'HAVING entries > 0' : ''}
ORDER BY ${list === 'entries' ? 'entries' : 'pageviews'} DESC, path
LIMIT {limit:UInt32})`;
}

/** The top pages and the top entry pages of one city, in one round trip. */
export function cityPagesQuery(p: { site: string; from: string; to: string; limit: number }): BuiltQuery {
  return {
    name: 'city_pages',
    // The outer ORDER BY: a UNION ALL keeps no order between or within its parts.
    query: `SELECT * FROM (${ranked('pages')}\nUNION ALL\n${ranked('entries')})
ORDER BY list DESC, if(list = 'entries', entries, pageviews) DESC, path`,
    params: { site: p.site, from: p.from, to: p.to, limit: p.limit },
  };
}
