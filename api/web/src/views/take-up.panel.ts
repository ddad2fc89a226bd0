/*
 * Digital take-up (online completions ÷ (online completions + the offline cases the city imported)) in the service
 * view (per month) and the city view (per service). Offline numbers come per calendar month: a month without them,
 * or a period that is not whole months, has no share, and reads so in words, never as 0 % or 100 %. The offline
 * cases are the city's own administrative figures and carry no noise; the online completions, and the share built
 * on them, carry the disclosure layer's noise in a published answer ("≈").
 */
import type { CityReport, FunnelReport } from '../api.client.ts';
import { dataTable } from '../components/data-table.ts';
import { panel } from '../components/panel.ts';
import { type CellView, cellView } from '../format.ts';
import { h } from '../html.ts';
import { serviceName, type ViewContext } from '../view-context.ts';

type TakeUp = FunnelReport['digitalTakeUp'];
type Figure = Pick<TakeUp, 'value' | 'status' | 'onlineCompletions' | 'offlineCases'>;

/** A period that is not whole calendar months has neither offline cases nor a share: "nur für ganze Monate". */
function wholeMonthsOnlyView(ctx: ViewContext): CellView {
  const { t } = ctx;
  return {
    text: t.wholeMonthsOnly,
    explanation: t.wholeMonthsOnlyExplained,
    shown: false,
    status: 'no_offline_data',
    perturbed: false,
  };
}

/** The share as it reads: a percentage, "weniger als k", "keine Offline-Zahlen" or "nur für ganze Monate". */
export function takeUpView(
  ctx: ViewContext,
  k: number,
  fig: Figure,
  wholeMonths: boolean,
  perturbed: boolean,
): CellView {
  if (!wholeMonths) return wholeMonthsOnlyView(ctx);
  return cellView(ctx.t, k, fig.value, fig.status, ctx.f.rate, perturbed);
}

/** Online completions: null only where others may not see them (below k, or hidden with a month below k). */
function onlineView(ctx: ViewContext, k: number, fig: Figure, perturbed: boolean): CellView {
  const { t, f } = ctx;
  if (fig.onlineCompletions !== null) return cellView(t, k, fig.onlineCompletions, 'ok', f.count, perturbed);
  return cellView(t, k, null, fig.status === 'complementary' ? 'complementary' : 'below_k', f.count);
}

function offlineView(ctx: ViewContext, k: number, fig: Figure, wholeMonths: boolean): CellView {
  const { t, f } = ctx;
  if (!wholeMonths) return wholeMonthsOnlyView(ctx);
  return fig.offlineCases === null
    ? cellView(t, k, null, 'no_offline_data', f.count)
    : cellView(t, k, fig.offlineCases, 'ok', f.count);
}

/** The hint of the service view's card: "412 online, 37 offline" where both are known. */
export function takeUpHint(ctx: ViewContext, fig: Figure, perturbed: boolean): string {
  const { t, f } = ctx;
  if (fig.onlineCompletions === null || fig.offlineCases === null) return t.digitalTakeUpDefinition;
  const online = `${perturbed ? '≈ ' : ''}${f.count(fig.onlineCompletions)}`;
  return t.digitalTakeUpHint(online, f.count(fig.offlineCases));
}

function scrolling(label: string, table: HTMLElement): HTMLElement {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

/** The service view: each whole month of the period. */
export function takeUpPanel(
  ctx: ViewContext,
  r: FunnelReport,
  path: string,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t, f } = ctx;
  const tu = r.digitalTakeUp;
  const noisy = r.disclosure.perturbed;
  return panel(
    ctx,
    {
      title: t.takeUpHeading,
      className: 'take-up-panel',
      intro: t.takeUpIntro,
      csv: [{ label: t.takeUpHeading, path, query: { ...csvQuery, table: 'digitalTakeUp' } }],
    },
    tu.months.length === 0
      ? h('p', { class: 'empty' }, t.takeUpNoMonths)
      : scrolling(
          t.tableOf(t.takeUpHeading),
          dataTable({
            t,
            caption: t.takeUpHeading,
            captionHidden: true,
            columns: [
              { label: t.month },
              { label: t.onlineCompletions, numeric: true },
              { label: t.offlineCases, numeric: true },
              { label: t.digitalTakeUp, numeric: true },
            ],
            rows: tu.months.map((m) => [
              f.bucket(`${m.month}-01`, 'month'),
              onlineView(ctx, r.k, m, noisy),
              offlineView(ctx, r.k, m, true),
              takeUpView(ctx, r.k, m, true, noisy),
            ]),
          }),
        ),
  );
}

/** The city view: every catalog service over the period. */
export function cityTakeUpPanel(
  ctx: ViewContext,
  report: CityReport,
  csvQuery: Record<string, string>,
): HTMLElement {
  const { t } = ctx;
  const noisy = report.disclosure.perturbed;
  const rows = report.digitalTakeUp;
  const wholeMonths = rows[0]?.wholeMonths ?? false;
  return panel(
    ctx,
    {
      title: t.cityTakeUpHeading,
      className: 'city-take-up',
      intro: wholeMonths ? t.takeUpIntro : `${t.takeUpIntro} ${t.takeUpNoMonths}`,
      csv: [
        {
          label: t.cityTakeUpHeading,
          path: `/v1/cities/${report.city.key}/report`,
          query: { ...csvQuery, table: 'digitalTakeUp' },
        },
      ],
    },
    scrolling(
      t.tableOf(t.cityTakeUpHeading),
      dataTable({
        t,
        caption: t.cityTakeUpHeading,
        captionHidden: true,
        columns: [
          { label: t.serviceLabel },
          { label: t.onlineCompletions, numeric: true },
          { label: t.offlineCases, numeric: true },
          { label: t.digitalTakeUp, numeric: true },
        ],
        rows: rows.map((s) => [
          serviceName(ctx.lang, s.service),
          onlineView(ctx, report.k, s, noisy),
          offlineView(ctx, report.k, s, s.wholeMonths),
          takeUpView(ctx, report.k, s, s.wholeMonths, noisy),
        ]),
      }),
    ),
  );
}
