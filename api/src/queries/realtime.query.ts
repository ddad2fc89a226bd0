import { dateTime64 } from '@godonu/warehouse';
import type { BuiltQuery } from '../warehouse.ts';
import { REPORT_TIME_ZONE, TABLES } from './tables.ts';

/** Realtime is the one report that reads raw events: the roll-ups are daily or hourly, this is the last minutes. */
export const REALTIME_WINDOW_MINUTES = 30;

/*
 * The window (since, now] in the collector's clock (`ts`). The day condition lets ClickHouse use the primary key
 * (site, day, …): the window's first day in the report time zone is today or yesterday.
 */
const WINDOW = `site = {site:String}
  AND day >= toDate({since:DateTime64(3, 'UTC')}, '${REPORT_TIME_ZONE}')
  AND ts > {since:DateTime64(3, 'UTC')} AND ts <= {now:DateTime64(3, 'UTC')}`;

function windowParams(site: string, now: Date) {
  const since = new Date(now.getTime() - REALTIME_WINDOW_MINUTES * 60_000);
  return { site, since: dateTime64(since.getTime()), now: dateTime64(now.getTime()) };
}

export interface RealtimeTotalsRow {
  visitors: number;
  pageviews: number;
  events: number;
}

export function realtimeTotalsQuery(p: { site: string; now: Date }): BuiltQuery {
  return {
    name: 'realtime_totals',
    query: `
SELECT uniqExact(visitor) AS visitors, countIf(event_type = 'pageview') AS pageviews, count() AS events
FROM ${TABLES.events}
WHERE ${WINDOW}`,
    params: windowParams(p.site, p.now),
  };
}

export interface RealtimePageRow {
  path: string;
  visitors: number;
  pageviews: number;
}

export function realtimePagesQuery(p: { site: string; now: Date; limit: number }): BuiltQuery {
  return {
    name: 'realtime_pages',
    query: `
SELECT path, uniqExact(visitor) AS visitors, count() AS pageviews
FROM ${TABLES.events}
WHERE ${WINDOW} AND event_type = 'pageview'
GROUP BY path
ORDER BY pageviews DESC, path
LIMIT {limit:UInt32}`,
    params: { ...windowParams(p.site, p.now), limit: p.limit },
  };
}
