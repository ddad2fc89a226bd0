import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { EVENT_COLUMNS, type EventRow, eventRowsTabSeparated, RAW_EVENTS_TABLE } from '@godonu/warehouse';

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

/**
 * A block as its insert sends it: TabSeparated, the columns named in the statement. Measured against the local
 * engine with the roll-ups' views (processor/bench/insert-format.bench.ts, µs per row): JSONEachRow 5.0 here and
 * 37.5 in ClickHouse, TabSeparated 2.8 and 33, JSONCompactEachRow 3.4 and 32. TabSeparated also stores a string
 * with a lone UTF-16 surrogate (as U+FFFD), on which any JSON format fails the whole insert, for good.
 */
export const insertBody = (rows: EventRow[]): string => eventRowsTabSeparated(rows);

export function clickhouseInsert(client: ClickHouseClient): InsertBlock {
  return async (rows, token) => {
    await client.insert({
      table: RAW_EVENTS_TABLE,
      columns: [...EVENT_COLUMNS],
      values: Readable.from([insertBody(rows)], { objectMode: false }),
      format: 'TabSeparated',
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
