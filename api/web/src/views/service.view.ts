/*
 * Service view: one online service in one city. The funnel with drop-off per step, the completion rate over time,
 * the fields with the most validation errors, satisfaction, digital take-up per month, and the service compared with
 * the other cities.
 *
 * A city team reads its own funnel exactly over any range, but the other cities only over a closed calendar period:
 * the comparison panel then has a period of its own ("Vergleichszeitraum"), shared with the comparison view, and
 * says so on the page. The consortium reads both over one calendar period; admins both exactly over one range.
 */
import type { ComparisonReport, FunnelReport } from '../api.client.ts';
import { barCell } from '../charts/bar-cell.ts';
import { funnelChart, stageLabel } from '../charts/funnel.chart.ts';
import { lineChart } from '../charts/line.chart.ts';
import { dataTable, foldedLabel } from '../components/data-table.ts';
import { adoptPeriod, filterForm, publishedPeriod } from '../components/filters.ts';
import { kpiCard } from '../components/kpi.ts';
import { chartFigure, panel } from '../components/panel.ts';
import { cellView, notCountedView, plainView } from '../format.ts';
import { h } from '../html.ts';
import { comparesExactly, readsExactly, serviceName, type ViewContext } from '../view-context.ts';
import { loadAnnotations, type ViewAnnotations, viewScope } from './annotations.panel.ts';
import { linksPanels } from './links.panels.ts';
import { serviceComparisonPanel } from './service-comparison.panel.ts';
import { takeUpHint, takeUpPanel, takeUpView } from './take-up.panel.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

const ERROR_ROWS = 10;

export function kpis(ctx: ViewContext, r: FunnelReport): HTMLElement {
  const { t, f } = ctx;
  const time = r.timeToComplete;
  const sat = r.satisfaction;
  const takeUp = r.digitalTakeUp;
  const noisy = r.disclosure.perturbed;
  return h(
    'div',
    { class: 'kpis' },
    kpiCard(t, {
      id: 'startRate',
      label: t.startRate,
      value: cellView(t, r.k, r.startRate.value, r.startRate.status, f.rate, noisy),
      hint: t.startRateHint,
    }),
    kpiCard(t, {
      id: 'completionRate',
      label: t.completionRate,
      value: cellView(t, r.k, r.completionRate.value, r.completionRate.status, f.rate, noisy),
      hint: t.completionRateHint,
    }),
    kpiCard(t, {
      id: 'medianTime',
      label: t.medianTime,
      value: cellView(t, r.k, time.medianSec, time.status, f.seconds, noisy),
      hint:
        time.q1Sec !== null && time.q3Sec !== null
          ? t.medianTimeHint(f.seconds(time.q1Sec), f.seconds(time.q3Sec))
          : null,
    }),
    kpiCard(t, {
      id: 'errorRate',
      label: t.errorRate,
      value: cellView(t, r.k, r.errors.errorRate, r.errors.status, f.rate, noisy),
      hint: t.errorRateHint,
    }),
    kpiCard(t, {
      id: 'satisfaction',
      label: t.satisfaction,
      value: cellView(t, r.k, sat.average, sat.status, f.score, noisy),
      hint: sat.ratings !== null ? t.satisfactionHint(f.count(sat.ratings)) : null,
    }),
    kpiCard(t, {
      id: 'digitalTakeUp',
      label: t.digitalTakeUp,
      value: takeUpView(ctx, r.k, takeUp, takeUp.wholeMonths, noisy),
      hint: takeUpHint(ctx, takeUp, noisy),
    }),
  );
}

/** `title`: where several services' funnels share a page, each needs a name of its own. */
export function funnelPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
  title = ctx.t.funnelHeading,
): HTMLElement {
  const { t, f } = ctx;
  const noisy = r.disclosure.perturbed;
  const derived = (n: number | null, format: (n: number) => string) =>
    n === null ? '–' : plainView(format(n), noisy);
  return panel(
    ctx,
    {
      title,
      className: 'funnel-panel',
      csv: [{ label: title, path, query: { ...csvQuery, table: 'steps' } }],
    },
    chartFigure(
      ctx,
      title,
      funnelChart(t, f, r.k, r.stages, noisy),
      dataTable({
        t,
        caption: title,
        columns: [
          { label: t.stage },
          { label: t.summaryMetrics.visitors, numeric: true },
          { label: t.shareOfViewers, numeric: true },
          { label: t.dropOff, numeric: true },
          { label: t.dropOffRate, numeric: true },
        ],
        rows: r.stages.map((s) => [
          stageLabel(t, s),
          cellView(t, r.k, s.visitors, s.status, f.count, noisy),
          derived(s.shareOfViewers, f.rate),
          derived(s.dropOff, f.count),
          derived(s.dropOffRate, f.rate),
        ]),
      }),
    ),
  );
}

function completionPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
  notes: ViewAnnotations,
): HTMLElement {
  const { t, f } = ctx;
  const host = h('div', { class: 'chart-host' });
  requestAnimationFrame(() =>
    host.replaceChildren(
      chartFigure(
        ctx,
        t.completionSeriesHeading,
        lineChart({
          points: r.timeseries.map((p) => ({
            short: f.bucketShort(p.bucket, r.interval),
            value: p.status === 'ok' ? p.completionRate : null,
          })),
          width: host.clientWidth || 600,
          height: 220,
          format: f.rate,
          max: 1,
          markers: notes.markers(
            r.timeseries.map((p) => p.bucket),
            r.interval,
          ),
        }),
        dataTable({
          t,
          caption: t.completionSeriesHeading,
          columns: [
            { label: t.bucket },
            { label: t.starters, numeric: true },
            { label: t.confirmers, numeric: true },
            { label: t.completionRate, numeric: true },
          ],
          rows: r.timeseries.map((p) => [
            f.bucket(p.bucket, r.interval),
            cellView(t, r.k, p.starters, p.status, f.count, r.disclosure.perturbed),
            cellView(t, r.k, p.confirmers, p.status, f.count, r.disclosure.perturbed),
            cellView(t, r.k, p.completionRate, p.status, f.rate, r.disclosure.perturbed),
          ]),
        }),
      ),
    ),
  );
  return panel(
    ctx,
    {
      title: t.completionSeriesHeading,
      className: 'completion-panel',
      csv: [{ label: t.completionSeriesHeading, path, query: { ...csvQuery, table: 'timeseries' } }],
    },
    host,
    notes.chartList(),
  );
}

function errorsPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f } = ctx;
  const fields = r.errors.fields;
  const max = Math.max(0, ...fields.map((x) => x.visitors ?? 0));
  const noisy = r.disclosure.perturbed;
  return panel(
    ctx,
    {
      title: t.errorsHeading,
      className: 'errors-panel',
      intro: t.errorsIntro,
      csv: [{ label: t.errorsHeading, path, query: { ...csvQuery, table: 'errors' } }],
    },
    fields.length === 0
      ? h('p', { class: 'empty' }, t.noErrors)
      : // Four columns with bars: on a phone the table scrolls inside its own region rather than the page.
        h(
          'div',
          { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t.tableOf(t.errorsHeading) },
          dataTable({
            t,
            caption: t.errorsHeading,
            captionHidden: true,
            columns: [
              { label: t.field },
              { label: t.step, numeric: true },
              { label: t.errorVisitors, numeric: true },
              { label: t.errorCount, numeric: true },
            ],
            // Published lists fold their small rows into one last row without field and step: "Sonstige".
            rows: fields.map((x) => [
              x.field === null ? foldedLabel(t) : h('code', { class: 'path' }, x.field),
              x.step === null ? '–' : f.count(x.step),
              x.field === null && x.status === 'ok'
                ? notCountedView(t)
                : barCell(t, cellView(t, r.k, x.visitors, x.status, f.count, noisy), x.visitors, max),
              cellView(t, r.k, x.errors, x.status, f.count, noisy),
            ]),
            rowClass: (i) => (fields[i]?.field === null ? 'folded' : null),
          }),
        ),
  );
}

function satisfactionPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f } = ctx;
  const sat = r.satisfaction;
  // Scores from 5 down; the folded row of a published answer (score null) last.
  const rows = [...sat.distribution].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const noisy = r.disclosure.perturbed;
  return panel(
    ctx,
    {
      title: t.satisfactionHeading,
      className: 'satisfaction-panel',
      csv: [{ label: t.satisfactionHeading, path, query: { ...csvQuery, table: 'ratings' } }],
    },
    rows.length === 0
      ? h('p', { class: 'empty' }, t.noRatings)
      : dataTable({
          t,
          caption: t.satisfactionHeading,
          captionHidden: true,
          columns: [
            { label: t.score },
            { label: t.shareOfRatings, numeric: true },
            { label: t.ratings, numeric: true },
          ],
          rows: rows.map((d) => [
            d.score === null ? foldedLabel(t) : t.scoreOf(d.score),
            barCell(t, cellView(t, r.k, d.share, d.status, f.rate, noisy), d.share, 1),
            cellView(t, r.k, d.ratings, d.status, f.count, noisy),
          ]),
          rowClass: (i) => (rows[i]?.score === null ? 'folded' : null),
        }),
  );
}

export function serviceView(ctx: ViewContext, root: HTMLElement): void {
  const { t, selection: sel, session } = ctx;
  const city = session.cities.find((c) => c.key === sel.city);
  const service = session.services.find((s) => s.key === sel.service);
  if (!city || !service) {
    root.replaceChildren(
      viewHeader(t.viewService),
      h('p', { class: 'empty' }, city ? t.noServices : t.noCities),
    );
    return;
  }
  const exact = readsExactly(session, city.key);
  const comparedExactly = comparesExactly(session);
  const results = h('div', { class: 'results' });
  const form = filterForm(
    ctx,
    {
      city: true,
      service: true,
      period: exact ? 'free' : 'calendar',
      comparisonPeriod: exact && !comparedExactly,
      interval: ['day', 'week', 'month'],
      intervalKey: 'funnelInterval',
    },
    () => ctx.refresh(),
  );
  root.replaceChildren(viewHeader(t.serviceTitle(serviceName(ctx.lang, service), city.name)), form, results);

  loadInto(ctx, results, async () => {
    const path = `/v1/cities/${city.key}/services/${service.key}/funnel`;
    const calendar = publishedPeriod(ctx);
    const own = { from: sel.from, to: sel.to };
    const [r, comparison, links, notes] = await Promise.all([
      session.api.json<FunnelReport>(path, {
        ...(exact ? { ...own, interval: sel.funnelInterval } : calendar),
        limit: ERROR_ROWS,
      }),
      session.api.json<ComparisonReport>(
        `/v1/services/${service.key}/comparison`,
        comparedExactly ? own : { period: calendar.period },
      ),
      linksPanels(ctx, {
        city: city.key,
        service: service.key,
        period: exact ? own : { period: calendar.period },
      }),
      loadAnnotations(ctx, viewScope(ctx, city.key, service.key, exact)),
    ]);
    if (exact) adoptPeriod(ctx, form, r.period);
    const label = r.disclosure.calendarPeriod;
    const csvQuery: Record<string, string> =
      exact || label === null
        ? { from: r.period.from, to: r.period.to, interval: r.interval }
        : { period: label, interval: r.interval };
    return [
      periodLine(ctx, r.period, null, r.access === 'published' ? r.k : null, exact ? null : label),
      panel(ctx, { title: t.serviceKpiHeading, className: 'summary' }, kpis(ctx, r)),
      // Paired by height: the two long lists, then the chart and the short distribution.
      h(
        'div',
        { class: 'grid grid-2' },
        funnelPanel(ctx, r, path, csvQuery),
        errorsPanel(ctx, r, path, csvQuery),
      ),
      h(
        'div',
        { class: 'grid grid-2' },
        completionPanel(ctx, r, path, csvQuery, notes),
        satisfactionPanel(ctx, r, path, csvQuery),
      ),
      takeUpPanel(ctx, r, path, csvQuery),
      serviceComparisonPanel(ctx, comparison, city.key, exact && !comparedExactly ? 'own' : 'same'),
      ...links,
    ];
  });
}
