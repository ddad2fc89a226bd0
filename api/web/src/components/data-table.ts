/*
 * Plain data tables: a caption, column headers, the first cell of a row as its row header. Every chart has one of
 * these behind it, so a screen reader (and anyone who prefers numbers) reads the same figures.
 */
import type { CellView } from '../format.ts';
import { h, srOnly } from '../html.ts';
import type { Texts } from '../i18n.ts';

/** The mark of a number with noise. */
export const APPROX = '≈';

export interface Column {
  label: string;
  numeric?: boolean;
}

/** A cell: plain text, a formatted value with its status, or a prepared node. */
export type TableCell = string | CellView | Node;

function isCellView(c: TableCell): c is CellView {
  return typeof c === 'object' && c !== null && 'shown' in c && 'text' in c;
}

/**
 * The content of a value cell: suppressed values are marked as such, with their reason for screen readers; a value
 * with noise gets the "≈" mark, which screen readers read as "gerundet/verrauscht".
 */
export function valueNode(c: CellView, t: Texts): Node {
  if (c.shown && c.explanation)
    return h(
      'span',
      {},
      c.text,
      h('span', { class: 'cell-note', 'data-status': c.status }, ` (${c.explanation})`),
    );
  if (c.shown && c.perturbed) return perturbedNode(c.text, t);
  if (c.shown) return document.createTextNode(c.text);
  const span = h('span', { class: `suppressed suppressed-${c.status}`, 'data-status': c.status }, c.text);
  if (c.explanation && c.status !== 'no_data') span.title = c.explanation;
  if (c.status === 'no_data') {
    span.setAttribute('aria-hidden', 'true');
    return h('span', {}, span, srOnly(c.explanation ?? ''));
  }
  return span;
}

/** "≈ 1.234": the mark is for the eye (with a tooltip), the words in brackets for screen readers. */
export function perturbedNode(text: string, t: Texts): HTMLElement {
  return h(
    'span',
    { class: 'perturbed', 'data-perturbed': '' },
    h('span', { class: 'approx', 'aria-hidden': 'true', title: t.perturbed }, APPROX),
    text,
    srOnly(` (${t.perturbed})`),
  );
}

/** The name of a list's folded row, "Sonstige (zusammengefasst)", breakable inside its long word. */
export function foldedLabel(t: Texts): HTMLElement {
  const head = t.folded.startsWith(t.foldedBreakAfter) ? t.foldedBreakAfter : t.folded;
  return h('span', {}, head, h('wbr'), t.folded.slice(head.length));
}

function content(c: TableCell, t: Texts): Node {
  if (typeof c === 'string') return document.createTextNode(c);
  if (isCellView(c)) return valueNode(c, t);
  return c;
}

export function dataTable(opts: {
  t: Texts;
  caption: string;
  columns: Column[];
  rows: TableCell[][];
  /** Visually hide the caption when a heading right above already says it. */
  captionHidden?: boolean;
  rowClass?: (i: number) => string | null;
  className?: string;
  /** A totals row, in the table's foot. */
  foot?: TableCell[];
}): HTMLTableElement {
  const head = h(
    'tr',
    {},
    ...opts.columns.map((col) => h('th', { scope: 'col', class: col.numeric ? 'num' : null }, col.label)),
  );
  const row = (cells: TableCell[], className: string | null) =>
    h(
      'tr',
      { class: className },
      ...cells.map((cell, j) => {
        const numeric = opts.columns[j]?.numeric ? 'num' : null;
        return j === 0
          ? h('th', { scope: 'row', class: numeric }, content(cell, opts.t))
          : h('td', { class: numeric }, content(cell, opts.t));
      }),
    );
  return h(
    'table',
    { class: `data-table ${opts.className ?? ''}`.trim() },
    h('caption', { class: opts.captionHidden ? 'sr-only' : null }, opts.caption),
    h('thead', {}, head),
    h('tbody', {}, ...opts.rows.map((cells, i) => row(cells, opts.rowClass?.(i) ?? null))),
    opts.foot ? h('tfoot', {}, row(opts.foot, 'total')) : null,
  );
}
