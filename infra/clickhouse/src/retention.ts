import type { ClickHouseClient } from '@clickhouse/client';

export const RAW_EVENTS_TABLE = 'events';

/** The TTL clause the raw events table must carry for a retention of `days`. */
export function rawRetentionTtl(days: number): string {
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`raw retention must be a whole number of days: ${days}`);
  return `day + toIntervalDay(${days})`;
}

/**
 * Retention is configuration, not schema: when RAW_RETENTION_DAYS differs from the table's TTL (the migration
 * created it with the value of its day), the TTL is altered in place. Returns whether it changed anything.
 */
export async function reconcileRawRetention(
  client: ClickHouseClient,
  database: string,
  days: number,
): Promise<boolean> {
  const wanted = rawRetentionTtl(days);
  const rs = await client.query({
    query:
      'SELECT engine_full FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database, table: RAW_EVENTS_TABLE },
    format: 'JSONEachRow',
  });
  const [table] = await rs.json<{ engine_full: string }>();
  if (!table) return false;
  if (table.engine_full.includes(`TTL ${wanted} `) || table.engine_full.endsWith(`TTL ${wanted}`))
    return false;
  await client.command({ query: `ALTER TABLE ${RAW_EVENTS_TABLE} MODIFY TTL ${wanted}` });
  return true;
}
