/*
 * The warehouse tables the api reads (infra/clickhouse/migrations). Identifiers in SQL come only from these maps;
 * every value is a `{name:Type}` parameter bound by the server.
 */
export const TABLES = {
  events: 'events',
  cityDaily: 'city_daily_v1',
  cityHourly: 'city_hourly_v1',
  pageDaily: 'page_daily_v1',
  channelDaily: 'channel_daily_v1',
  techDaily: 'tech_daily_v1',
  serviceDaily: 'service_daily_v1',
  serviceStepsDaily: 'service_steps_daily_v1',
  serviceErrorsDaily: 'service_errors_daily_v1',
  ratingDaily: 'rating_daily_v1',
} as const;

/** The `day` column of every table is the calendar day in this zone; hourly buckets are UTC hours. */
export const REPORT_TIME_ZONE = 'Europe/Berlin';

/** Filter on the daily roll-ups' primary key prefix (site, day) for one inclusive period. */
export const SITE_PERIOD = 'site = {site:String} AND day BETWEEN {from:Date} AND {to:Date}';
