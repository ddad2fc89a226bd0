/*
 * A report section: a heading, optional CSV downloads, and its content. Charts sit in a figure whose graphic is
 * hidden from screen readers and whose table is always read; a toggle shows the table on screen as well.
 */
import type { Query } from '../api.client.ts';
import { h, uid } from '../html.ts';
import type { ViewContext } from '../view-context.ts';

export interface CsvLink {
  /** What the file holds, e.g. "Seiten". */
  label: string;
  path: string;
  query: Query;
}

export function csvButton(ctx: ViewContext, link: CsvLink, text?: string): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'button button-quiet csv-button', 'data-csv': link.path },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, '⤓'),
    ` ${text ?? ctx.t.downloadCsv}`,
  );
  if (!text) button.setAttribute('aria-label', ctx.t.downloadCsvOf(link.label));
  button.addEventListener('click', () => {
    button.disabled = true;
    ctx.session.api
      .downloadCsv(link.path, link.query)
      .catch(() => ctx.announce(ctx.t.errorLoad))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}

/** Downloads a JSON answer as the file `fileName` (a transmission body as the api answers it). */
export function jsonButton(ctx: ViewContext, link: CsvLink & { fileName: string }): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'button button-quiet csv-button', 'data-json': link.path },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, '⤓'),
    ` ${ctx.t.downloadJson}`,
  );
  button.setAttribute('aria-label', ctx.t.downloadJsonOf(link.label));
  button.addEventListener('click', () => {
    button.disabled = true;
    ctx.session.api
      .downloadJson(link.path, link.query, link.fileName)
      .catch(() => ctx.announce(ctx.t.errorLoad))
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}

/** `actions`: further buttons beside the CSV downloads (a JSON download). */
export function panel(
  ctx: ViewContext,
  opts: { title: string; csv?: CsvLink[]; actions?: HTMLElement[]; className?: string; intro?: string },
  ...content: Node[]
): HTMLElement {
  const id = uid('panel');
  // Several downloads in one panel are told apart by their visible names.
  const many = (opts.csv?.length ?? 0) > 1;
  const buttons = [
    ...(opts.csv ?? []).map((c) => csvButton(ctx, c, many ? ctx.t.csvNamed(c.label) : undefined)),
    ...(opts.actions ?? []),
  ];
  const actions = buttons.length > 0 ? h('div', { class: 'panel-actions' }, ...buttons) : null;
  return h(
    'section',
    { class: `panel ${opts.className ?? ''}`.trim(), 'aria-labelledby': id },
    h('div', { class: 'panel-head' }, h('h2', { id }, opts.title), actions),
    opts.intro ? h('p', { class: 'panel-intro' }, opts.intro) : null,
    ...content,
  );
}

/** `name` completes the toggle's accessible name ("Tabelle zeigen: Verlauf"): many charts share one page. */
export function chartFigure(
  ctx: ViewContext,
  name: string,
  visual: Element,
  table: HTMLTableElement,
): HTMLElement {
  visual.setAttribute('aria-hidden', 'true');
  const tableId = uid('table');
  const wrapper = h('div', { id: tableId, class: 'chart-table sr-only' }, table);
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet table-toggle',
      'aria-pressed': 'false',
      'aria-controls': tableId,
    },
    ctx.t.showTable,
  );
  toggle.setAttribute('aria-label', `${ctx.t.showTable}: ${name}`);
  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(show));
    wrapper.classList.toggle('sr-only', !show);
    // Shown on a narrow screen the table may scroll sideways; keyboard users then need to reach it.
    if (show) {
      wrapper.tabIndex = 0;
      wrapper.setAttribute('role', 'region');
      wrapper.setAttribute('aria-label', ctx.t.tableOf(name));
    } else {
      wrapper.removeAttribute('tabindex');
      wrapper.removeAttribute('role');
      wrapper.removeAttribute('aria-label');
    }
  });
  return h('figure', { class: 'chart' }, h('div', { class: 'chart-visual' }, visual), toggle, wrapper);
}

export function loadingNote(ctx: ViewContext): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, ctx.t.loading);
}

export function errorNote(ctx: ViewContext, message: string, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'error-note', role: 'alert' },
    h('p', {}, message),
    h('button', { type: 'button', class: 'button', onclick: retry }, ctx.t.retry),
  );
}
