/*
 * What the panels of "Berichte" share: the scope of one city's month, and how identifiers, commands, page URLs and
 * wide tables are shown (code that breaks only where it may; a table that scrolls in its own region).
 */
import type { SdgTransmission, SdgTransmissions } from '../api.client.ts';
import { h } from '../html.ts';
import type { ReportsTexts } from '../reports.i18n.ts';
import type { ViewContext } from '../view-context.ts';

/** What every section of one city's month needs. */
export interface ReportScope {
  ctx: ViewContext;
  r: ReportsTexts;
  city: string;
  month: string;
  transmissions: readonly SdgTransmission[];
  /** The gateway pages and services the city marks (sites configuration `sdg`). */
  gateway: SdgTransmissions['gateway'];
}

/** An identifier as code. */
export function codeText(text: string, className: string): HTMLElement {
  return h('code', { class: className }, text);
}

/** A command line as code that wraps between its words only, so that "--month" never reads "--" and "month". */
export function commandText(command: string): HTMLElement {
  const code = h('code', { class: 'command' });
  command.split(' ').forEach((word, i) => {
    if (i > 0) code.append(' ');
    code.append(h('span', { class: 'nowrap' }, word));
  });
  return code;
}

/** A page URL as code that may break before each "/" of its path, never inside a word. */
export function urlText(url: string): HTMLElement {
  const code = h('code', { class: 'url' });
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || `${parsed.origin}${parsed.pathname}` !== url) {
    code.append(url);
    return code;
  }
  code.append(h('span', { class: 'nowrap' }, parsed.origin));
  for (const segment of parsed.pathname.split(/(?=\/)/))
    code.append(h('wbr'), h('span', { class: 'nowrap' }, segment));
  return code;
}

/** A wide table scrolls sideways inside its own region, which keyboard users can reach. */
export function scrollRegion(ctx: ViewContext, name: string, table: HTMLTableElement): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': ctx.t.tableOf(name), tabindex: '0' },
    table,
  );
}
