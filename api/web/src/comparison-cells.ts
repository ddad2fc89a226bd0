/*
 * How a comparison or matrix cell is shown: which figure (per capita or not), in which format, with which status,
 * and whether it carries noise (another city's figure in the published form).
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

/** A city's figures carry noise unless they are exact for this viewer (the own city; every city for admins). */
export function isPerturbed(report: { disclosure: { perturbed: boolean } }, ref: CityRef): boolean {
  return report.disclosure.perturbed && !ref.exact;
}

/**
 * The figure a cell shows: `per1000` for counts per capita, `value` otherwise, with the cell's status. An anonymous
 * peer's counts are withheld either way (with the population, a count or a per-capita figure would name it).
 */
export function shownCell(
  t: Texts,
  f: Format,
  k: number,
  kind: MetricKind,
  cell: MetricCell,
  perCapita: boolean,
  perturbed: boolean,
): { value: number | null; view: CellView } {
  if (kind === 'count' && perCapita)
    return { value: cell.per1000, view: cellView(t, k, cell.per1000, cell.status, f.per1000, perturbed) };
  return {
    value: cell.value,
    view: cellView(t, k, cell.value, cell.status, metricFormat(f, kind), perturbed),
  };
}

/** A rank ("2"), an anonymous peer's third of the ranking ("oberes Drittel"), or "–". */
export function rankText(t: Texts, f: Format, cell: MetricCell): string {
  if (cell.rank !== null) return f.count(cell.rank);
  return cell.rankBand === null ? '–' : t.rankBands[cell.rankBand];
}
