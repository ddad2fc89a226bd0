import type { Interval } from '../routes/params.schema.ts';
import type { BuiltQuery } from '../warehouse.ts';
import { REPORT_TIME_ZONE, TABLES, UNIQ_MERGE } from './tables.ts';

/** A headline row (`current`, `previous`) or one bucket of the time series (`bucket`). */
export interface CityTrafficRow {
  part: 'current' | 'previous' | 'bucket';
  bucket: string;
  visitors: number;
  visits: number;
  pageviews: number;
  bounces: number;
  visit_duration_ms: number;
}

/** Bucket label per interval: ISO day of the bucket start. */
const DAY_BUCKETS: Record<Exclude<Interval, 'hour'>, string> = {
  day: 'toString(day)',
  week: 'toString(toMonday(day))',
  month: 'toString(toStartOfMonth(day))',
};

const SERIES_HOURLY = `
SELECT
  'bucket' AS part,
  formatDateTime(hour, '%Y-%m-%dT%H:00:00Z', 'UTC') AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  toInt64(0) AS bounces,
  toUInt64(0) AS visit_duration_ms
FROM ${TABLES.cityHourly}
WHERE site = {site:String}
  AND hour >= toStartOfDay(toDateTime({from:Date}, '${REPORT_TIME_ZONE}'))
  AND hour < toStartOfDay(toDateTime({to:Date}, '${REPORT_TIME_ZONE}')) + INTERVAL 1 DAY
GROUP BY bucket`;

function seriesDaily(interval: Exclude<Interval, 'hour'>): string {
  return `
SELECT
  'bucket' AS part,
  ${DAY_BUCKETS[interval]} AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${TABLES.cityDaily}
WHERE site = {site:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY bucket`;
}

/**
 * Headline numbers of one city for the period and the period right before it (which ends the day before `from`),
 * and the time series of the period, in one round trip. Hourly buckets are UTC hours of the Berlin days.
 */
export function cityTrafficQuery(p: {
  site: string;
  from: string;
  to: string;
  previousFrom: string;
  interval: Interval;
}): BuiltQuery {
  return {
    name: `city_traffic_${p.interval}`,
    query: `
SELECT * FROM (
SELECT
  if(day >= {from:Date}, 'current', 'previous') AS part,
  '' AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${TABLES.cityDaily}
WHERE site = {site:String} AND day BETWEEN {previousFrom:Date} AND {to:Date}
GROUP BY part
UNION ALL
${p.interval === 'hour' ? SERIES_HOURLY : seriesDaily(p.interval)}
)
ORDER BY part, bucket`,
    params: { site: p.site, from: p.from, to: p.to, previousFrom: p.previousFrom },
  };
}
