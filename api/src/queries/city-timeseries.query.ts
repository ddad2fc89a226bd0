import type { Interval } from '../routes/params.schema.ts';
import type { BuiltQuery } from '../warehouse.ts';
import { REPORT_TIME_ZONE, SITE_PERIOD, TABLES } from './tables.ts';

export interface CityTimeseriesRow {
  bucket: string;
  visitors: number;
  visits: number;
  pageviews: number;
}

/** Bucket label per interval: ISO day of the bucket start, or the UTC hour as an ISO timestamp. */
const BUCKETS: Record<Exclude<Interval, 'hour'>, string> = {
  day: 'toString(day)',
  week: 'toString(toMonday(day))',
  month: 'toString(toStartOfMonth(day))',
};

export function cityTimeseriesQuery(p: {
  site: string;
  from: string;
  to: string;
  interval: Interval;
}): BuiltQuery {
  const params = { site: p.site, from: p.from, to: p.to };
  if (p.interval === 'hour') {
    return {
      name: 'city_timeseries_hour',
      query: `
SELECT
  formatDateTime(hour, '%Y-%m-%dT%H:00:00Z', 'UTC') AS bucket,
  uniqMerge(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews
FROM ${TABLES.cityHourly}
WHERE site = {site:String}
  AND hour >= toStartOfDay(toDateTime({from:Date}, '${REPORT_TIME_ZONE}'))
  AND hour < toStartOfDay(toDateTime({to:Date}, '${REPORT_TIME_ZONE}')) + INTERVAL 1 DAY
GROUP BY bucket
ORDER BY bucket`,
      params,
    };
  }
  return {
    name: `city_timeseries_${p.interval}`,
    query: `
SELECT
  ${BUCKETS[p.interval]} AS bucket,
  uniqMerge(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews
FROM ${TABLES.cityDaily}
WHERE ${SITE_PERIOD}
GROUP BY bucket
ORDER BY bucket`,
    params,
  };
}
