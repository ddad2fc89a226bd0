import { defineQuery, type Param, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import type { Interval } from '../routes/params.schema.ts';
import { count, signedSum } from './columns.ts';
import { REPORT_TIME_ZONE_SQL, TABLES, UNIQ_MERGE } from './tables.ts';

/** A headline row (`current`, `previous`) or one bucket of the time series (`bucket`). */
export const cityTrafficRow = z
  .object({
    part: z.enum(['current', 'previous', 'bucket']),
    bucket: z.string(),
    visitors: count,
    visits: count,
    pageviews: count,
    bounces: signedSum,
    visit_duration_ms: count,
  })
  .strict();
export type CityTrafficRow = z.output<typeof cityTrafficRow>;

/** Bucket label per interval: ISO day of the bucket start. */
const DAY_BUCKETS: Record<Exclude<Interval, 'hour'>, Sql> = {
  day: sql`toString(day)`,
  week: sql`toString(toMonday(day))`,
  month: sql`toString(toStartOfMonth(day))`,
};

/** The bound parameters the parts share. */
interface Period {
  site: Param;
  from: Param;
  to: Param;
}

function seriesHourly(p: Period): Sql {
  return sql`
SELECT
  'bucket' AS part,
  formatDateTime(hour, '%Y-%m-%dT%H:00:00Z', 'UTC') AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  toInt64(0) AS bounces,
  toUInt64(0) AS visit_duration_ms
FROM ${TABLES.cityHourly}
WHERE site = ${p.site}
  AND hour >= toStartOfDay(toDateTime(${p.from}, ${REPORT_TIME_ZONE_SQL}))
  AND hour < toStartOfDay(toDateTime(${p.to}, ${REPORT_TIME_ZONE_SQL})) + INTERVAL 1 DAY
GROUP BY bucket`;
}

function seriesDaily(interval: Exclude<Interval, 'hour'>, p: Period): Sql {
  return sql`
SELECT
  'bucket' AS part,
  ${DAY_BUCKETS[interval]} AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${TABLES.cityDaily}
WHERE site = ${p.site} AND day BETWEEN ${p.from} AND ${p.to}
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
}): Query<CityTrafficRow> {
  const period = {
    site: param.string('site', p.site),
    from: param.date('from', p.from),
    to: param.date('to', p.to),
  };
  return defineQuery(
    `city_traffic_${p.interval}`,
    sql`
SELECT * FROM (
SELECT
  if(day >= ${period.from}, 'current', 'previous') AS part,
  '' AS bucket,
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${TABLES.cityDaily}
WHERE site = ${period.site} AND day BETWEEN ${param.date('previousFrom', p.previousFrom)} AND ${period.to}
GROUP BY part
UNION ALL
${p.interval === 'hour' ? seriesHourly(period) : seriesDaily(p.interval, period)}
)
ORDER BY part, bucket`,
    cityTrafficRow,
  );
}
