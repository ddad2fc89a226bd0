import type { ClickHouseClient } from '@clickhouse/client';

/**
 * The block a previous owner of the partition stored but did not commit: rows at or above the committed offset.
 * There is at most one, because every block is committed before the next one is inserted.
 */
export type FindStoredBlock = (partition: number, fromOffset: string) => Promise<string | undefined>;

export function clickhouseStoredBlock(client: ClickHouseClient): FindStoredBlock {
  return async (partition, fromOffset) => {
    const rs = await client.query({
      query: `SELECT count() AS n, toString(max(kafka_offset)) AS last FROM events
              WHERE kafka_partition = {partition:UInt16} AND kafka_offset >= {from:UInt64}`,
      query_params: { partition, from: fromOffset },
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: string | number; last: string }>();
    return row && Number(row.n) > 0 ? row.last : undefined;
  };
}
