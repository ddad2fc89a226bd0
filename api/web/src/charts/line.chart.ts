/*
 * A single-series line chart over time buckets, drawn in SVG. Suppressed buckets (null) break the line rather
 * than dropping it to zero. Annotations are vertical lines at their buckets, numbered as in the list beneath the
 * chart, which is what screen readers read (the graphic is hidden from them).
 */
import { s } from '../html.ts';
import { labelIndexes, zeroBasedTicks } from './scale.ts';

export interface LinePoint {
  short: string;
  value: number | null;
}

/** Where an annotation falls: its bucket, the numbers of the notes there ("2" or "2, 3") and what they say. */
export interface ChartMarker {
  index: number;
  label: string;
  title: string;
}

const MARGIN = { top: 16, right: 16, bottom: 32, left: 64 };
/** Height of an annotation's numbered badge, above the plot. */
const BADGE_HEIGHT = 16;
const MAX_X_LABELS = 8;
/** Draw a dot per bucket only while there is room for it. */
const MAX_DOTS = 40;

export function lineChart(opts: {
  points: LinePoint[];
  width: number;
  height?: number;
  format: (n: number) => string;
  /** Fixed top of the y axis (e.g. 1 for rates); default: rounded up from the data. */
  max?: number;
  markers?: readonly ChartMarker[];
}): SVGSVGElement {
  const width = Math.max(320, opts.width);
  const height = opts.height ?? 260;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const values = opts.points.map((p) => p.value).filter((v): v is number => v !== null);
  const ticks = zeroBasedTicks(opts.max ?? Math.max(0, ...values));
  const top = ticks[ticks.length - 1] ?? 1;
  const n = opts.points.length;
  const x = (i: number) => MARGIN.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => MARGIN.top + plotH - (v / top) * plotH;

  const svg = s('svg', {
    class: 'line-chart',
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    preserveAspectRatio: 'xMidYMid meet',
    focusable: 'false',
  });
  for (const t of ticks) {
    svg.append(
      s('line', { class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(t), y2: y(t) }),
      s(
        'text',
        { class: 'axis-label', x: MARGIN.left - 8, y: y(t) + 4, 'text-anchor': 'end' },
        opts.format(t),
      ),
    );
  }
  for (const i of labelIndexes(n, MAX_X_LABELS)) {
    const p = opts.points[i];
    if (!p) continue;
    const anchor = i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle';
    svg.append(
      s('text', { class: 'axis-label', x: x(i), y: height - 10, 'text-anchor': anchor }, p.short),
      s('line', { class: 'tick', x1: x(i), x2: x(i), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }),
    );
  }

  // Contiguous runs of shown values: each run is one line with its area; a gap marks suppressed buckets.
  const runs: { i: number; v: number }[][] = [];
  let run: { i: number; v: number }[] = [];
  opts.points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push({ i, v: p.value });
  });
  if (run.length) runs.push(run);
  for (const r of runs) {
    const line = r.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    const first = r[0] as { i: number };
    const last = r[r.length - 1] as { i: number };
    const base = y(0).toFixed(1);
    svg.append(
      s('path', {
        class: 'area',
        d: `${line}L${x(last.i).toFixed(1)},${base}L${x(first.i).toFixed(1)},${base}Z`,
      }),
      s('path', { class: 'line', d: line }),
    );
    if (n <= MAX_DOTS)
      for (const p of r) svg.append(s('circle', { class: 'dot', cx: x(p.i), cy: y(p.v), r: 3 }));
  }
  svg.append(s('line', { class: 'axis', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }));
  for (const m of opts.markers ?? []) {
    const badge = 10 + 7 * m.label.length;
    svg.append(
      s(
        'g',
        { class: 'marker', 'data-marker': m.label },
        s('title', {}, m.title),
        s('line', { class: 'marker-line', x1: x(m.index), x2: x(m.index), y1: MARGIN.top, y2: y(0) }),
        s('rect', {
          class: 'marker-badge',
          x: x(m.index) - badge / 2,
          y: MARGIN.top - BADGE_HEIGHT / 2,
          width: badge,
          height: BADGE_HEIGHT,
          rx: BADGE_HEIGHT / 2,
        }),
        s(
          'text',
          { class: 'marker-label', x: x(m.index), y: MARGIN.top + 4, 'text-anchor': 'middle' },
          m.label,
        ),
      ),
    );
  }
  return svg;
}
