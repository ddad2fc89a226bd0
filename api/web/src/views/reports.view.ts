/*
 * "Berichte": what a city reports for one month — its EU Single Digital Gateway statistics and user feedback (the
 * bodies sent to the Commission), their transmissions, and its transactions per online service for the Zentrale
 * Statistik-Komponente. The api answers a city's reports to its own team and admins only, so only they get those
 * sections (any month that has begun, default the last one that has ended); the consortium and admins also get the
 * all-cities ZSK file, the consortium for closed months only.
 */
import {
  ApiError,
  type SdgFeedbackPages,
  type SdgStatistics,
  type SdgTransmissions,
  type ZskReport,
} from '../api.client.ts';
import { type CalendarPeriod, closedChoices, ownReportMonths, reportDay } from '../calendar.ts';
import { filterForm } from '../components/filters.ts';
import { calendarPeriodName } from '../format.ts';
import { h } from '../html.ts';
import { REPORTS_TEXTS } from '../reports.i18n.ts';
import { readsAllCitiesZsk, reportCities, type ViewContext } from '../view-context.ts';
import type { ReportScope } from './report-parts.ts';
import { sdgFeedbackPanel, sdgStatisticsPanel } from './sdg.panels.ts';
import { transmissionsPanel } from './sdg-transmissions.panel.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';
import { allCitiesZskPanel, zskPanel } from './zsk.panels.ts';

/** The months offered (value, name), the one shown, and whether it is still running. */
function monthChoice(
  ctx: ViewContext,
  own: boolean,
): { choices: [string, string][]; month: CalendarPeriod; open: boolean } {
  const r = REPORTS_TEXTS[ctx.lang];
  const wanted = ctx.selection.reportMonth;
  const name = (p: CalendarPeriod) => calendarPeriodName(ctx.t, ctx.f, p);
  if (!own) {
    // The all-cities file for the consortium holds other cities' numbers: closed months only, as every published view.
    const months = closedChoices(ctx.latestClosed(), 'month');
    const month = months.find((m) => m.label === wanted) ?? (months[0] as CalendarPeriod);
    return { choices: months.map((m) => [m.label, name(m)]), month, open: false };
  }
  const { current, months } = ownReportMonths(reportDay(new Date()));
  // The default is the last month that has ended, as the api's.
  const month = months.find((m) => m.label === wanted) ?? (months[1] as CalendarPeriod);
  return {
    choices: months.map((m) => [m.label, m === current ? r.currentMonth(name(m)) : name(m)]),
    month,
    open: month.label === current.label,
  };
}

export function reportsView(ctx: ViewContext, root: HTMLElement): void {
  const { session } = ctx;
  const r = REPORTS_TEXTS[ctx.lang];
  const cities = reportCities(session);
  const city = cities.find((c) => c.key === ctx.selection.city) ?? cities[0] ?? null;
  const allCities = readsAllCitiesZsk(session);
  const { choices, month, open } = monthChoice(ctx, city !== null);
  const form = filterForm(
    ctx,
    { city: city !== null, period: 'month', months: { value: month.label, choices } },
    () => ctx.refresh(),
  );
  const results = h('div', { class: 'results reports' });
  root.replaceChildren(
    viewHeader(city ? r.title(city.name) : r.consortiumTitle),
    h('p', { class: 'lead reports-lead' }, city ? r.lead : r.consortiumLead),
    form,
    results,
  );

  loadInto(ctx, results, async () => {
    const api = session.api;
    const query = { month: month.label };
    const base = city ? `/v1/cities/${city.key}` : null;
    try {
      const [statistics, feedback, history, zsk, all] = await Promise.all([
        base ? api.json<SdgStatistics>(`${base}/sdg/statistics`, query) : null,
        base ? api.json<SdgFeedbackPages>(`${base}/sdg/feedback/pages`, query) : null,
        base ? api.json<SdgTransmissions>(`${base}/sdg/transmissions`) : null,
        base ? api.json<ZskReport>(`${base}/zsk`, query) : null,
        allCities ? api.json<ZskReport>('/v1/zsk', query) : null,
      ]);
      const nodes: Node[] = [
        periodLine(ctx, month, null, null, month.label),
        open ? h('p', { class: 'noise-note', 'data-month-open': '' }, r.monthOpen) : null,
      ].filter((n): n is HTMLElement => n !== null);
      if (city && statistics && feedback && history && zsk) {
        const scope: ReportScope = {
          ctx,
          r,
          city: city.key,
          month: month.label,
          transmissions: history.transmissions,
          gateway: history.gateway,
        };
        nodes.push(
          sdgStatisticsPanel(scope, statistics),
          sdgFeedbackPanel(scope, feedback.pages),
          transmissionsPanel(scope),
          zskPanel(ctx, r, city.key, zsk),
        );
      }
      if (all) nodes.push(allCitiesZskPanel(ctx, r, all));
      return nodes;
    } catch (err) {
      // A browser clock ahead of the api's may offer a month the api has not begun.
      if (err instanceof ApiError && err.code === 'API_MONTH_NOT_BEGUN')
        return [h('p', { class: 'error-note', role: 'alert' }, r.monthNotBegun)];
      throw err;
    }
  });
}
