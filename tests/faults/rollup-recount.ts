/*
 * Every roll-up compared with a recount from the raw `events` table. The roll-ups are the targets of the
 * database's materialized views, found in ClickHouse itself, so a roll-up added by a later migration is checked
 * too. For each view, its own SELECT is run again over all raw rows, and both sides are grouped by the target's
 * key columns and finalised the same way: `sum`/`max`/`anyLast` for SimpleAggregateFunction columns, `<f>Merge`
 * for AggregateFunction states. A block the processor inserted twice would show in the sums of the roll-ups only
 * if ClickHouse's de-duplication let the view see it twice; in the raw rows, as a duplicate event id.
 */
import type { ClickHouseClient } from '@clickhouse/client';

export interface RollupComparison {
  table: string;
  /** Groups in the roll-up (after merging) and in the recount. */
  rollupGroups: number;
  recountGroups: number;
  equal: boolean;
  /** The first differing group of each side, when not equal. */
  firstDifference?: { rollup: unknown; recount: unknown };
}

const VIEW_TARGET = /\bTO\s+`?(\w+)`?\.`?(\w+)`?/;

export async function recountRollups(ch: ClickHouseClient, database: string): Promise<RollupComparison[]> {
  const views = await rows<{ create_table_query: string; as_select: string }>(
    ch,
    `SELECT create_table_query, as_select FROM system.tables
     WHERE database = {database:String} AND engine = 'MaterializedView' ORDER BY name`,
    { database },
  );
  if (views.length === 0) throw new Error(`no materialized views in ${database}`);
  const comparisons: RollupComparison[] = [];
  for (const view of views) {
    const [, targetDatabase, table] = VIEW_TARGET.exec(view.create_table_query) ?? [];
    if (!targetDatabase || !table) throw new Error(`no TO table in ${view.create_table_query}`);
    const columns = await rows<{ name: string; type: string }>(
      ch,
      `SELECT name, type FROM system.columns
       WHERE database = {database:String} AND table = {table:String} ORDER BY position`,
      { database: targetDatabase, table },
    );
    const keys = columns.filter((c) => !c.type.includes('AggregateFunction(')).map((c) => quote(c.name));
    const values = columns
      .filter((c) => c.type.includes('AggregateFunction('))
      .map((c) => `toString(${finalise(c.name, c.type)}) AS ${quote(c.name)}`);
    const shape = (source: string) =>
      `SELECT ${[...keys, ...values].join(', ')} FROM ${source} GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}`;
    const rollup = await rows(ch, shape(`${quote(targetDatabase)}.${quote(table)}`));
    const recount = await rows(ch, shape(`(${view.as_select})`));
    const equal = JSON.stringify(rollup) === JSON.stringify(recount);
    const comparison: RollupComparison = {
      table,
      rollupGroups: rollup.length,
      recountGroups: recount.length,
      equal,
    };
    if (!equal) {
      const i = rollup.findIndex((r, n) => JSON.stringify(r) !== JSON.stringify(recount[n]));
      const at = i < 0 ? rollup.length : i;
      comparison.firstDifference = { rollup: rollup[at], recount: recount[at] };
    }
    comparisons.push(comparison);
  }
  return comparisons;
}

/**
 * `SimpleAggregateFunction(sum, UInt64)` → `sum(col)`; `AggregateFunction(uniqCombined(14), UInt64)` →
 * `uniqCombinedMerge(14)(col)`; `AggregateFunction(quantilesExactInclusive(0.25, 0.5), UInt32)` →
 * `quantilesExactInclusiveMerge(0.25, 0.5)(col)`.
 */
export function finalise(column: string, type: string): string {
  const simple = /^SimpleAggregateFunction\((\w+),/.exec(type);
  if (simple) return `${simple[1]}(${quote(column)})`;
  const state = /^AggregateFunction\((\w+)(\([^)]*\))?,/.exec(type);
  if (state) return `${state[1]}Merge${state[2] ?? ''}(${quote(column)})`;
  throw new Error(`not an aggregate column type: ${type}`);
}

function quote(identifier: string): string {
  if (!/^\w+$/.test(identifier)) throw new Error(`unexpected identifier ${identifier}`);
  return `\`${identifier}\``;
}

async function rows<T = Record<string, unknown>>(
  ch: ClickHouseClient,
  query: string,
  query_params: Record<string, unknown> = {},
): Promise<T[]> {
  const rs = await ch.query({ query, query_params, format: 'JSONEachRow' });
  return rs.json<T>();
}
