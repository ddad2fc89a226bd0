/*
 * Configuration variables that several services read, as zod pieces that each service's own schema composes
 * (`z.object({ ...kafkaConnection, ... })`), so that one variable is parsed, defaulted and refused the same way
 * everywhere. The names and defaults are an interface: deployments set them (infra/compose).
 */
import { z } from 'zod';

/** pino's levels; each service names its own variable (`COLLECTOR_LOG_LEVEL`, `PROCESSOR_LOG_LEVEL`, `LOG_LEVEL`). */
export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Comma-separated `host:port` list, blanks and empty entries ignored; at least one. */
const kafkaBrokers = z
  .string()
  .default('127.0.0.1:9092')
  .transform((v) =>
    v
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'brokers are host:port')).min(1));

/** Where the brokers are and which topics are ours (`<prefix>godonu.events.v1` …). */
export const kafkaConnection = {
  KAFKA_BROKERS: kafkaBrokers,
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
};

/**
 * The copies every topic must keep at least, and the `min.insync.replicas` it must have at least (an acknowledged
 * record is then on that many brokers): what `kafka:topics` creates topics with and services check at start.
 * 3 and 2 on a cluster of three brokers. Compose with `kafkaDurabilityRefinement`.
 */
export const kafkaDurability = {
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).default(1),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).default(1),
};

/** `schema.refine(...kafkaDurabilityRefinement)`: a topic whose bound exceeds its copies acknowledges nothing. */
export const kafkaDurabilityRefinement: [
  (c: { KAFKA_REPLICATION_FACTOR: number; KAFKA_MIN_INSYNC_REPLICAS: number }) => boolean,
  { path: string[]; message: string },
] = [
  (c) => c.KAFKA_MIN_INSYNC_REPLICAS <= c.KAFKA_REPLICATION_FACTOR,
  {
    path: ['KAFKA_MIN_INSYNC_REPLICAS'],
    message: 'must not exceed KAFKA_REPLICATION_FACTOR: no write could be acknowledged',
  },
];

/** The warehouse: an HTTP(S) endpoint and a plain database name (it becomes an identifier in SQL). */
export const clickhouseConnection = {
  CLICKHOUSE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8123'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain database name')
    .default('godonu'),
};

/** The zone the warehouse's report days are computed in unless configured otherwise. */
export const DEFAULT_REPORT_TIME_ZONE = 'Europe/Berlin';

/**
 * The calendar of the report day (`day` columns) and of the midnight that ends a visit: an IANA zone, in its
 * canonical spelling (`europe/berlin` reads as `Europe/Berlin`), so that two services compare equal zones equal.
 */
export const reportTimeZone = z
  .string()
  .default(DEFAULT_REPORT_TIME_ZONE)
  .transform((tz, ctx) => {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `unknown time zone "${tz}" (an IANA name, e.g. Europe/Berlin)`,
      });
      return z.NEVER;
    }
  });
