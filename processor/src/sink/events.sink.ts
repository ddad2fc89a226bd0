import type { ClickHouseClient } from '@clickhouse/client';
import { type EventRow, RAW_EVENTS_TABLE } from '@godonu/warehouse';

/** Inserts one block; the token makes a replay of the same block a no-op in `events` and in every roll-up. */
export type InsertBlock = (rows: EventRow[], token: string) => Promise<void>;

/**
 * The token names the block by its source: topic, partition and the offset of its last row. A replay after a
 * crash rebuilds the block up to exactly that offset (see the batch handler), hence the same token; a block that
 * a rewound consumer rebuilds from an earlier offset up to the same last row is the same stored data, and is
 * ignored as well.
 */
export function blockToken(topic: string, partition: number, rows: EventRow[]): string {
  return `${topic}/${partition}/${rows[rows.length - 1]?.kafka_offset}`;
}

export function clickhouseInsert(client: ClickHouseClient): InsertBlock {
  return async (rows, token) => {
    await client.insert({
      table: RAW_EVENTS_TABLE,
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: {
        insert_deduplicate: 1,
        insert_deduplication_token: token,
        // Without it the roll-ups would count a replayed block a second time.
        deduplicate_blocks_in_dependent_materialized_views: 1,
        async_insert: 0,
        // On a cluster `events` is a Distributed table (infra/clickhouse "On a cluster"): the insert returns only once
        // every shard stored its part, so the offset is committed after the data is stored; one server ignores it.
        distributed_foreground_insert: 1,
        input_format_skip_unknown_fields: 0,
      },
    });
  };
}
