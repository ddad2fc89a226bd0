/*
 * Plain data tables: a caption, column headers, the first cell of a row as its row header. Every chart has one of
 * these behind it, so a screen reader (and anyone who prefers numbers) reads the same figures.
 */
import type { CellView } from '../format.ts';
import { h, srOnly } from '../html.ts';

export interface Column {
  label: string;
  numeric?: boolean;
}

/** A cell: plain text, a formatted value with its status, or a prepared node. */
export type TableCell = string | CellView | Node;

function isCellView(c: TableCell): c is CellView {
  return typeof c === 'object' && c !== null && 'shown' in c && 'text' in c;
}

/** The content of a value cell: suppressed values are marked as such, with their reason for screen readers. */
export function valueNode(c: CellView): Node {
  if (c.shown && c.explanation)
    return h(
      'span',
      {},
      c.text,
      h('span', { class: 'cell-note', 'data-status': c.status }, ` (${c.explanation})`),
    );
  if (c.shown) return document.createTextNode(c.text);
  const span = h('span', { class: `suppressed suppressed-${c.status}`, 'data-status': c.status }, c.text);
  if (c.explanation && c.status !== 'no_data') span.title = c.explanation;
  if (c.status === 'no_data') {
    span.setAttribute('aria-hidden', 'true');
    return h('span', {}, span, srOnly(c.explanation ?? ''));
  }
  return span;
}

function content(c: TableCell): Node {
  if (typeof c === 'string') return document.createTextNode(c);
  if (isCellView(c)) return valueNode(c);
  return c;
}

export function dataTable(opts: {
  caption: string;
  columns: Column[];
  rows: TableCell[][];
  /** Visually hide the caption when a heading right above already says it. */
  captionHidden?: boolean;
  rowClass?: (i: number) => string | null;
  className?: string;
}): HTMLTableElement {
  const head = h(
    'tr',
    {},
    ...opts.columns.map((col) => h('th', { scope: 'col', class: col.numeric ? 'num' : null }, col.label)),
  );
  const body = opts.rows.map((row, i) =>
    h(
      'tr',
      { class: opts.rowClass?.(i) ?? null },
      ...row.map((cell, j) => {
        const numeric = opts.columns[j]?.numeric ? 'num' : null;
        return j === 0
          ? h('th', { scope: 'row', class: numeric }, content(cell))
          : h('td', { class: numeric }, content(cell));
      }),
    ),
  );
  return h(
    'table',
    { class: `data-table ${opts.className ?? ''}`.trim() },
    h('caption', { class: opts.captionHidden ? 'sr-only' : null }, opts.caption),
    h('thead', {}, head),
    h('tbody', {}, ...body),
  );
}
