/*
 * Data quality (0012_data_quality.sql): per site, day, kind and reason, what both writers counted. FINAL folds the
 * copies a re-sent tally left behind (a merge may not have run yet); the inner names keep the day filter on the
 * column, not on the text the outer SELECT makes of it. Sums of UInt64 may exceed UInt32; they stay
 * far below 2^53, which the warehouse reads as numbers.
 */
import { defineQuery, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES } from './tables.ts';

export const QUALITY_KINDS = ['accepted', 'dropped', 'dead_letter', 'refused'] as const;

export const qualityRow = z
  .object({
    site: z.string(),
    day: z.string(),
    kind: z.enum(QUALITY_KINDS),
    reason: z.string(),
    count,
    lag_ms_sum: count,
    lag_ms_max: count,
  })
  .strict();
export type QualityRow = z.output<typeof qualityRow>;

export function qualityQuery(p: { from: string; to: string }): Query<QualityRow> {
  return defineQuery(
    'quality',
    sql`
SELECT site, toString(d) AS day, toString(k) AS kind, toString(r) AS reason,
       sum(n) AS count, sum(lag_sum) AS lag_ms_sum, max(lag_max) AS lag_ms_max
FROM (
  SELECT site, day AS d, kind AS k, reason AS r, count AS n, lag_ms_sum AS lag_sum, lag_ms_max AS lag_max
  FROM ${TABLES.quality} FINAL
  WHERE ${dayBetween(p)}
)
GROUP BY site, d, k, r
ORDER BY d, site, k, r`,
    qualityRow,
  );
}
