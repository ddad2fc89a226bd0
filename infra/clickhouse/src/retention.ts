import type { ClickHouseClient } from '@clickhouse/client';
import { type ClusterLayout, LOCAL_SUFFIX, renderForCluster } from './cluster-render.ts';

export const RAW_EVENTS_TABLE = 'events';

/** The TTL clause the raw events table must carry for a retention of `days`. */
export function rawRetentionTtl(days: number): string {
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`raw retention must be a whole number of days: ${days}`);
  return `day + toIntervalDay(${days})`;
}

/**
 * Retention is configuration, not schema: when RAW_RETENTION_DAYS differs from the table's TTL (the migration
 * created it with the value of its day), the TTL is altered in place. Returns whether it changed anything. On a
 * cluster the TTL is the local table's, altered on every node.
 */
export async function reconcileRawRetention(
  client: ClickHouseClient,
  database: string,
  days: number,
  layout?: ClusterLayout,
): Promise<boolean> {
  const wanted = rawRetentionTtl(days);
  const table = layout?.sharded.has(RAW_EVENTS_TABLE)
    ? `${RAW_EVENTS_TABLE}${LOCAL_SUFFIX}`
    : RAW_EVENTS_TABLE;
  const rs = await client.query({
    query:
      'SELECT engine_full FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database, table },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ engine_full: string }>();
  if (!row) return false;
  if (row.engine_full.includes(`TTL ${wanted} `) || row.engine_full.endsWith(`TTL ${wanted}`)) return false;
  for (const statement of renderForCluster(`ALTER TABLE ${RAW_EVENTS_TABLE} MODIFY TTL ${wanted}`, layout)) {
    await client.command({ query: statement });
  }
  return true;
}
