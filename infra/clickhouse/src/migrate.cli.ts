/**
 * `pnpm --filter @godonu/warehouse db:migrate` (also `@godonu/infra db:migrate`): applies pending ClickHouse
 * migrations, prints what it did.
 */
import { loadMigrateConfig } from './migrate.config.ts';
import { migrate } from './migrate.ts';

const config = loadMigrateConfig();
try {
  const result = await migrate({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    rawRetentionDays: config.RAW_RETENTION_DAYS,
    cluster: config.CLICKHOUSE_CLUSTER,
    log: (message) => console.log(`[db:migrate] ${message}`),
  });
  console.log(
    `[db:migrate] ${config.CLICKHOUSE_DATABASE} at ${config.CLICKHOUSE_URL}` +
      `${config.CLICKHOUSE_CLUSTER ? ` on cluster ${config.CLICKHOUSE_CLUSTER}` : ''}: ${result.applied.length} applied, ` +
      `${result.alreadyApplied.length} already applied, raw retention ${config.RAW_RETENTION_DAYS} days`,
  );
} catch (err) {
  console.error(`[db:migrate] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
