/*
 * How a comparison or matrix cell is shown: which figure (per capita or not), in which format, with which status.
 */
import type { CityRef, ComparisonReport } from './api.client.ts';
import { type CellView, cellView, type Format, type MetricKind } from './format.ts';
import type { Texts } from './i18n.ts';

export type MetricCell = ComparisonReport['cities'][number]['metrics']['viewers'];

export function cityName(t: Texts, ref: CityRef): string {
  return ref.name ?? t.peer(ref.peer ?? 0);
}

export function metricFormat(f: Format, kind: MetricKind): (n: number) => string {
  return (n) => f.kind(kind, n);
}

/**
 * The figure a cell shows. Counts per capita show `per1000`, which anonymous peers keep although their absolute
 * count is withheld; everything else shows `value` with the cell's status.
 */
export function shownCell(
  t: Texts,
  f: Format,
  k: number,
  kind: MetricKind,
  cell: MetricCell,
  perCapita: boolean,
): { value: number | null; view: CellView } {
  if (kind === 'count' && perCapita) {
    const status = cell.status === 'withheld' ? 'ok' : cell.status;
    return { value: cell.per1000, view: cellView(t, k, cell.per1000, status, f.per1000) };
  }
  return { value: cell.value, view: cellView(t, k, cell.value, cell.status, metricFormat(f, kind)) };
}
