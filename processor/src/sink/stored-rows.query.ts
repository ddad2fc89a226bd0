import type { ClickHouseClient } from '@clickhouse/client';

export interface StoredRows {
  /** Rows stored at or above the offset asked for. */
  rows: number;
  /** The highest stored offset. */
  lastOffset: string;
}

/**
 * What is stored at or above the committed offset of a partition. After a crash it is the one block that was
 * stored but not committed (every block is committed before the next one is inserted); after a rewind of the
 * consumer group it can be much more.
 */
export type FindStoredRows = (partition: number, fromOffset: string) => Promise<StoredRows | undefined>;

export function clickhouseStoredRows(client: ClickHouseClient): FindStoredRows {
  return async (partition, fromOffset) => {
    const rs = await client.query({
      query: `SELECT count() AS n, toString(max(kafka_offset)) AS last FROM events
              WHERE kafka_partition = {partition:UInt16} AND kafka_offset >= {from:UInt64}`,
      query_params: { partition, from: fromOffset },
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ n: string | number; last: string }>();
    return row && Number(row.n) > 0 ? { rows: Number(row.n), lastOffset: row.last } : undefined;
  };
}
