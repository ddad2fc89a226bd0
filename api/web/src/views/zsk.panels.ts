/*
 * The ZSK sections of "Berichte": a city's transactions per online service for the month (exact, its own file), and
 * the all-cities file of `/v1/zsk` (admins exact; the consortium one closed month through the disclosure layer, with
 * "≈" and "weniger als k" as everywhere else). What a transaction is, is said in words: the api's `counted`.
 */
import type { ZskReport, ZskRow } from '../api.client.ts';
import { dataTable } from '../components/data-table.ts';
import { jsonButton, panel } from '../components/panel.ts';
import { cellView } from '../format.ts';
import { h } from '../html.ts';
import { LOCALES } from '../i18n.ts';
import type { ReportsTexts } from '../reports.i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { codeText, scrollRegion } from './report-parts.ts';

/** What counts, in the UI's language, and the api's own definition beside it. */
function counted(r: ReportsTexts, report: ZskReport): HTMLElement {
  return h(
    'div',
    { class: 'zsk-counted' },
    h('p', {}, report.disclosure.perturbed ? r.countedPublished : r.countedExact),
    h(
      'p',
      { class: 'note' },
      r.apiDefinition,
      ' ',
      h('q', { lang: 'en', 'data-counted': '' }, report.counted),
    ),
  );
}

function byName(ctx: ViewContext, rows: readonly ZskRow[]): ZskRow[] {
  return [...rows].sort(
    (a, b) =>
      a.serviceName.localeCompare(b.serviceName, LOCALES[ctx.lang]) || (a.leikaKey < b.leikaKey ? -1 : 1),
  );
}

/** The city's own file: each service with any event in the month and its exact number of transactions. */
export function zskPanel(ctx: ViewContext, r: ReportsTexts, city: string, report: ZskReport): HTMLElement {
  const { t, f } = ctx;
  const path = `/v1/cities/${city}/zsk`;
  const query = { month: report.month };
  const rows = byName(ctx, report.rows);
  const total = rows.reduce((n, x) => n + (x.transactions ?? 0), 0);
  const content =
    rows.length === 0
      ? [h('p', { class: 'empty' }, r.noZsk)]
      : [
          scrollRegion(
            ctx,
            r.zskHeading,
            dataTable({
              t,
              caption: r.zskHeading,
              captionHidden: true,
              className: 'zsk-table',
              columns: [{ label: r.serviceWithKey }, { label: r.transactions, numeric: true }],
              rows: rows.map((x) => [
                // The key under the name: two columns fit a narrow screen, and the number stays in sight.
                h('span', {}, x.serviceName || x.leikaKey, ' ', codeText(x.leikaKey, 'identifier leika')),
                cellView(
                  t,
                  report.disclosure.k,
                  x.transactions,
                  x.status === 'below_k' ? 'below_k' : 'ok',
                  f.count,
                ),
              ]),
              foot: [r.total, f.count(total)],
            }),
          ),
        ];
  return panel(
    ctx,
    {
      title: r.zskHeading,
      className: 'zsk',
      intro: r.zskIntro,
      csv: [{ label: r.zskFile, path, query }],
      actions: [
        jsonButton(ctx, { label: r.zskFile, path, query, fileName: `${city}-zsk-${report.month}.json` }),
      ],
    },
    counted(r, report),
    ...content,
  );
}

/** Every named city × every catalogue service: services down, cities across. */
export function allCitiesZskPanel(ctx: ViewContext, r: ReportsTexts, report: ZskReport): HTMLElement {
  const { t, f } = ctx;
  const path = '/v1/zsk';
  const query = { month: report.month };
  const { k, perturbed } = report.disclosure;
  const cities = [...new Map(report.rows.map((x) => [x.ags, x.municipality])).entries()];
  const services = [...new Map(report.rows.map((x) => [x.leikaKey, x.serviceName || x.leikaKey])).entries()];
  const cell = new Map(report.rows.map((x) => [`${x.leikaKey}\t${x.ags}`, x]));
  const table = dataTable({
    t,
    caption: r.allHeading,
    captionHidden: true,
    className: 'zsk-all-table',
    columns: [{ label: r.service }, ...cities.map(([, name]) => ({ label: name, numeric: true }))],
    rows: services.map(([key, name]) => [
      name,
      ...cities.map(([ags]) => {
        const x = cell.get(`${key}\t${ags}`);
        return x
          ? cellView(
              t,
              k,
              x.transactions,
              x.status === 'below_k' ? 'below_k' : 'ok',
              f.count,
              x.status === 'published',
            )
          : '–';
      }),
    ]),
  });
  return panel(
    ctx,
    {
      title: r.allHeading,
      className: 'zsk-all',
      intro: perturbed ? r.allIntroPublished(k) : r.allIntroExact,
      csv: [{ label: r.allFile, path, query }],
      actions: [jsonButton(ctx, { label: r.allFile, path, query, fileName: `zsk-${report.month}.json` })],
    },
    counted(r, report),
    scrollRegion(ctx, r.allTable, table),
  );
}
