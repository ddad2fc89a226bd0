import { dateTime64, defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { REPORT_TIME_ZONE_SQL, TABLES } from './tables.ts';

/** Realtime is the one report that reads raw events: the roll-ups are daily or hourly, this is the last minutes. */
export const REALTIME_WINDOW_MINUTES = 30;

/*
 * The window (since, now] in the collector's clock (`ts`). The day condition lets ClickHouse use the primary key
 * (site, day, …): the window's first day in the report time zone is today or yesterday.
 */
function window(site: string, now: Date): Sql {
  const since = param.dateTime64('since', dateTime64(now.getTime() - REALTIME_WINDOW_MINUTES * 60_000));
  return sql`site = ${param.string('site', site)}
  AND day >= toDate(${since}, ${REPORT_TIME_ZONE_SQL})
  AND ts > ${since} AND ts <= ${param.dateTime64('now', dateTime64(now.getTime()))}`;
}

export const realtimeTotalsRow = z.object({ visitors: count, pageviews: count, events: count }).strict();
export type RealtimeTotalsRow = z.output<typeof realtimeTotalsRow>;

export function realtimeTotalsQuery(p: { site: string; now: Date }): Query<RealtimeTotalsRow> {
  return defineQuery(
    'realtime_totals',
    sql`
SELECT uniqExact(visitor) AS visitors, countIf(event_type = 'pageview') AS pageviews, count() AS events
FROM ${TABLES.events}
WHERE ${window(p.site, p.now)}`,
    realtimeTotalsRow,
  );
}

export const realtimePageRow = z.object({ path: z.string(), visitors: count, pageviews: count }).strict();
export type RealtimePageRow = z.output<typeof realtimePageRow>;

export function realtimePagesQuery(p: { site: string; now: Date; limit: number }): Query<RealtimePageRow> {
  return defineQuery(
    'realtime_pages',
    sql`
SELECT path, uniqExact(visitor) AS visitors, count() AS pageviews
FROM ${TABLES.events}
WHERE ${window(p.site, p.now)} AND event_type = 'pageview'
GROUP BY path
ORDER BY pageviews DESC, path
LIMIT ${param.uint32('limit', p.limit)}`,
    realtimePageRow,
  );
}
