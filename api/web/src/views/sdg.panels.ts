/*
 * The EU Single Digital Gateway sections of "Berichte": the month's statistics (page views of each gateway page by
 * country of origin and device type) and the user feedback per page. The statistics are the transmission body
 * itself; the feedback per page (with the moments at which the question was asked) is `/sdg/feedback/pages`.
 */
import type { SdgFeedbackPages, SdgStatistics } from '../api.client.ts';
import { dataTable } from '../components/data-table.ts';
import { kpiCard } from '../components/kpi.ts';
import { jsonButton, panel } from '../components/panel.ts';
import { plainView } from '../format.ts';
import { h } from '../html.ts';
import { LOCALES } from '../i18n.ts';
import type { ReportsTexts } from '../reports.i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { commandText, type ReportScope, scrollRegion, urlText } from './report-parts.ts';
import { sentNote } from './sdg-transmissions.panel.ts';

type Source = SdgStatistics['sources'][number]['source'];
type DeviceType = Source['statistics'][number]['deviceType'];
/** The device types in the order of their columns; a Record, so a type the API adds fails the typecheck here. */
const DEVICE_COLUMN: Record<DeviceType, number> = { PC: 0, Mobile: 1, Tablet: 2, Others: 3 };
const DEVICE_TYPES = (Object.keys(DEVICE_COLUMN) as DeviceType[]).sort(
  (a, b) => DEVICE_COLUMN[a] - DEVICE_COLUMN[b],
);
/** ISO 3166-1 alpha-2 "unknown or unspecified": the api's country when an address lies in no country's range. */
const UNKNOWN_COUNTRY = 'ZZ';

type FeedbackPage = SdgFeedbackPages['pages'][number];

export function countryName(ctx: ViewContext, r: ReportsTexts, code: string): string {
  if (code === UNKNOWN_COUNTRY) return r.unknownCountry;
  try {
    return new Intl.DisplayNames(LOCALES[ctx.lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function kpis(ctx: ViewContext, figures: [string, string, number][]): HTMLElement {
  return h(
    'div',
    { class: 'kpis' },
    ...figures.map(([id, label, n]) =>
      kpiCard(ctx.t, { id, label, value: plainView(ctx.f.count(n), false) }),
    ),
  );
}

function markHint(s: ReportScope): HTMLElement {
  return h(
    'div',
    { class: 'report-hint' },
    h('p', {}, s.r.howToMark),
    h('p', {}, commandText(s.r.markCommand(s.city))),
  );
}

function pageTable(s: ReportScope, source: Source): HTMLElement {
  const { ctx, r } = s;
  const { t, f } = ctx;
  const byCountry = new Map<string, Record<DeviceType, number>>();
  for (const x of source.statistics) {
    const row = byCountry.get(x.originatingCountry) ?? { PC: 0, Mobile: 0, Tablet: 0, Others: 0 };
    row[x.deviceType] += x.nbVisits;
    byCountry.set(x.originatingCountry, row);
  }
  const sum = (row: Record<DeviceType, number>) => DEVICE_TYPES.reduce((n, d) => n + row[d], 0);
  const name = (code: string) => `${countryName(ctx, r, code)} (${code})`;
  // Most page views first; "unbekannt" last, as no country.
  const countries = [...byCountry.entries()].sort(
    ([a, ra], [b, rb]) =>
      Number(a === UNKNOWN_COUNTRY) - Number(b === UNKNOWN_COUNTRY) ||
      sum(rb) - sum(ra) ||
      name(a).localeCompare(name(b), LOCALES[ctx.lang]),
  );
  const totals = DEVICE_TYPES.map((d) => countries.reduce((n, [, row]) => n + row[d], 0));
  const table = dataTable({
    t,
    caption: r.pageTable(source.sourceUrl),
    captionHidden: true,
    className: 'sdg-page-table',
    columns: [
      { label: r.country },
      ...DEVICE_TYPES.map((d) => ({ label: r.deviceTypes[d], numeric: true })),
      { label: r.total, numeric: true },
    ],
    rows: countries.map(([code, row]) => [
      name(code),
      ...DEVICE_TYPES.map((d) => f.count(row[d])),
      f.count(sum(row)),
    ]),
    foot: [r.total, ...totals.map(f.count), f.count(totals.reduce((a, b) => a + b, 0))],
  });
  return h(
    'div',
    { class: 'sdg-page', 'data-url': source.sourceUrl },
    h('h3', {}, urlText(source.sourceUrl)),
    scrollRegion(ctx, source.sourceUrl, table),
  );
}

export function sdgStatisticsPanel(s: ReportScope, stats: SdgStatistics): HTMLElement {
  const { ctx, r } = s;
  const path = `/v1/cities/${s.city}/sdg/statistics`;
  const query = { month: s.month };
  const entries = stats.sources.flatMap(({ source }) => source.statistics);
  const countries = new Set(entries.map((x) => x.originatingCountry).filter((c) => c !== UNKNOWN_COUNTRY));
  const content =
    stats.sources.length === 0
      ? s.gateway.pages.length + s.gateway.services.length === 0
        ? [h('p', { class: 'empty' }, r.noneMarked), markHint(s)]
        : [h('p', { class: 'empty' }, r.noViews(s.gateway.pages.length, s.gateway.services.length))]
      : [
          kpis(ctx, [
            ['sdg-pageviews', r.pageviews, entries.reduce((n, x) => n + x.nbVisits, 0)],
            ['sdg-pages', r.pages, stats.sources.length],
            ['sdg-countries', r.countries, countries.size],
          ]),
          ...stats.sources.map(({ source }) => pageTable(s, source)),
        ];
  return panel(
    ctx,
    {
      title: r.statsHeading,
      className: 'sdg-statistics',
      intro: r.statsIntro,
      csv: [{ label: r.statsFile, path, query }],
      actions: [
        jsonButton(ctx, {
          label: r.statsFile,
          path,
          query,
          fileName: `${s.city}-sdg-statistics-${s.month}.json`,
        }),
      ],
    },
    sentNote(s, 'statistics'),
    ...content,
  );
}

export function sdgFeedbackPanel(s: ReportScope, pages: readonly FeedbackPage[]): HTMLElement {
  const { ctx, r } = s;
  const { t, f } = ctx;
  const path = `/v1/cities/${s.city}/sdg/feedback`;
  const query = { month: s.month };
  const url = (p: FeedbackPage) => urlText(p.url);
  const ratings = dataTable({
    t,
    caption: r.ratingsTable,
    captionHidden: true,
    className: 'sdg-feedback-ratings',
    columns: [
      { label: r.page },
      { label: r.category },
      { label: r.answers, numeric: true },
      { label: r.meanRating, numeric: true },
      { label: r.found.yes, numeric: true },
      { label: r.found.no, numeric: true },
      { label: r.found.partly, numeric: true },
      { label: r.found.unanswered, numeric: true },
    ],
    rows: pages.map((p) => [
      url(p),
      r.categories[p.category],
      f.count(p.ratings),
      p.meanRating === null ? '–' : f.score(p.meanRating),
      f.count(p.found.yes),
      f.count(p.found.no),
      f.count(p.found.partly),
      f.count(p.found.unanswered),
    ]),
  });
  const moments = dataTable({
    t,
    caption: r.momentsTable,
    captionHidden: true,
    className: 'sdg-feedback-moments',
    columns: [
      { label: r.page },
      { label: r.answers, numeric: true },
      { label: r.moments.page, numeric: true },
      { label: r.moments.submitted, numeric: true },
      { label: r.moments.abandoned, numeric: true },
      { label: r.moments.unknown, numeric: true },
    ],
    rows: pages.map((p) => [
      url(p),
      f.count(p.ratings),
      f.count(p.context.page),
      f.count(p.context.submitted),
      f.count(p.context.abandoned),
      f.count(p.context.unknown),
    ]),
  });
  const content =
    pages.length === 0
      ? [h('p', { class: 'empty' }, r.noFeedback)]
      : [
          kpis(ctx, [
            ['sdg-answers', r.answers, pages.reduce((sum, p) => sum + p.ratings, 0)],
            ['sdg-answer-pages', r.pagesWithAnswers, pages.length],
          ]),
          h('h3', { class: 'table-heading' }, r.ratingsTable),
          scrollRegion(ctx, r.ratingsTable, ratings),
          h('h3', { class: 'table-heading' }, r.momentsTable),
          scrollRegion(ctx, r.momentsTable, moments),
        ];
  return panel(
    ctx,
    {
      title: r.feedbackHeading,
      className: 'sdg-feedback',
      intro: r.feedbackIntro,
      csv: [{ label: r.feedbackFile, path: `${path}/pages`, query }],
      actions: [
        jsonButton(ctx, {
          label: r.feedbackFile,
          path,
          query,
          fileName: `${s.city}-sdg-feedback-${s.month}.json`,
        }),
      ],
    },
    sentNote(s, 'feedback'),
    ...content,
  );
}
