/*
 * The zone the warehouse's `day` columns are computed in, recorded in the warehouse itself
 * (migrations/0009_warehouse_settings.sql): the processor records it on its first start and refuses another one
 * later; the api compares its own zone with it at start.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { defineQuery, parseRows } from './query.ts';
import { identifiers, param, sql } from './sql.ts';

export const WAREHOUSE_SETTINGS_TABLE = 'warehouse_settings';
const TABLES = identifiers({ settings: WAREHOUSE_SETTINGS_TABLE });
const REPORT_TIME_ZONE_SETTING = 'report_time_zone';

/**
 * The recorded zone, as a query that the api runs through its own warehouse: the first recording is in force
 * (ties broken by value, so that every reader picks the same row).
 */
const SETTING = param.string('name', REPORT_TIME_ZONE_SETTING);
export const RECORDED_REPORT_TIME_ZONE = defineQuery(
  'report_time_zone',
  sql`SELECT value FROM ${TABLES.settings} WHERE name = ${SETTING} ORDER BY recorded_at, value LIMIT 1`,
  z.object({ value: z.string() }).strict(),
);

/** The zone the stored days are in; undefined before the processor's first start. */
export async function recordedReportTimeZone(client: ClickHouseClient): Promise<string | undefined> {
  const rs = await client.query({
    query: RECORDED_REPORT_TIME_ZONE.query,
    query_params: { ...RECORDED_REPORT_TIME_ZONE.params },
    format: 'JSONEachRow',
  });
  const [row] = parseRows(RECORDED_REPORT_TIME_ZONE, await rs.json());
  return row?.value;
}

/** Why a service configured with `configured` must not run on days stored in `recorded`; undefined if it may. */
export function reportTimeZoneProblem(recorded: string | undefined, configured: string): string | undefined {
  if (recorded === undefined || recorded === configured) return undefined;
  return (
    `the warehouse's report days are calendar days in ${recorded} (${WAREHOUSE_SETTINGS_TABLE}), but REPORT_TIME_ZONE ` +
    `is ${configured}: every service of one warehouse must count days in its zone`
  );
}

/**
 * What the writer of the days calls at start: records `zone` when the warehouse has none yet, and refuses (throws)
 * when it has another. Two writers starting at once on an empty warehouse both record; the first recording wins
 * and the other one refuses, as it reads the record back.
 */
export async function recordReportTimeZone(
  client: ClickHouseClient,
  zone: string,
): Promise<'recorded' | 'agrees'> {
  let outcome: 'recorded' | 'agrees' = 'agrees';
  let recorded = await recordedReportTimeZone(client);
  if (recorded === undefined) {
    await client.insert({
      table: WAREHOUSE_SETTINGS_TABLE,
      values: [{ name: REPORT_TIME_ZONE_SETTING, value: zone }],
      format: 'JSONEachRow',
    });
    outcome = 'recorded';
    recorded = await recordedReportTimeZone(client);
  }
  const problem = reportTimeZoneProblem(recorded, zone);
  if (problem) throw new Error(problem);
  return outcome;
}

/** The part of a pino logger the watch needs. */
export interface ReportTimeZoneLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ReportTimeZoneWatch {
  /** The reader's own zone. */
  zone: string;
  /** The recorded zone (`RECORDED_REPORT_TIME_ZONE` through the reader's client); undefined when none is. */
  read: () => Promise<string | undefined>;
  /** Pause between checks while nothing is recorded or the warehouse does not answer. */
  everyMs: number;
  log: ReportTimeZoneLog;
  /** A later check found another zone recorded (the first check throws instead). */
  onMismatch: (err: Error) => void;
}

/**
 * What a reader of the days (the api) runs at start. Resolves once the first check found the zones equal, or
 * found nothing to compare with (a fresh warehouse before the processor's first start, or a warehouse that does
 * not answer); throws when another zone is recorded. While nothing could be compared it checks again every
 * `everyMs` until a record appears, calling `onMismatch` if that record differs. Returns a function that ends the
 * checks; the timer does not keep the process alive.
 */
export async function watchReportTimeZone(w: ReportTimeZoneWatch): Promise<() => void> {
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const again = (check: () => Promise<void>) => {
    if (ended) return;
    timer = setTimeout(() => void check(), w.everyMs);
    timer.unref();
  };
  const check = async (first: boolean): Promise<void> => {
    let recorded: string | undefined;
    try {
      recorded = await w.read();
    } catch (err) {
      if (first)
        w.log.warn(
          { err },
          'the report time zone recorded in the warehouse could not be read; checking again',
        );
      return again(() => check(false));
    }
    const problem = reportTimeZoneProblem(recorded, w.zone);
    if (problem) {
      if (first) throw new Error(problem);
      return w.onMismatch(new Error(problem));
    }
    if (recorded === undefined) {
      if (first)
        w.log.info(
          { reportTimeZone: w.zone },
          'no report time zone recorded in the warehouse yet (the processor records it at its first start); checking again',
        );
      return again(() => check(false));
    }
    w.log.info({ reportTimeZone: recorded }, 'report time zone agrees with the warehouse');
  };
  await check(true);
  return () => {
    ended = true;
    clearTimeout(timer);
  };
}
