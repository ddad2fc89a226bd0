/** Axis ranges with round tick values (1, 2, 2.5, 5 × 10^n), so gridlines read as plain numbers. */
const NICE_STEPS = [1, 2, 2.5, 5, 10];

export function niceStep(span: number, ticks: number): number {
  if (span <= 0) return 1;
  const raw = span / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = NICE_STEPS.find((s) => s * magnitude >= raw) ?? 10;
  return step * magnitude;
}

/** Gridline counts tried for an axis; the one whose round top lies closest above the data wins. */
const TICK_COUNTS = [4, 5, 6];

/** Ticks from 0 to a round maximum at or above `max`, wasting as little of the axis as possible. */
export function zeroBasedTicks(max: number): number[] {
  let best = { step: 1, top: 1 };
  for (const count of TICK_COUNTS) {
    const step = niceStep(max, count);
    const top = Math.max(step, Math.ceil(max / step) * step);
    if (count === TICK_COUNTS[0] || top < best.top) best = { step, top };
  }
  const out: number[] = [];
  for (let v = 0; v <= best.top + best.step / 2; v += best.step) out.push(Math.round(v * 1e9) / 1e9);
  return out;
}

/** Indexes of at most `count` labels spread evenly, always including the first and the last. */
export function labelIndexes(length: number, count: number): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const out = new Set<number>();
  for (let i = 0; i < count; i += 1) out.add(Math.round((i * (length - 1)) / (count - 1)));
  return [...out];
}
