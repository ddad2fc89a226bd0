/*
 * "Datenqualität" (admins only): per city and day what collection and processing counted besides the stored events,
 * from GET /v1/quality. A day the api marks (no events after days with events, or more than half dropped) says so
 * in words, "Einbindung prüfen", and its row is set apart; the colour only repeats what the words say.
 */
import type { QualityDay, QualityReport } from '../../../src/reports/quality.ts';
import { reportDay } from '../calendar.ts';
import { dataTable } from '../components/data-table.ts';
import { panel } from '../components/panel.ts';
import { h, uid } from '../html.ts';
import { QUALITY_TEXTS, type QualityTexts } from '../quality.i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadInto, periodLine, viewHeader } from './view-shell.ts';

const QUALITY = '/v1/quality';
const PERIOD_CHOICES = [7, 14, 30] as const;
const DAY_MS = 86_400_000;

/** The chosen number of days, kept while the dashboard is open. */
let chosenDays: number = PERIOD_CHOICES[1];

function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(day) - n * DAY_MS).toISOString().slice(0, 10);
}

function reasonsText(q: QualityTexts, counts: Record<string, number>, ctx: ViewContext): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${q.reasons[reason] ?? reason}: ${ctx.f.count(n)}`)
    .join(', ');
}

function dayRow(ctx: ViewContext, q: QualityTexts, d: QualityDay): (string | Node)[] {
  const { f } = ctx;
  const dropped =
    d.droppedShare === null ? f.count(d.dropped) : q.share(f.count(d.dropped), f.rate(d.droppedShare));
  const refusedAndDead = (n: number, byReason: Record<string, number>) =>
    n === 0 ? f.count(0) : `${f.count(n)} (${reasonsText(q, byReason, ctx)})`;
  return [
    f.day(d.day),
    f.count(d.accepted),
    dropped,
    d.dropped === 0 ? q.none : reasonsText(q, d.droppedByReason, ctx),
    refusedAndDead(d.deadLetters, d.deadLettersByReason),
    refusedAndDead(d.refused, d.refusedByCode),
    d.lagMeanSeconds === null || d.lagMaxSeconds === null
      ? q.none
      : q.lag(f.seconds(d.lagMeanSeconds), f.seconds(d.lagMaxSeconds)),
    d.check === null ? '' : h('strong', { class: 'quality-check-text' }, q.checks[d.check]),
  ];
}

function cityTable(ctx: ViewContext, q: QualityTexts, name: string, days: QualityDay[]): HTMLElement {
  const c = q.columns;
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': ctx.t.tableOf(name), tabindex: '0' },
    dataTable({
      t: ctx.t,
      caption: name,
      className: 'quality-table',
      columns: [
        { label: c.day },
        { label: c.accepted, numeric: true },
        { label: c.dropped, numeric: true },
        { label: c.reasons },
        { label: c.deadLetters, numeric: true },
        { label: c.refused, numeric: true },
        { label: c.lag, numeric: true },
        { label: c.check },
      ],
      rows: days.map((d) => dayRow(ctx, q, d)),
      rowClass: (i) => (days[i]?.check ? 'quality-check' : null),
    }),
  );
}

function periodForm(q: QualityTexts, onApply: () => void): HTMLElement {
  const id = uid('quality-period');
  const choice = h(
    'select',
    { id, name: 'days' },
    ...PERIOD_CHOICES.map((n) => h('option', { value: String(n), selected: n === chosenDays }, q.periods[n])),
  );
  const form = h(
    'form',
    { class: 'filters', 'aria-label': q.periodLabel, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: id }, q.periodLabel), choice),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', class: 'button' }, q.show)),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    chosenDays = Number(choice.value);
    onApply();
  });
  return form;
}

export function qualityView(ctx: ViewContext, root: HTMLElement): void {
  const q = QUALITY_TEXTS[ctx.lang];
  const results = h('div', { class: 'results quality' });
  const load = () => {
    const to = reportDay(new Date());
    const query = { from: daysBefore(to, chosenDays - 1), to };
    loadInto(ctx, results, async () => {
      const report = await ctx.session.api.json<QualityReport>(QUALITY, query);
      const byCity = new Map<string, QualityDay[]>();
      for (const d of report.days) byCity.set(d.city, [...(byCity.get(d.city) ?? []), d]);
      const tables = [...byCity].map(([city, days]) =>
        city === ''
          ? h(
              'div',
              {},
              h('p', { class: 'panel-intro' }, q.unattributedIntro),
              cityTable(ctx, q, q.unattributed, days),
            )
          : cityTable(ctx, q, q.cityHeading(days[0]?.cityName || city), days),
      );
      return [
        periodLine(ctx, report, null, null),
        panel(
          ctx,
          {
            title: q.tableHeading,
            csv: [{ label: q.csvLabel, path: QUALITY, query }],
            className: 'quality-panel',
          },
          ...tables,
        ),
      ];
    });
  };
  root.replaceChildren(viewHeader(q.title), h('p', { class: 'lead' }, q.lead), periodForm(q, load), results);
  load();
}
