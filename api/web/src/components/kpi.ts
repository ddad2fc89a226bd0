/*
 * Headline figures: a card per metric with its value and, where there is one, the change against the previous
 * period. The direction is said in words for screen readers, not only by an arrow.
 */
import type { CellView } from '../format.ts';
import { h, srOnly } from '../html.ts';
import type { Texts } from '../i18n.ts';
import { valueNode } from './data-table.ts';

export interface KpiChange {
  /** Signed, formatted change, e.g. "+12,3 %". */
  text: string;
  direction: 'up' | 'down' | 'same';
  previous: string;
}

export function kpiCard(
  t: Texts,
  opts: { id: string; label: string; value: CellView; change?: KpiChange | null; hint?: string | null },
): HTMLElement {
  const change = opts.change;
  const arrow = change ? { up: '▲', down: '▼', same: '■' }[change.direction] : '';
  const word = change ? { up: t.increase, down: t.decrease, same: t.unchanged }[change.direction] : '';
  return h(
    'div',
    { class: 'kpi', 'data-kpi': opts.id },
    h('h3', { class: 'kpi-label' }, opts.label),
    h('p', { class: 'kpi-value', 'data-value': '' }, valueNode(opts.value, t)),
    change
      ? h(
          'p',
          { class: `kpi-change kpi-${change.direction}` },
          h('span', { 'aria-hidden': 'true', class: 'kpi-arrow' }, arrow),
          ' ',
          h('span', { 'data-change': '' }, change.text),
          srOnly(` ${word} ${t.changeVsPrevious}`),
        )
      : null,
    change ? h('p', { class: 'kpi-hint', 'data-previous': '' }, t.previousValue(change.previous)) : null,
    opts.hint ? h('p', { class: 'kpi-hint' }, opts.hint) : null,
  );
}
