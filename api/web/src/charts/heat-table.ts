/*
 * Services × cities for one metric as a heat table: each cell's shade is its place between the weakest and the
 * best value of its row (darker is better), so services of very different demand share one scale. The number is
 * always printed; the shade only repeats it. Suppressed cells are hatched and say why in words; figures with noise
 * (other cities', and the median over them) are marked "≈".
 */
import type { MatrixReport } from '../api.client.ts';
import { cityName, isPerturbed, shownCell } from '../comparison-cells.ts';
import { perturbedNode, valueNode } from '../components/data-table.ts';
import { h, srOnly } from '../html.ts';
import { serviceName, type ViewContext } from '../view-context.ts';

/** Shades heat-0 (weakest) … heat-4 (best); see styles.css. */
export const HEAT_STEPS = 5;

/** The shade step of each compared value within its row; null for cells outside the ranking. */
export function heatSteps(values: (number | null)[], higherIsBetter: boolean): (number | null)[] {
  const shown = values.filter((v): v is number => v !== null);
  if (shown.length === 0) return values.map(() => null);
  const min = Math.min(...shown);
  const max = Math.max(...shown);
  return values.map((v) => {
    if (v === null) return null;
    if (max === min) return Math.floor(HEAT_STEPS / 2);
    const position = (v - min) / (max - min);
    const goodness = higherIsBetter ? position : 1 - position;
    return Math.min(HEAT_STEPS - 1, Math.floor(goodness * HEAT_STEPS));
  });
}

export function heatTable(ctx: ViewContext, m: MatrixReport): HTMLElement {
  const { t, f } = ctx;
  const perCapita = m.comparedOn === 'per1000';
  const fmt = perCapita ? f.per1000 : (n: number) => f.kind(m.kind, n);
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, t.matrixService),
    ...m.cities.map((c) =>
      h(
        'th',
        { scope: 'col', class: c.own ? 'num own' : 'num' },
        cityName(t, c),
        c.own ? srOnly(` (${t.ownCity})`) : null,
      ),
    ),
    h('th', { scope: 'col', class: 'num median-col' }, t.matrixMedian),
  );
  const body = m.rows.map((row) => {
    const cells = row.cells.map((c, i) => {
      const ref = m.cities[i];
      return shownCell(t, f, m.k, m.kind, c, perCapita, ref !== undefined && isPerturbed(m, ref));
    });
    const steps = heatSteps(
      row.cells.map((c, i) => (c.status === 'ok' ? (cells[i]?.value ?? null) : null)),
      m.higherIsBetter,
    );
    return h(
      'tr',
      { 'data-service': row.service.key },
      h('th', { scope: 'row' }, serviceName(ctx.lang, row.service)),
      ...cells.map((c, i) => {
        const step = steps[i];
        const cls = ['num', 'heat', step === null || step === undefined ? 'heat-none' : `heat-${step}`];
        if (c.view.status === 'below_k' || c.view.status === 'complementary') cls.push('is-suppressed');
        if (m.cities[i]?.own) cls.push('own');
        return h('td', { class: cls.join(' '), 'data-status': c.view.status }, valueNode(c.view, t));
      }),
      // The median is over the published figures: it carries their noise.
      h(
        'td',
        { class: 'num median-col' },
        row.median === null
          ? '–'
          : m.disclosure.perturbed
            ? perturbedNode(fmt(row.median), t)
            : fmt(row.median),
      ),
    );
  });
  const table = h(
    'table',
    { class: 'data-table heat-table' },
    h('caption', { class: 'sr-only' }, t.matrixHeading(t.metrics[m.metric])),
    h('thead', {}, head),
    h('tbody', {}, ...body),
  );
  const scale = h(
    'div',
    { class: 'heat-legend', 'aria-hidden': 'true' },
    h('span', {}, t.legendWorse),
    ...Array.from({ length: HEAT_STEPS }, (_, i) => h('span', { class: `heat-swatch heat-${i}` })),
    h('span', {}, t.legendBetter),
    h('span', { class: 'heat-swatch is-suppressed' }),
    h('span', {}, t.fewerThan(m.k)),
    m.disclosure.perturbed ? h('span', { class: 'heat-perturbed' }, t.legendPerturbed) : null,
  );
  // Wide tables scroll inside their own region, which keyboard users can focus and scroll.
  return h(
    'div',
    {},
    scale,
    h(
      'div',
      {
        class: 'table-scroll',
        tabindex: '0',
        role: 'region',
        'aria-label': t.matrixTable,
      },
      table,
    ),
  );
}
