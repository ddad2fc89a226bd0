/*
 * Downloads, links to other sites, and visible time and scroll depth per page, in the city view (the whole portal)
 * and the service view (the service's pages). Each is a table, with the API's CSV. Another city's numbers (the
 * consortium's view) carry the disclosure layer's noise ("≈"); the folded row of a published list reads "Sonstige
 * (zusammengefasst)" and never names its files or hosts.
 */
import { OTHER_LABEL } from '../../../src/disclosure/suppress-list.ts';
import type { CityEngagement } from '../../../src/reports/city-engagement.ts';
import type { CityLinks } from '../../../src/reports/city-links.ts';
import type { Query } from '../api.client.ts';
import { barCell } from '../charts/bar-cell.ts';
import { dataTable, foldedLabel } from '../components/data-table.ts';
import { type CsvLink, panel } from '../components/panel.ts';
import { cellView, notCountedView } from '../format.ts';
import { h } from '../html.ts';
import { LINKS_TEXTS, type LinksTexts } from '../links.i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { scrollRegion } from './report-parts.ts';

const TOP_ROWS = 10;

type Engaged = CityEngagement['pages'][number];

/** What the panels show: one city, the whole portal or one service's pages. */
export interface LinksScope {
  city: string;
  service: string | null;
  /** The period as the view asks for it: `from`/`to` (exact) or `period` (published). */
  period: Query;
}

interface Shown {
  ctx: ViewContext;
  l: LinksTexts;
  scope: LinksScope;
  /** The answer's period in the form its CSV is asked for. */
  csvQuery: Query;
}

function csv(s: Shown, route: 'links' | 'engagement', label: string, table: string): CsvLink {
  return { label, path: `/v1/cities/${s.scope.city}/${route}`, query: { ...s.csvQuery, table } };
}

/** A file or host as code; the folded row by its name in words. */
function nameCell(s: Shown, host: string, path = ''): Node {
  return host === OTHER_LABEL ? foldedLabel(s.ctx.t) : h('code', { class: 'path' }, `${host}${path}`);
}

function downloadsPanel(s: Shown, r: CityLinks): HTMLElement {
  const { ctx, l } = s;
  const { t, f } = ctx;
  const noisy = r.disclosure.perturbed;
  const max = Math.max(0, ...r.downloads.map((d) => d.downloads ?? 0));
  return panel(
    ctx,
    {
      title: l.downloadsHeading,
      className: 'downloads-panel',
      intro: s.scope.service ? `${l.downloadsIntro} ${l.onServicePages}` : l.downloadsIntro,
      csv: [csv(s, 'links', l.downloadsHeading, 'downloads')],
    },
    r.downloads.length === 0
      ? h('p', { class: 'empty' }, l.noDownloads)
      : // Three columns with bars: on a phone the table scrolls inside its own region rather than the page.
        scrollRegion(
          ctx,
          l.downloadsHeading,
          dataTable({
            t,
            caption: l.downloadsHeading,
            captionHidden: true,
            columns: [
              { label: l.file },
              { label: l.downloads, numeric: true },
              { label: l.visitors, numeric: true },
            ],
            rows: r.downloads.map((d) => [
              nameCell(s, d.host, d.path),
              barCell(t, cellView(t, r.k, d.downloads, d.status, f.count, noisy), d.downloads, max),
              d.host === OTHER_LABEL && d.status === 'ok'
                ? notCountedView(t)
                : cellView(t, r.k, d.visitors, d.status, f.count, noisy),
            ]),
            rowClass: (i) => (r.downloads[i]?.host === OTHER_LABEL ? 'folded' : null),
          }),
        ),
  );
}

function outboundPanel(s: Shown, r: CityLinks): HTMLElement {
  const { ctx, l } = s;
  const { t, f } = ctx;
  const noisy = r.disclosure.perturbed;
  const max = Math.max(0, ...r.outbound.map((o) => o.clicks ?? 0));
  return panel(
    ctx,
    {
      title: l.outboundHeading,
      className: 'outbound-panel',
      intro: s.scope.service ? `${l.outboundIntro} ${l.onServicePages}` : l.outboundIntro,
      csv: [csv(s, 'links', l.outboundHeading, 'outbound')],
    },
    r.outbound.length === 0
      ? h('p', { class: 'empty' }, l.noOutbound)
      : scrollRegion(
          ctx,
          l.outboundHeading,
          dataTable({
            t,
            caption: l.outboundHeading,
            captionHidden: true,
            columns: [
              { label: l.target },
              { label: l.clicks, numeric: true },
              { label: l.visitors, numeric: true },
            ],
            rows: r.outbound.map((o) => [
              nameCell(s, o.host),
              barCell(t, cellView(t, r.k, o.clicks, o.status, f.count, noisy), o.clicks, max),
              o.host === OTHER_LABEL && o.status === 'ok'
                ? notCountedView(t)
                : cellView(t, r.k, o.visitors, o.status, f.count, noisy),
            ]),
            rowClass: (i) => (r.outbound[i]?.host === OTHER_LABEL ? 'folded' : null),
          }),
        ),
  );
}

/** One distribution per page: the page, its visitors, the median, and the share of visitors in each bucket. */
function distributionTable(
  s: Shown,
  r: CityEngagement,
  pages: readonly Engaged[],
  which: 'visibleTime' | 'scrollDepth',
): HTMLElement[] {
  const { ctx, l } = s;
  const { t, f } = ctx;
  const noisy = r.disclosure.perturbed;
  const caption = which === 'visibleTime' ? l.visibleTable : l.scrollTable;
  const bounds = pages[0]?.[which].buckets ?? [];
  const bucketName = which === 'visibleTime' ? l.visibleBucket : l.scrollBucket;
  const median = (p: Engaged) =>
    which === 'visibleTime'
      ? cellView(t, r.k, p.visibleTime.medianSec, p.status, f.seconds, noisy)
      : cellView(
          t,
          r.k,
          p.scrollDepth.medianPct === null ? null : p.scrollDepth.medianPct / 100,
          p.status,
          f.rate,
          noisy,
        );
  const table = dataTable({
    t,
    caption,
    captionHidden: true,
    className: `engagement-${which}`,
    columns: [
      { label: l.page },
      { label: l.visitors, numeric: true },
      { label: l.median, numeric: true },
      ...bounds.map((b) => ({ label: bucketName(b.from, b.to), numeric: true })),
    ],
    rows: pages.map((p) => [
      h('code', { class: 'path' }, p.path),
      cellView(t, r.k, p.visitors, p.status, f.count, noisy),
      median(p),
      ...p[which].buckets.map((b) => cellView(t, r.k, b.share, b.status, f.rate, noisy)),
    ]),
  });
  return [h('h3', { class: 'table-heading' }, caption), scrollRegion(ctx, caption, table)];
}

function engagementPanel(s: Shown, r: CityEngagement): HTMLElement {
  const { ctx, l } = s;
  // The service view shows the service's pages as service pages; the city view every page.
  const service = s.scope.service !== null;
  const pages = service ? r.servicePages : r.pages;
  const title = service ? l.engagementServiceHeading : l.engagementHeading;
  const published = r.access === 'published' ? ` ${l.engagementPublished(r.k)}` : '';
  return panel(
    ctx,
    {
      title,
      className: 'engagement-panel',
      intro: `${l.engagementIntro}${published}`,
      csv: [csv(s, 'engagement', title, service ? 'servicePages' : 'pages')],
    },
    ...(pages.length === 0
      ? [h('p', { class: 'empty' }, l.noEngagement)]
      : [...distributionTable(s, r, pages, 'visibleTime'), ...distributionTable(s, r, pages, 'scrollDepth')]),
  );
}

/** Asks for both answers and builds the panels: downloads and links side by side, then engagement. */
export async function linksPanels(ctx: ViewContext, scope: LinksScope): Promise<HTMLElement[]> {
  const query: Query = {
    ...scope.period,
    limit: TOP_ROWS,
    ...(scope.service === null ? {} : { service: scope.service }),
  };
  const [links, engagement] = await Promise.all([
    ctx.session.api.json<CityLinks>(`/v1/cities/${scope.city}/links`, query),
    ctx.session.api.json<CityEngagement>(`/v1/cities/${scope.city}/engagement`, query),
  ]);
  const calendar = links.disclosure.calendarPeriod;
  const s: Shown = {
    ctx,
    l: LINKS_TEXTS[ctx.lang],
    scope,
    csvQuery: {
      ...(calendar === null ? { from: links.period.from, to: links.period.to } : { period: calendar }),
      ...(scope.service === null ? {} : { service: scope.service }),
    },
  };
  return [
    h('div', { class: 'grid grid-2' }, downloadsPanel(s, links), outboundPanel(s, links)),
    engagementPanel(s, engagement),
  ];
}
