/*
 * City view: headline figures against the previous period, the realtime counter, the time series, top and entry
 * pages, channels, devices and browsers of one city's portal, and the digital take-up of its services.
 */
import { OTHER_LABEL } from '../../../src/disclosure/suppress-list.ts';
import type { CityReport, RealtimeReport } from '../api.client.ts';
import { barCell } from '../charts/bar-cell.ts';
import { lineChart } from '../charts/line.chart.ts';
import { dataTable, foldedLabel } from '../components/data-table.ts';
import { adoptPeriod, filterForm, publishedPeriod } from '../components/filters.ts';
import { type KpiChange, kpiCard } from '../components/kpi.ts';
import { chartFigure, panel } from '../components/panel.ts';
import { type CellView, cellView, type Format, notCountedView, notPublishedView } from '../format.ts';
import { h, uid } from '../html.ts';
import type { Texts } from '../i18n.ts';
import { readsExactly, SERIES_METRICS, type SeriesMetric, type ViewContext } from '../view-context.ts';
import { loadAnnotations, type ViewAnnotations, viewScope } from './annotations.panel.ts';
import { linksPanels } from './links.panels.ts';
import { cityTakeUpPanel } from './take-up.panel.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

/** How often the realtime counter asks again while the view is open. */
export const REALTIME_REFRESH_MS = 30_000;
const TOP_ROWS = 10;

type Summary = CityReport['summary'][number];

function summaryFormat(f: Format, metric: Summary['metric']): (n: number) => string {
  if (metric === 'bounceRate') return f.rate;
  if (metric === 'visitDurationSec') return f.seconds;
  return f.count;
}

/** A headline figure; the visit duration, which other parties never get, reads "nicht veröffentlicht". */
export function summaryValue(t: Texts, f: Format, report: CityReport, s: Summary): CellView {
  if (s.metric === 'visitDurationSec' && s.status === 'withheld') return notPublishedView(t);
  return cellView(t, report.k, s.value, s.status, summaryFormat(f, s.metric), report.disclosure.perturbed);
}

/** Rates change in percentage points, everything else relative to the previous period. */
export function summaryChange(f: Format, s: Summary, perturbed = false): KpiChange | null {
  if (s.change === null || s.previous === null) return null;
  const direction = s.change > 0 ? 'up' : s.change < 0 ? 'down' : 'same';
  const previous = `${perturbed ? '≈ ' : ''}${summaryFormat(f, s.metric)(s.previous)}`;
  if (s.metric === 'bounceRate') return { text: f.signedPoints(s.change), direction, previous };
  if (s.changeRatio === null) return null;
  return { text: f.signedRate(s.changeRatio), direction, previous };
}

function breakdownPanel(
  ctx: ViewContext,
  report: CityReport,
  key: 'channels' | 'devices' | 'browsers',
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f } = ctx;
  const title = { channels: t.channelsHeading, devices: t.devicesHeading, browsers: t.browsersHeading }[key];
  const column = { channels: t.channel, devices: t.device, browsers: t.browser }[key];
  const names = { channels: t.channels, devices: t.devices, browsers: t.browsers }[key];
  const rows = report[key];
  const noisy = report.disclosure.perturbed;
  return panel(
    ctx,
    {
      title,
      className: `breakdown breakdown-${key}`,
      csv: [
        { label: title, path: `/v1/cities/${report.city.key}/report`, query: { ...csvQuery, table: key } },
      ],
    },
    dataTable({
      t,
      caption: title,
      captionHidden: true,
      columns: [
        { label: column },
        { label: t.share, numeric: true },
        { label: t.summaryMetrics.visits, numeric: true },
      ],
      rows: rows.map((r) => [
        r.value === OTHER_LABEL ? foldedLabel(t) : (names[r.value] ?? r.value),
        barCell(t, cellView(t, report.k, r.share, r.status, f.rate, noisy), r.share, 1),
        cellView(t, report.k, r.visits, r.status, f.count, noisy),
      ]),
      rowClass: (i) => (rows[i]?.value === OTHER_LABEL ? 'folded' : null),
    }),
  );
}

function seriesFigure(ctx: ViewContext, report: CityReport, notes: ViewAnnotations): HTMLElement {
  const { t, f, selection } = ctx;
  const host = h('div', { class: 'chart-host' });
  const draw = (metric: SeriesMetric) => {
    host.replaceChildren(
      chartFigure(
        ctx,
        t.timeseriesHeading,
        lineChart({
          points: report.timeseries.map((p) => ({
            short: f.bucketShort(p.bucket, report.interval),
            value: p.status === 'ok' ? p[metric] : null,
          })),
          width: host.clientWidth || 900,
          format: f.count,
          markers: notes.markers(
            report.timeseries.map((p) => p.bucket),
            report.interval,
          ),
        }),
        dataTable({
          t,
          caption: `${t.timeseriesHeading}: ${t.seriesMetrics[metric]}`,
          columns: [
            { label: t.bucket },
            ...SERIES_METRICS.map((m) => ({ label: t.seriesMetrics[m], numeric: true })),
          ],
          rows: report.timeseries.map((p) => [
            f.bucket(p.bucket, report.interval),
            ...SERIES_METRICS.map((m) =>
              cellView(t, report.k, p[m], p.status, f.count, report.disclosure.perturbed),
            ),
          ]),
        }),
      ),
    );
  };
  const name = uid('series');
  const radios = h(
    'fieldset',
    { class: 'segmented' },
    h('legend', { class: 'sr-only' }, t.seriesMetricLabel),
    ...SERIES_METRICS.map((m) => {
      const id = uid('series-metric');
      const input = h('input', { type: 'radio', name, id, value: m, checked: selection.seriesMetric === m });
      input.addEventListener('change', () => {
        selection.seriesMetric = m;
        draw(m);
      });
      return h('span', { class: 'segment' }, input, h('label', { for: id }, t.seriesMetrics[m]));
    }),
  );
  const wrapper = h('div', {}, radios, host, notes.chartList());
  notes.onChange(() => draw(selection.seriesMetric));
  // Drawn once the host is in the document and has a width.
  requestAnimationFrame(() => draw(selection.seriesMetric));
  return wrapper;
}

function pagesPanels(ctx: ViewContext, report: CityReport, csvQuery: Record<string, string>): HTMLElement {
  const { t, f } = ctx;
  const path = `/v1/cities/${report.city.key}/report`;
  const maxViews = Math.max(0, ...report.pages.map((p) => p.pageviews ?? 0));
  const maxEntries = Math.max(0, ...report.entryPages.map((p) => p.entries ?? 0));
  const noisy = report.disclosure.perturbed;
  // The folded row "(other)" of a published list: its name in words, no path.
  const pathCell = (p: string) => (p === OTHER_LABEL ? foldedLabel(t) : h('code', { class: 'path' }, p));
  return h(
    'div',
    { class: 'grid grid-2' },
    panel(
      ctx,
      {
        title: t.pagesHeading,
        className: 'pages',
        csv: [{ label: t.pagesHeading, path, query: { ...csvQuery, table: 'pages' } }],
      },
      dataTable({
        t,
        caption: t.pagesHeading,
        captionHidden: true,
        columns: [
          { label: t.path },
          { label: t.summaryMetrics.pageviews, numeric: true },
          { label: t.summaryMetrics.visitors, numeric: true },
        ],
        rows: report.pages.map((p) => [
          pathCell(p.path),
          barCell(t, cellView(t, report.k, p.pageviews, p.status, f.count, noisy), p.pageviews, maxViews),
          p.path === OTHER_LABEL && p.status === 'ok'
            ? notCountedView(t)
            : cellView(t, report.k, p.visitors, p.status, f.count, noisy),
        ]),
        rowClass: (i) => (report.pages[i]?.path === OTHER_LABEL ? 'folded' : null),
      }),
    ),
    panel(
      ctx,
      {
        title: t.entryPagesHeading,
        className: 'entry-pages',
        csv: [{ label: t.entryPagesHeading, path, query: { ...csvQuery, table: 'entryPages' } }],
      },
      dataTable({
        t,
        caption: t.entryPagesHeading,
        captionHidden: true,
        columns: [{ label: t.path }, { label: t.entries, numeric: true }],
        rows: report.entryPages.map((p) => [
          pathCell(p.path),
          barCell(t, cellView(t, report.k, p.entries, p.status, f.count, noisy), p.entries, maxEntries),
        ]),
        rowClass: (i) => (report.entryPages[i]?.path === OTHER_LABEL ? 'folded' : null),
      }),
    ),
  );
}

function realtimeCard(ctx: ViewContext, city: string): HTMLElement {
  const { t, f } = ctx;
  const value = h('p', { class: 'kpi-value', 'data-value': '' }, '…');
  const label = h('p', { class: 'kpi-hint' });
  const pageviews = h('p', { class: 'kpi-hint' });
  const updated = h('p', { class: 'kpi-hint realtime-updated' });
  let paused = false;
  const pause = h(
    'button',
    { type: 'button', class: 'button button-quiet button-small', 'aria-pressed': 'false' },
    t.realtimePause,
  );
  const load = async () => {
    try {
      const r = await ctx.session.api.json<RealtimeReport>(`/v1/cities/${city}/realtime`, { limit: 5 });
      const visitors = cellView(t, r.k, r.visitors, r.status, f.count);
      value.replaceChildren(visitors.text);
      value.dataset.status = r.status;
      label.textContent = t.realtimeVisitors(r.windowMinutes);
      pageviews.textContent = `${cellView(t, r.k, r.pageviews, r.status, f.count).text} ${t.realtimePageviews}`;
      updated.textContent = t.realtimeUpdated(f.time(new Date(r.until)));
    } catch {
      updated.textContent = t.errorLoad;
    }
  };
  const timer = setInterval(() => {
    if (!paused) void load();
  }, REALTIME_REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
  // Automatic updates must be stoppable (WCAG 2.2.2).
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? t.realtimeResume : t.realtimePause;
    if (!paused) void load();
  });
  void load();
  return h(
    'div',
    { class: 'kpi kpi-realtime', 'data-kpi': 'realtime' },
    h(
      'h3',
      { class: 'kpi-label' },
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      t.realtimeHeading,
    ),
    value,
    label,
    pageviews,
    h('div', { class: 'realtime-foot' }, updated, pause),
  );
}

export function cityView(ctx: ViewContext, root: HTMLElement): void {
  const { t, f, selection: sel, session } = ctx;
  const cityKey = sel.city;
  const city = session.cities.find((c) => c.key === cityKey);
  if (!city) {
    root.replaceChildren(viewHeader(t.viewCity), h('p', { class: 'empty' }, t.noCities));
    return;
  }
  // The city itself and admins read it exactly, over any range; the consortium one closed calendar period.
  const exact = readsExactly(session, city.key);
  const results = h('div', { class: 'results' });
  const form = filterForm(
    ctx,
    { city: true, period: exact ? 'free' : 'calendar', interval: ['hour', 'day', 'week', 'month'] },
    () => ctx.refresh(),
  );
  root.replaceChildren(viewHeader(t.cityTitle(city.name)), form, results);

  loadInto(ctx, results, async () => {
    const query = exact
      ? { from: sel.from, to: sel.to, interval: sel.interval, limit: TOP_ROWS }
      : { ...publishedPeriod(ctx), limit: TOP_ROWS };
    const [report, links, notes] = await Promise.all([
      session.api.json<CityReport>(`/v1/cities/${city.key}/report`, query),
      linksPanels(ctx, {
        city: city.key,
        service: null,
        period: exact ? { from: sel.from, to: sel.to } : { period: publishedPeriod(ctx).period },
      }),
      loadAnnotations(ctx, viewScope(ctx, city.key, null, exact)),
    ]);
    if (exact) adoptPeriod(ctx, form, report.period);
    const calendar = report.disclosure.calendarPeriod;
    const csvQuery: Record<string, string> =
      exact || calendar === null
        ? { from: report.period.from, to: report.period.to, interval: report.interval }
        : { period: calendar, interval: report.interval };
    const noisy = report.disclosure.perturbed;
    const cards = report.summary.map((s) =>
      kpiCard(t, {
        id: s.metric,
        label: t.summaryMetrics[s.metric],
        value: summaryValue(t, f, report, s),
        change: summaryChange(f, s, noisy),
      }),
    );
    // Realtime is for the city itself and admins only: nobody else is asked for it.
    if (exact) cards.push(realtimeCard(ctx, city.key));
    return [
      periodLine(
        ctx,
        report.period,
        report.previousPeriod,
        report.access === 'published' ? report.k : null,
        exact ? null : calendar,
      ),
      panel(
        ctx,
        {
          title: t.summaryHeading,
          className: 'summary',
          csv: [
            {
              label: t.summaryHeading,
              path: `/v1/cities/${city.key}/report`,
              query: { ...csvQuery, table: 'summary' },
            },
          ],
        },
        h('div', { class: 'kpis' }, ...cards),
      ),
      panel(
        ctx,
        {
          title: t.timeseriesHeading,
          className: 'timeseries',
          csv: [
            {
              label: t.timeseriesHeading,
              path: `/v1/cities/${city.key}/report`,
              query: { ...csvQuery, table: 'timeseries' },
            },
          ],
        },
        seriesFigure(ctx, report, notes),
      ),
      notes.panel(),
      pagesPanels(ctx, report, csvQuery),
      h(
        'div',
        { class: 'grid grid-3' },
        breakdownPanel(ctx, report, 'channels', csvQuery),
        breakdownPanel(ctx, report, 'devices', csvQuery),
        breakdownPanel(ctx, report, 'browsers', csvQuery),
      ),
      cityTakeUpPanel(ctx, report, csvQuery),
      ...links,
    ];
  });
}
