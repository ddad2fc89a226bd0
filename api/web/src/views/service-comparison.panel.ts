/*
 * The service view's comparison with the other cities: per metric the city's figure (per 1,000 inhabitants for
 * counts), the median and middle half of the cities, and the rank. It says in words which period it covers and why
 * that may differ from the funnel's: a city team's funnel is exact over any range, the comparison with others exists
 * only for closed calendar periods.
 */
import type { ComparisonReport } from '../api.client.ts';
import { parseCalendarPeriod } from '../calendar.ts';
import { cityName, isPerturbed, metricFormat, shownCell } from '../comparison-cells.ts';
import { dataTable } from '../components/data-table.ts';
import { panel } from '../components/panel.ts';
import { calendarPeriodName, plainView } from '../format.ts';
import { h } from '../html.ts';
import { SERVICE_METRICS, type ViewContext } from '../view-context.ts';

/**
 * `own`: the funnel above is the city's own over a free range, the comparison has its own calendar period;
 * `same`: funnel and comparison cover the same period.
 */
export function serviceComparisonPanel(
  ctx: ViewContext,
  r: ComparisonReport,
  cityKey: string,
  period: 'own' | 'same',
  /** Where several services' comparisons share a page, each needs a name of its own. */
  title = ctx.t.serviceComparisonHeading,
): HTMLElement {
  const { t, f } = ctx;
  const row = r.cities.find((c) => c.city.key === cityKey);
  const calendar =
    r.disclosure.calendarPeriod === null ? null : parseCalendarPeriod(r.disclosure.calendarPeriod);
  const periodName = calendar
    ? calendarPeriodName(t, f, calendar)
    : t.periodText(f.day(r.period.from), f.day(r.period.to));
  const noisy = r.disclosure.perturbed;
  const intro =
    period === 'own'
      ? t.serviceComparisonOwn(periodName)
      : noisy
        ? t.serviceComparisonPublished(periodName)
        : t.serviceComparisonExact;
  const name = row ? (row.city.own ? `${cityName(t, row.city)} (${t.ownCity})` : cityName(t, row.city)) : '';
  const rows = SERVICE_METRICS.flatMap((metric) => {
    const summary = r.metrics.find((m) => m.metric === metric);
    const cell = row?.metrics[metric];
    if (!summary || !cell || !row) return [];
    const isCount = summary.kind === 'count';
    const fmt = isCount ? f.per1000 : metricFormat(f, summary.kind);
    const { median, q1, q3 } = summary;
    return [
      [
        isCount ? t.perCapitaOf(t.metrics[metric]) : t.metrics[metric],
        shownCell(t, f, r.k, summary.kind, cell, true, isPerturbed(r, row.city)).view,
        median === null ? '–' : plainView(fmt(median), noisy),
        q1 === null || q3 === null ? '–' : plainView(t.rangeOf(fmt(q1), fmt(q3)), noisy),
        cell.rank !== null
          ? t.rankOf(f.count(cell.rank), f.count(summary.n))
          : cell.rankBand !== null
            ? t.rankBands[cell.rankBand]
            : '–',
      ],
    ];
  });
  const query: Record<string, string> = calendar
    ? { period: calendar.label, table: 'cities' }
    : { from: r.period.from, to: r.period.to, table: 'cities' };
  return panel(
    ctx,
    {
      title,
      className: 'service-comparison',
      csv: [{ label: title, path: `/v1/services/${r.service.key}/comparison`, query }],
    },
    h('p', { class: 'panel-intro', 'data-comparison-intro': '' }, intro),
    h(
      'div',
      {
        class: 'table-scroll',
        tabindex: '0',
        role: 'region',
        'aria-label': t.tableOf(title),
      },
      dataTable({
        t,
        caption: `${title}: ${periodName}`,
        captionHidden: true,
        columns: [
          { label: t.metricColumn },
          { label: name, numeric: true },
          { label: t.medianOfCities, numeric: true },
          { label: t.middleHalf, numeric: true },
          { label: t.rank, numeric: true },
        ],
        rows,
      }),
    ),
    h('p', {}, h('a', { href: '#/comparison' }, t.toComparison)),
  );
}
