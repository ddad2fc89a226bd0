/*
 * The row of `quality_daily_v1` (migrations/0012_data_quality.sql): one count of one kind and reason, per site and
 * report day, from one writer. processor/src/sink/quality.sink.int.test.ts proves the keys match the table.
 */

export const QUALITY_TABLE = 'quality_daily_v1';
export const QUALITY_SOURCES = ['collector', 'processor'] as const;
export type QualitySource = (typeof QUALITY_SOURCES)[number];
export const QUALITY_KINDS = ['accepted', 'dropped', 'dead_letter', 'refused'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

export interface QualityRow {
  site: string;
  /** YYYY-MM-DD, report time zone. */
  day: string;
  source: QualitySource;
  kind: QualityKind;
  /** A drop or dead-letter reason, or a refused request's error code; '' for accepted. */
  reason: string;
  /** The same for every re-sent copy of this count, and for no other count of the same key. */
  tally_id: string;
  count: number;
  lag_ms_sum: number;
  lag_ms_max: number;
}

export const QUALITY_COLUMNS = [
  'site',
  'day',
  'source',
  'kind',
  'reason',
  'tally_id',
  'count',
  'lag_ms_sum',
  'lag_ms_max',
] as const satisfies readonly (keyof QualityRow)[];
