import type { ClickHouseClient } from '@clickhouse/client';
import { appliedMigrations, rawRetentionTtl, readMigrations, recordReportTimeZone } from '@godonu/warehouse';
import type { Logger } from 'pino';

/**
 * The processor never creates tables: it refuses to start on a database that `db:migrate` has not brought up to
 * date, and warns when the raw table's retention differs from RAW_RETENTION_DAYS.
 */
export async function checkSchema(
  client: ClickHouseClient,
  database: string,
  rawRetentionDays: number,
  log: Logger,
): Promise<void> {
  const expected = await readMigrations();
  let applied: Awaited<ReturnType<typeof appliedMigrations>>;
  try {
    applied = await appliedMigrations(client);
  } catch (err) {
    throw new Error(`database ${database} has no schema_migrations table: run db:migrate first`, {
      cause: err,
    });
  }
  const missing = expected.filter((m) => applied.get(m.version)?.checksum !== m.checksum);
  if (missing.length > 0) {
    throw new Error(
      `database ${database} lacks migrations ${missing.map((m) => m.version).join(', ')}: run db:migrate first`,
    );
  }
  // On a cluster the rows and their TTL are in `events_local`, behind the Distributed `events`.
  const rs = await client.query({
    query: `SELECT engine_full FROM system.tables
            WHERE database = {database:String} AND name IN ('events', 'events_local')
            ORDER BY name = 'events_local' DESC LIMIT 1`,
    query_params: { database },
    format: 'JSONEachRow',
  });
  const [table] = await rs.json<{ engine_full: string }>();
  if (!table?.engine_full.includes(`TTL ${rawRetentionTtl(rawRetentionDays)}`)) {
    log.warn(
      { rawRetentionDays },
      'raw events TTL differs from RAW_RETENTION_DAYS; run db:migrate to apply it',
    );
  }
}

/**
 * Every stored `day` is a calendar day in one zone, which the warehouse records (`warehouse_settings`): the first
 * start on a database records REPORT_TIME_ZONE; a later start in another zone is refused, as its days would fall
 * elsewhere than the stored ones (and the api checks its zone against the record).
 */
export async function checkReportTimeZone(
  client: ClickHouseClient,
  zone: string,
  log: Logger,
): Promise<void> {
  if ((await recordReportTimeZone(client, zone)) === 'recorded')
    log.info({ reportTimeZone: zone }, 'report time zone recorded in the warehouse');
}
