/*
 * Applies the numbered migrations in order and records each one (version, name, checksum) in the database's own
 * `schema_migrations` table. Running it again applies nothing; an applied migration whose file changed is an
 * error. Statements use IF NOT EXISTS, so a migration interrupted half-way completes on the next run.
 *
 * With a cluster name every statement is rendered for that cluster (cluster-render.ts): the same files, so the
 * checksums are the same as on a single server.
 */
import { type ClickHouseClient, type ClickHouseSettings, createClient } from '@clickhouse/client';
import { type ClusterLayout, clusterLayout, renderForCluster } from './cluster-render.ts';
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
  /** A cluster of `remote_servers` (CLICKHOUSE_CLUSTER): render every statement for it. Unset: one server. */
  cluster?: string | undefined;
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

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}
        (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
        ENGINE = MergeTree ORDER BY version`;

/**
 * On a cluster: a host that fails or does not answer an ON CLUSTER statement fails the run (the default, stated),
 * and an INSERT into a Distributed table (the backfills of 0004) returns once every shard has stored its rows.
 * `insert_distributed_sync` is the older name of `distributed_foreground_insert`, the one the client types know.
 */
const CLUSTER_SETTINGS: ClickHouseSettings = {
  distributed_ddl_output_mode: 'throw',
  insert_distributed_sync: 1,
};

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = options.migrations ?? (await readMigrations());
  const params: MigrationParams = { RAW_RETENTION_DAYS: options.rawRetentionDays };
  const statements = (m: Migration) => splitStatements(fillPlaceholders(m.sql, params));
  // Built from every migration, applied or not: a later statement must know how an earlier table was created.
  const layout =
    options.cluster === undefined
      ? undefined
      : clusterLayout(
          { cluster: options.cluster, database: options.database },
          migrations.flatMap(statements),
        );
  const render = (statement: string) => renderForCluster(statement, layout);
  const setup = setupStatements(options.database, layout);
  await ensureDatabase(options.url, setup.database);
  const client = createClient({
    url: options.url,
    database: options.database,
    ...(layout && { clickhouse_settings: CLUSTER_SETTINGS }),
  });
  try {
    for (const statement of setup.migrationsTable) await client.command({ query: statement });
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
      for (const statement of statements(m).flatMap(render)) {
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
    result.retentionChanged = await reconcileRawRetention(
      client,
      options.database,
      options.rawRetentionDays,
      layout,
    );
    if (result.retentionChanged) log(`raw retention set to ${options.rawRetentionDays} days`);
    return result;
  } finally {
    await client.close();
  }
}

/** The statements that create the database and the runner's own table, as `migrate` runs them. */
export function setupStatements(
  database: string,
  layout?: ClusterLayout,
): { database: string[]; migrationsTable: string[] } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new Error(`invalid database name: ${database}`);
  return {
    database: renderForCluster(`CREATE DATABASE IF NOT EXISTS ${database}`, layout),
    migrationsTable: renderForCluster(MIGRATIONS_TABLE_DDL, layout),
  };
}

async function ensureDatabase(url: string, statements: string[]): Promise<void> {
  const admin = createClient({ url });
  try {
    for (const statement of statements) await admin.command({ query: statement });
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
