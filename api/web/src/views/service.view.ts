/*
 * Service view: one online service in one city. The funnel with drop-off per step, the completion rate over time,
 * the fields with the most validation errors, and satisfaction.
 */
import type { FunnelReport } from '../api.client.ts';
import { barCell } from '../charts/bar-cell.ts';
import { funnelChart, stageLabel } from '../charts/funnel.chart.ts';
import { lineChart } from '../charts/line.chart.ts';
import { dataTable } from '../components/data-table.ts';
import { adoptPeriod, filterForm } from '../components/filters.ts';
import { kpiCard } from '../components/kpi.ts';
import { chartFigure, panel } from '../components/panel.ts';
import { cellView } from '../format.ts';
import { h } from '../html.ts';
import { serviceName, type ViewContext } from '../view-context.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

const ERROR_ROWS = 10;

function kpis(ctx: ViewContext, r: FunnelReport): HTMLElement {
  const { t, f } = ctx;
  const time = r.timeToComplete;
  const sat = r.satisfaction;
  return h(
    'div',
    { class: 'kpis' },
    kpiCard(t, {
      id: 'startRate',
      label: t.startRate,
      value: cellView(t, r.k, r.startRate.value, r.startRate.status, f.rate),
      hint: t.startRateHint,
    }),
    kpiCard(t, {
      id: 'completionRate',
      label: t.completionRate,
      value: cellView(t, r.k, r.completionRate.value, r.completionRate.status, f.rate),
      hint: t.completionRateHint,
    }),
    kpiCard(t, {
      id: 'medianTime',
      label: t.medianTime,
      value: cellView(t, r.k, time.medianSec, time.status, f.seconds),
      hint:
        time.q1Sec !== null && time.q3Sec !== null
          ? t.medianTimeHint(f.seconds(time.q1Sec), f.seconds(time.q3Sec))
          : null,
    }),
    kpiCard(t, {
      id: 'errorRate',
      label: t.errorRate,
      value: cellView(t, r.k, r.errors.errorRate, r.errors.status, f.rate),
      hint: t.errorRateHint,
    }),
    kpiCard(t, {
      id: 'satisfaction',
      label: t.satisfaction,
      value: cellView(t, r.k, sat.average, sat.status, f.score),
      hint: sat.ratings !== null ? t.satisfactionHint(f.count(sat.ratings)) : null,
    }),
  );
}

function funnelPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f } = ctx;
  return panel(
    ctx,
    {
      title: t.funnelHeading,
      className: 'funnel-panel',
      csv: [{ label: t.funnelHeading, path, query: { ...csvQuery, table: 'steps' } }],
    },
    chartFigure(
      ctx,
      t.funnelHeading,
      funnelChart(t, f, r.k, r.stages),
      dataTable({
        caption: t.funnelHeading,
        columns: [
          { label: t.stage },
          { label: t.summaryMetrics.visitors, numeric: true },
          { label: t.shareOfViewers, numeric: true },
          { label: t.dropOff, numeric: true },
          { label: t.dropOffRate, numeric: true },
        ],
        rows: r.stages.map((s) => [
          stageLabel(t, s),
          cellView(t, r.k, s.visitors, s.status, f.count),
          s.shareOfViewers === null ? '–' : f.rate(s.shareOfViewers),
          s.dropOff === null ? '–' : f.count(s.dropOff),
          s.dropOffRate === null ? '–' : f.rate(s.dropOffRate),
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
        }),
        dataTable({
          caption: t.completionSeriesHeading,
          columns: [
            { label: t.bucket },
            { label: t.starters, numeric: true },
            { label: t.confirmers, numeric: true },
            { label: t.completionRate, numeric: true },
          ],
          rows: r.timeseries.map((p) => [
            f.bucket(p.bucket, r.interval),
            cellView(t, r.k, p.starters, p.status, f.count),
            cellView(t, r.k, p.confirmers, p.status, f.count),
            cellView(t, r.k, p.completionRate, p.status, f.rate),
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
      : dataTable({
          caption: t.errorsHeading,
          captionHidden: true,
          columns: [
            { label: t.field },
            { label: t.step, numeric: true },
            { label: t.errorVisitors, numeric: true },
            { label: t.errorCount, numeric: true },
          ],
          rows: fields.map((x) => [
            h('code', { class: 'path' }, x.field),
            f.count(x.step),
            barCell(cellView(t, r.k, x.visitors, x.status, f.count), x.visitors, max),
            cellView(t, r.k, x.errors, x.status, f.count),
          ]),
        }),
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
  const rows = [...sat.distribution].sort((a, b) => b.score - a.score);
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
          caption: t.satisfactionHeading,
          captionHidden: true,
          columns: [
            { label: t.score },
            { label: t.shareOfRatings, numeric: true },
            { label: t.ratings, numeric: true },
          ],
          rows: rows.map((d) => [
            t.scoreOf(d.score),
            barCell(cellView(t, r.k, d.share, d.status, f.rate), d.share, 1),
            cellView(t, r.k, d.ratings, d.status, f.count),
          ]),
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
  const results = h('div', { class: 'results' });
  const form = filterForm(
    ctx,
    { city: true, service: true, interval: ['day', 'week', 'month'], intervalKey: 'funnelInterval' },
    () => ctx.refresh(),
  );
  root.replaceChildren(viewHeader(t.serviceTitle(serviceName(ctx.lang, service), city.name)), form, results);

  loadInto(ctx, results, async () => {
    const path = `/v1/cities/${city.key}/services/${service.key}/funnel`;
    const r = await session.api.json<FunnelReport>(path, {
      from: sel.from,
      to: sel.to,
      interval: sel.funnelInterval,
      limit: ERROR_ROWS,
    });
    adoptPeriod(ctx, form, r.period);
    const csvQuery = { from: r.period.from, to: r.period.to, interval: r.interval };
    return [
      periodLine(ctx, r.period, null, r.access === 'published' ? r.k : null),
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
        completionPanel(ctx, r, path, csvQuery),
        satisfactionPanel(ctx, r, path, csvQuery),
      ),
    ];
  });
}
