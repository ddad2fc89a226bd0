/*
 * All cities side by side for one metric: a horizontal bar per city, the middle half of the cities as a band,
 * the median as a line, the viewer's own city highlighted. A suppressed city has no bar but its reason in words; a
 * figure with noise reads "≈ 12,34".
 */
import { APPROX } from '../components/data-table.ts';
import type { CellView } from '../format.ts';
import { s } from '../html.ts';
import { zeroBasedTicks } from './scale.ts';

export interface ComparisonBar {
  label: string;
  own: boolean;
  value: number | null;
  cell: CellView;
}

const BAR_H = 20;
const TOP = 28;
const BOTTOM = 12;
/** Below this width (phones, 400 % zoom) city names go above their bars instead of beside them. */
const STACK_BELOW = 560;
const WIDE = { rowH: 36, labelW: 190, valueW: 130 };
const STACKED = { rowH: 52, labelW: 0, valueW: 72 };
/** Below this plot width only the first and the last gridline are labelled, so labels never overlap. */
const FEW_LABELS_BELOW = 320;

export function comparisonChart(opts: {
  bars: ComparisonBar[];
  width: number;
  format: (n: number) => string;
  stats: { q1: number; median: number; q3: number } | null;
  max?: number;
  ownSuffix: string;
}): SVGSVGElement {
  const width = Math.max(260, opts.width);
  const stacked = width < STACK_BELOW;
  const { rowH: ROW_H, labelW: LABEL_W, valueW: VALUE_W } = stacked ? STACKED : WIDE;
  const plotW = width - LABEL_W - VALUE_W;
  const height = TOP + opts.bars.length * ROW_H + BOTTOM;
  const values = opts.bars.map((b) => b.value).filter((v): v is number => v !== null);
  const ticks = zeroBasedTicks(opts.max ?? Math.max(0, ...values, opts.stats?.q3 ?? 0));
  const top = ticks[ticks.length - 1] ?? 1;
  const x = (v: number) => LABEL_W + (v / top) * plotW;
  const plotBottom = TOP + opts.bars.length * ROW_H;

  const svg = s('svg', {
    class: 'comparison-chart',
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    focusable: 'false',
  });
  const fewLabels = plotW < FEW_LABELS_BELOW;
  ticks.forEach((t, i) => {
    svg.append(s('line', { class: 'grid', x1: x(t), x2: x(t), y1: TOP - 4, y2: plotBottom }));
    if (fewLabels && i !== 0 && i !== ticks.length - 1) return;
    const anchor = stacked && i === 0 ? 'start' : 'middle';
    svg.append(
      s('text', { class: 'axis-label', x: x(t), y: TOP - 10, 'text-anchor': anchor }, opts.format(t)),
    );
  });
  if (opts.stats) {
    const { q1, q3 } = opts.stats;
    svg.append(
      s('rect', {
        class: 'band',
        x: x(q1),
        y: TOP - 4,
        width: Math.max(2, x(q3) - x(q1)),
        height: plotBottom - TOP + 4,
      }),
      s('line', { class: 'band-edge', x1: x(q1), x2: x(q1), y1: TOP - 4, y2: plotBottom }),
      s('line', { class: 'band-edge', x1: x(q3), x2: x(q3), y1: TOP - 4, y2: plotBottom }),
    );
  }
  opts.bars.forEach((b, i) => {
    const rowTop = TOP + i * ROW_H;
    // The bar's vertical centre: mid-row beside the name, or in the lower part under it.
    const cy = stacked ? rowTop + ROW_H - BAR_H / 2 - 6 : rowTop + ROW_H / 2;
    if (b.own)
      svg.append(s('rect', { class: 'own-row', x: 0, y: rowTop + 2, width, height: ROW_H - 4, rx: 4 }));
    const label = b.own ? `${b.label} ${opts.ownSuffix}` : b.label;
    svg.append(
      stacked
        ? s('text', { class: `bar-label${b.own ? ' own' : ''}`, x: 2, y: rowTop + 16 }, label)
        : s(
            'text',
            { class: `bar-label${b.own ? ' own' : ''}`, x: LABEL_W - 10, y: cy + 5, 'text-anchor': 'end' },
            label,
          ),
    );
    if (b.value !== null) {
      const w = Math.max(1, x(b.value) - LABEL_W);
      svg.append(
        s('rect', {
          class: `bar${b.own ? ' own' : ''}`,
          x: LABEL_W,
          y: cy - BAR_H / 2,
          width: w,
          height: BAR_H,
          rx: 2,
        }),
        s(
          'text',
          { class: 'bar-value', x: LABEL_W + w + 8, y: cy + 5 },
          b.cell.perturbed ? `${APPROX} ${b.cell.text}` : b.cell.text,
        ),
      );
    } else {
      svg.append(
        s('rect', { class: 'bar-missing', x: LABEL_W, y: cy - BAR_H / 2, width: 6, height: BAR_H }),
        s('text', { class: 'bar-value suppressed', x: LABEL_W + 14, y: cy + 5 }, b.cell.text),
      );
    }
  });
  if (opts.stats)
    svg.append(
      s('line', {
        class: 'median',
        x1: x(opts.stats.median),
        x2: x(opts.stats.median),
        y1: TOP - 6,
        y2: plotBottom + 2,
      }),
    );
  svg.append(s('line', { class: 'axis', x1: LABEL_W, x2: LABEL_W, y1: TOP - 4, y2: plotBottom }));
  return svg;
}
