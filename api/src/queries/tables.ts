/*
 * The warehouse tables the api reads (infra/clickhouse/migrations). Identifiers in SQL come only from these maps;
 * every value is a `{name:Type}` parameter bound by the server (`sql` of @godonu/warehouse enforces both).
 */
import { identifiers, param, type Sql, sql } from '@godonu/warehouse';

export const TABLES = identifiers({
  events: 'events',
  cityDaily: 'city_daily_v2',
  cityHourly: 'city_hourly_v2',
  pageDaily: 'page_daily_v2',
  channelDaily: 'channel_daily_v2',
  techDaily: 'tech_daily_v2',
  serviceDaily: 'service_daily_v2',
  serviceStepsDaily: 'service_steps_daily_v2',
  serviceErrorsDaily: 'service_errors_daily_v2',
  ratingDaily: 'rating_daily_v2',
  /** Offline case numbers a city imports, one row per import (0006). */
  offlineCaseImports: 'offline_case_imports_v1',
  /** Page views by country of origin and device class, and the feedback tool's answers (0008). */
  pageViewsByOrigin: 'page_views_by_origin_daily_v1',
  feedbackDaily: 'feedback_daily_v1',
  /** Transmissions to the Commission's SDG API, written by the `sdg send` command (0008). */
  sdgTransmissions: 'sdg_transmissions_v1',
  /** What the collector and the processor counted besides the stored events, per site and day (0012). */
  quality: 'quality_daily_v1',
});

/**
 * Reads the roll-ups' distinct-visitor states (`AggregateFunction(uniqCombined(14), UInt64)`; the parameter must
 * match the column type): exact up to 1,024 distinct visitors, about 0.8 % standard error above.
 */
export const UNIQ_MERGE = sql`uniqCombinedMerge(14)`;

/** The `day` column of every table is the calendar day in this zone; hourly buckets are UTC hours. */
export const REPORT_TIME_ZONE = 'Europe/Berlin';
/** `REPORT_TIME_ZONE` as the SQL string literal the date functions take (a test keeps the two equal). */
export const REPORT_TIME_ZONE_SQL = sql`'Europe/Berlin'`;

/** One inclusive period of report days, bound as `from` and `to` (the names the result cache reads). */
export function dayBetween(p: { from: string; to: string }): Sql {
  return sql`day BETWEEN ${param.date('from', p.from)} AND ${param.date('to', p.to)}`;
}

/** Filter on the daily roll-ups' primary key prefix (site, day) for one inclusive period. */
export function sitePeriod(p: { site: string; from: string; to: string }): Sql {
  return sql`site = ${param.string('site', p.site)} AND ${dayBetween(p)}`;
}
