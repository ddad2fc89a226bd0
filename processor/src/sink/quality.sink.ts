import type { ClickHouseClient } from '@clickhouse/client';
import { QUALITY_COLUMNS, QUALITY_TABLE, type QualityRow } from '@godonu/warehouse';

/** Stores quality counts; a copy sent again has the same sort key and is folded by the table (0012). */
export type InsertQuality = (rows: QualityRow[]) => Promise<void>;

export function clickhouseQualityInsert(client: ClickHouseClient): InsertQuality {
  return async (rows) => {
    if (rows.length === 0) return;
    await client.insert({
      table: QUALITY_TABLE,
      columns: [...QUALITY_COLUMNS],
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { async_insert: 0, input_format_skip_unknown_fields: 0 },
    });
  };
}
