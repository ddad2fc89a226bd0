/*
 * A number with a proportional bar, for the top lists and breakdowns: the table is the chart, so nothing needs a
 * second, screen-reader-only copy.
 */

import { valueNode } from '../components/data-table.ts';
import type { CellView } from '../format.ts';
import { h } from '../html.ts';
import type { Texts } from '../i18n.ts';

export function barCell(t: Texts, cell: CellView, value: number | null, max: number): HTMLElement {
  // A suppressed value has no bar: its words ("weniger als 10") take the bar's room.
  if (!cell.shown) return h('span', { class: 'bar-cell bar-cell-text' }, valueNode(cell, t));
  const share = value !== null && max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return h(
    'span',
    { class: 'bar-cell' },
    h('span', { class: 'bar-value' }, valueNode(cell, t)),
    h(
      'span',
      { class: 'bar-track', 'aria-hidden': 'true' },
      h('span', { class: 'bar-fill', style: `width:${(share * 100).toFixed(1)}%` }),
    ),
  );
}
