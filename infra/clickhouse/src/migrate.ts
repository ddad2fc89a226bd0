/*
 * Applies the numbered migrations in order and records each one (version, name, checksum) in the database's own
 * `schema_migrations` table. Running it again applies nothing; an applied migration whose file changed is an
 * error. Statements use IF NOT EXISTS, so a migration interrupted half-way completes on the next run.
 */
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import {
  fillPlaceholders,
  type Migration,
  type MigrationParams,
  readMigrations,
  splitStatements,
} from './migration-files.ts';
import { reconcileRawRetention } from './retention.ts';

export const MIGRATIONS_TABLE = 'schema_migrations';

export interface MigrateOptions {
  url: string;
  database: string;
  rawRetentionDays: number;
  migrations?: Migration[];
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  retentionChanged: boolean;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const label = (m: Pick<Migration, 'version' | 'name'>) => `${String(m.version).padStart(4, '0')}_${m.name}`;

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = options.migrations ?? (await readMigrations());
  const params: MigrationParams = { RAW_RETENTION_DAYS: options.rawRetentionDays };
  await ensureDatabase(options.url, options.database);
  const client = createClient({ url: options.url, database: options.database });
  try {
    await client.command({
      query: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}
        (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
        ENGINE = MergeTree ORDER BY version`,
    });
    const applied = await appliedMigrations(client);
    const result: MigrateResult = { applied: [], alreadyApplied: [], retentionChanged: false };
    for (const m of migrations) {
      const done = applied.get(m.version);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(
            `migration ${label(m)} was applied with checksum ${done.checksum} but the file now has ${m.checksum}; ` +
              'never edit an applied migration, add a new one',
          );
        }
        result.alreadyApplied.push(label(m));
        continue;
      }
      for (const statement of splitStatements(fillPlaceholders(m.sql, params))) {
        await client.command({ query: statement });
      }
      await client.insert({
        table: MIGRATIONS_TABLE,
        values: [{ version: m.version, name: m.name, checksum: m.checksum, applied_at: Date.now() }],
        format: 'JSONEachRow',
      });
      log(`applied ${label(m)}`);
      result.applied.push(label(m));
    }
    result.retentionChanged = await reconcileRawRetention(client, options.database, options.rawRetentionDays);
    if (result.retentionChanged) log(`raw retention set to ${options.rawRetentionDays} days`);
    return result;
  } finally {
    await client.close();
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`invalid database name: ${database}`);
  const admin = createClient({ url });
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
  } finally {
    await admin.close();
  }
}

export async function appliedMigrations(client: ClickHouseClient): Promise<Map<number, AppliedRow>> {
  const rs = await client.query({
    query: `SELECT version, name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY version`,
    format: 'JSONEachRow',
  });
  const rows = await rs.json<AppliedRow>();
  return new Map(rows.map((r) => [Number(r.version), r]));
}
