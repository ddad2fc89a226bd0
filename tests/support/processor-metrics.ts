/*
 * The processor's own counters, read from its `/metrics` as Prometheus would. An insert is counted once
 * ClickHouse answered it, that is once the raw rows and every materialized view's rows of that insert are stored:
 * the raw rows alone become visible a moment earlier.
 */

export interface InsertTotals {
  inserts: number;
  seconds: number;
  rows: number;
}

export async function insertTotals(processorUrl: string): Promise<InsertTotals> {
  const res = await fetch(`${processorUrl}/metrics`);
  if (!res.ok) throw new Error(`${processorUrl}/metrics: ${res.status}`);
  const text = await res.text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    inserts: value('godonu_processor_insert_duration_seconds_count'),
    seconds: value('godonu_processor_insert_duration_seconds_sum'),
    rows: value('godonu_processor_rows_inserted_total'),
  };
}
