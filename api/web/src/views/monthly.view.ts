/*
 * "Monatsbericht": one closed month of one city on a page made for print. The same page, rendered by Chromium, is
 * the PDF of `report monthly` (api/src/monthly-report/). The city's own team and admins read it: the city's numbers
 * exactly, the other cities in the comparison as the disclosure layer gives them to the reader, and all of the
 * city's annotations of the month (on the chart and listed). Closed months only, since other cities' numbers exist
 * for those alone.
 */
import type { CityReport, ComparisonReport, FunnelReport } from '../api.client.ts';
import { type CalendarPeriod, closedChoices, parseCalendarPeriod } from '../calendar.ts';
import { lineChart } from '../charts/line.chart.ts';
import { dataTable } from '../components/data-table.ts';
import { filterForm } from '../components/filters.ts';
import { kpiCard } from '../components/kpi.ts';
import { chartFigure, panel } from '../components/panel.ts';
import { calendarPeriodName, cellView } from '../format.ts';
import { h } from '../html.ts';
import { MONTHLY_TEXTS } from '../monthly.i18n.ts';
import { reportCities, serviceName, type ViewContext } from '../view-context.ts';
import { loadAnnotations, type ViewAnnotations } from './annotations.panel.ts';
import { summaryChange, summaryValue } from './city.view.ts';
import { funnelPanel, kpis } from './service.view.ts';
import { serviceComparisonPanel } from './service-comparison.panel.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

const TOP_ROWS = 5;

/**
 * The last twelve closed months, and an older closed month when one was asked for by address
 * (`#/monthly/2025-02`, as `report monthly` opens the page): a report can be made again for any month that has
 * ended.
 */
function monthOf(ctx: ViewContext): { choices: CalendarPeriod[]; month: CalendarPeriod } {
  const latest = ctx.latestClosed();
  const choices = closedChoices(latest, 'month');
  const asked = parseCalendarPeriod(ctx.selection.reportMonth);
  const older = asked?.level === 'month' && asked.label < (choices.at(-1)?.label ?? '') ? [asked] : [];
  const all = [...choices, ...older];
  const month = all.find((m) => m.label === ctx.selection.reportMonth) ?? (all[0] as CalendarPeriod);
  return { choices: all, month };
}

/** Visitors per day with the month's annotations: numbered markers on the chart, listed beneath it. */
function seriesPanel(ctx: ViewContext, report: CityReport, notes: ViewAnnotations): HTMLElement {
  const { t, f } = ctx;
  const m = MONTHLY_TEXTS[ctx.lang];
  const noisy = report.disclosure.perturbed;
  return panel(
    ctx,
    {
      title: m.series,
      className: 'monthly-series',
      csv: [
        {
          label: m.series,
          path: `/v1/cities/${report.city.key}/report`,
          query: { from: report.period.from, to: report.period.to, interval: 'day', table: 'timeseries' },
        },
      ],
    },
    chartFigure(
      ctx,
      m.series,
      lineChart({
        points: report.timeseries.map((p) => ({
          short: f.bucketShort(p.bucket, 'day'),
          value: p.status === 'ok' ? p.visitors : null,
        })),
        // A4 portrait's text width at 96 dpi: the print and the screen draw the same chart.
        width: 700,
        format: f.count,
        markers: notes.markers(
          report.timeseries.map((p) => p.bucket),
          'day',
        ),
      }),
      dataTable({
        t,
        caption: m.series,
        columns: [{ label: t.bucket }, { label: t.seriesMetrics.visitors, numeric: true }],
        rows: report.timeseries.map((p) => [
          f.bucket(p.bucket, 'day'),
          cellView(t, report.k, p.visitors, p.status, f.count, noisy),
        ]),
      }),
    ),
    notes.chartList(),
  );
}

export function monthlyView(ctx: ViewContext, root: HTMLElement): void {
  const { t, f, session } = ctx;
  const m = MONTHLY_TEXTS[ctx.lang];
  const cities = reportCities(session);
  const city = cities.find((c) => c.key === ctx.selection.city) ?? cities[0];
  if (!city) {
    root.replaceChildren(viewHeader(m.nav), h('p', { class: 'empty' }, t.noCities));
    return;
  }
  const { choices, month } = monthOf(ctx);
  const monthName = calendarPeriodName(t, f, month);
  const form = filterForm(
    ctx,
    {
      city: cities.length > 1,
      period: 'month',
      months: { value: month.label, choices: choices.map((c) => [c.label, calendarPeriodName(t, f, c)]) },
    },
    () => ctx.refresh(),
  );
  const print = h('button', { type: 'button', class: 'button', id: 'print-report' }, m.print);
  print.addEventListener('click', () => window.print());
  const results = h('div', { class: 'results monthly' });
  root.replaceChildren(
    viewHeader(m.title(city.name, monthName)),
    h('p', { class: 'lead monthly-lead' }, m.lead),
    form,
    h('div', { class: 'print-actions' }, print, h('p', { class: 'print-hint' }, m.printHint)),
    results,
  );

  loadInto(ctx, results, async () => {
    const api = session.api;
    const own = { from: month.from, to: month.to };
    const [report, notes, services] = await Promise.all([
      api.json<CityReport>(`/v1/cities/${city.key}/report`, { ...own, interval: 'day', limit: TOP_ROWS }),
      loadAnnotations(ctx, { city: city.key, service: null, ...own }),
      Promise.all(
        session.services.map(async (s) => {
          const [funnel, comparison] = await Promise.all([
            api.json<FunnelReport>(`/v1/cities/${city.key}/services/${s.key}/funnel`, {
              ...own,
              interval: 'week',
              limit: TOP_ROWS,
            }),
            api.json<ComparisonReport>(`/v1/services/${s.key}/comparison`, { period: month.label }),
          ]);
          return { service: s, funnel, comparison };
        }),
      ),
    ]);
    const used = services.filter((s) => (s.funnel.stages[0]?.visitors ?? 0) > 0);
    const unused = services.filter((s) => !used.includes(s));
    const noisy = report.disclosure.perturbed;
    return [
      periodLine(ctx, report.period, report.previousPeriod, null, month.label),
      panel(
        ctx,
        { title: m.headline, className: 'summary' },
        h(
          'div',
          { class: 'kpis' },
          ...report.summary.map((s) =>
            kpiCard(t, {
              id: s.metric,
              label: t.summaryMetrics[s.metric],
              value: summaryValue(t, f, report, s),
              change: summaryChange(f, s, noisy),
            }),
          ),
        ),
      ),
      seriesPanel(ctx, report, notes),
      h('h2', { class: 'monthly-services' }, m.services),
      used.length === 0 ? h('p', { class: 'empty' }, m.noServices) : null,
      ...used.map(({ service, funnel, comparison }) =>
        h(
          'section',
          { class: 'monthly-service', 'data-service': service.key },
          h('h3', {}, m.serviceHeading(serviceName(ctx.lang, service))),
          kpis(ctx, funnel),
          funnelPanel(
            ctx,
            funnel,
            `/v1/cities/${city.key}/services/${service.key}/funnel`,
            { ...own, interval: 'week' },
            `${t.funnelHeading} (${serviceName(ctx.lang, service)})`,
          ),
          serviceComparisonPanel(
            ctx,
            comparison,
            city.key,
            'same',
            `${t.serviceComparisonHeading} (${serviceName(ctx.lang, service)})`,
          ),
        ),
      ),
      unused.length > 0
        ? h('p', { class: 'note' }, m.unused(unused.map((u) => serviceName(ctx.lang, u.service)).join(', ')))
        : null,
      h('p', { class: 'note monthly-generated' }, m.generated(f.dateTime(new Date().toISOString()))),
    ].filter((n): n is HTMLElement => n !== null);
  });
}
