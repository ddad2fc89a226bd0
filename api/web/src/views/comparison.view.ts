/*
 * Comparison view: one service and metric in every city side by side (median, middle half, own city, suppressed
 * cells in words), and every service × every city as a heat table for the same metric.
 */
import type { ComparisonReport, MatrixReport } from '../api.client.ts';
import { type ComparisonBar, comparisonChart } from '../charts/comparison.chart.ts';
import { heatTable } from '../charts/heat-table.ts';
import { cityName, isPerturbed, metricFormat, rankText, shownCell } from '../comparison-cells.ts';
import { dataTable } from '../components/data-table.ts';
import { adoptPeriod, filterForm, publishedPeriod } from '../components/filters.ts';
import { chartFigure, panel } from '../components/panel.ts';
import { cellView } from '../format.ts';
import { h, uid } from '../html.ts';
import type { Texts } from '../i18n.ts';
import { comparesExactly, serviceName, type ViewContext } from '../view-context.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

function legend(t: Texts, withBand: boolean, withOwn: boolean, withNoise: boolean): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    withBand ? h('li', {}, h('span', { class: 'swatch swatch-band' }), t.legendBand) : null,
    withBand ? h('li', {}, h('span', { class: 'swatch swatch-median' }), t.legendMedian) : null,
    withOwn ? h('li', {}, h('span', { class: 'swatch swatch-own' }), t.legendOwn) : null,
    withNoise ? h('li', {}, t.legendPerturbed) : null,
  );
}

function comparisonPanel(
  ctx: ViewContext,
  r: ComparisonReport,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f, selection: sel } = ctx;
  const metric = sel.metric;
  const summary = r.metrics.find((m) => m.metric === metric);
  if (!summary) throw new Error(`comparison without metric ${metric}`);
  const kind = summary.kind;
  const isCount = kind === 'count';
  // The api compares counts per 1,000 inhabitants and every other metric on its value (`comparedOn`): median,
  // quartiles and ranks are over that figure.
  const comparedPerCapita = summary.comparedOn === 'per1000';
  const host = h('div', { class: 'chart-host' });
  const notes = h('div', { class: 'comparison-notes' });
  const path = `/v1/services/${r.service.key}/comparison`;

  const draw = () => {
    const perCapita = isCount && sel.perCapita;
    // The band is drawn only where the chart shows the compared figure.
    const withBand = !comparedPerCapita || perCapita;
    const fmt = perCapita ? f.per1000 : metricFormat(f, kind);
    const stats =
      withBand && summary.median !== null && summary.q1 !== null && summary.q3 !== null
        ? { q1: summary.q1, median: summary.median, q3: summary.q3 }
        : null;
    const rows = r.cities.map((c) => ({
      ref: c.city,
      cell: c.metrics[metric],
      perturbed: isPerturbed(r, c.city),
      ...shownCell(t, f, r.k, kind, c.metrics[metric], perCapita, isPerturbed(r, c.city)),
    }));
    const bars: ComparisonBar[] = rows
      .map((row) => ({
        label: cityName(t, row.ref),
        own: row.ref.own,
        value: row.view.shown ? row.value : null,
        cell: row.view,
      }))
      .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
    const title = t.comparisonChartHeading(t.metrics[metric]);
    const table = dataTable({
      t,
      caption: `${title}${perCapita ? ` (${t.unitPerCapita})` : ''}`,
      columns: [
        { label: t.city },
        { label: t.value, numeric: true },
        ...(isCount ? [{ label: t.per1000, numeric: true }] : []),
        { label: t.rank, numeric: true },
      ],
      rows: rows.map((row) => [
        row.ref.own ? `${cityName(t, row.ref)} (${t.ownCity})` : cityName(t, row.ref),
        cellView(t, r.k, row.cell.value, row.cell.status, metricFormat(f, kind), row.perturbed),
        ...(isCount ? [cellView(t, r.k, row.cell.per1000, row.cell.status, f.per1000, row.perturbed)] : []),
        rankText(t, f, row.cell),
      ]),
      rowClass: (i) => (rows[i]?.ref.own ? 'own' : null),
    });
    host.replaceChildren(
      legend(
        t,
        stats !== null,
        rows.some((row) => row.ref.own),
        rows.some((row) => row.perturbed),
      ),
      chartFigure(
        ctx,
        title,
        comparisonChart({
          bars,
          width: host.clientWidth || 900,
          format: fmt,
          stats,
          max: kind === 'rate' ? 1 : kind === 'score' ? 5 : undefined,
          ownSuffix: `(${t.ownCity})`,
        }),
        table,
      ),
    );
    notes.replaceChildren(
      h(
        'p',
        { 'data-stats': '' },
        stats
          ? `${t.medianBand(fmt(stats.median), fmt(stats.q1), fmt(stats.q3))} · ${t.citiesCompared(summary.n)}`
          : comparedPerCapita && summary.n > 0
            ? `${t.bandOnlyPerCapita} ${t.citiesCompared(summary.n)}`
            : t.citiesCompared(summary.n),
      ),
      h(
        'p',
        {},
        summary.higherIsBetter ? t.higherIsBetter : t.lowerIsBetter,
        summary.best.length > 0 ? ` · ${t.best(summary.best.map((b) => cityName(t, b)).join(', '))}` : null,
      ),
    );
    if (r.disclosure.perturbed) notes.append(h('p', { 'data-noise-note': '' }, t.statsFromPublished));
  };

  const controls: HTMLElement[] = [];
  if (isCount) {
    const id = uid('per-capita');
    const box = h('input', {
      type: 'checkbox',
      id,
      checked: sel.perCapita,
      'aria-describedby': `${id}-hint`,
    });
    box.addEventListener('change', () => {
      sel.perCapita = box.checked;
      draw();
    });
    controls.push(
      h(
        'div',
        { class: 'toggle' },
        box,
        h('label', { for: id }, t.perCapita),
        h('p', { id: `${id}-hint`, class: 'hint' }, t.perCapitaHint),
      ),
    );
  }
  requestAnimationFrame(draw);
  return panel(
    ctx,
    {
      title: t.comparisonChartHeading(t.metrics[metric]),
      className: 'comparison-panel',
      csv: [
        { label: t.csvCities, path, query: { ...csvQuery, table: 'cities' } },
        { label: t.csvMetrics, path, query: { ...csvQuery, table: 'metrics' } },
        { label: t.csvSteps, path, query: { ...csvQuery, table: 'steps' } },
      ],
    },
    ...controls,
    host,
    notes,
  );
}

export function comparisonView(ctx: ViewContext, root: HTMLElement): void {
  const { t, selection: sel, session } = ctx;
  const service = session.services.find((s) => s.key === sel.service);
  if (!service) {
    root.replaceChildren(viewHeader(t.viewComparison), h('p', { class: 'empty' }, t.noServices));
    return;
  }
  // Admins compare exact numbers over any range; everyone else one closed calendar period.
  const exact = comparesExactly(session);
  const results = h('div', { class: 'results' });
  const form = filterForm(ctx, { service: true, metric: true, period: exact ? 'free' : 'calendar' }, () =>
    ctx.refresh(),
  );
  root.replaceChildren(viewHeader(t.comparisonTitle(serviceName(ctx.lang, service))), form, results);

  loadInto(ctx, results, async () => {
    const period = exact ? { from: sel.from, to: sel.to } : { period: publishedPeriod(ctx).period };
    const [comparison, matrix] = await Promise.all([
      session.api.json<ComparisonReport>(`/v1/services/${service.key}/comparison`, period),
      session.api.json<MatrixReport>('/v1/comparison/matrix', { ...period, metric: sel.metric }),
    ]);
    if (exact) adoptPeriod(ctx, form, comparison.period);
    const calendar = comparison.disclosure.calendarPeriod;
    const csvQuery: Record<string, string> =
      exact || calendar === null
        ? { from: comparison.period.from, to: comparison.period.to }
        : { period: calendar };
    const metricName = t.metrics[sel.metric];
    const own = comparison.cities.some((c) => c.city.own);
    return [
      periodLine(ctx, comparison.period, null, null, exact ? null : calendar),
      comparison.disclosure.perturbed
        ? h('p', { class: 'note noise-note' }, own ? t.ownExact : t.allPerturbed)
        : null,
      comparisonPanel(ctx, comparison, csvQuery),
      panel(
        ctx,
        {
          title: t.matrixHeading(metricName),
          className: 'matrix-panel',
          intro: t.matrixIntro,
          csv: [
            { label: t.csvMatrix, path: '/v1/comparison/matrix', query: { ...csvQuery, metric: sel.metric } },
          ],
        },
        heatTable(ctx, matrix),
      ),
    ].filter((n): n is HTMLElement => n !== null);
  });
}
