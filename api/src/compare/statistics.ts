/*
 * Statistics over cities. Quantiles use linear interpolation between order statistics (Hyndman & Fan type 7, the
 * default of R, NumPy and spreadsheet QUARTILE.INC), so a reader can recompute them by hand: for five cities the
 * quartiles are the 2nd and 4th values.
 */
export interface Summary {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export function quantile(sortedAscending: readonly number[], p: number): number {
  const n = sortedAscending.length;
  if (n === 0) throw new Error('quantile of no values');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sortedAscending[lo] as number;
  const b = sortedAscending[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}

export function summarize(values: readonly number[], digits = 4): Summary {
  if (values.length === 0) return { n: 0, min: null, q1: null, median: null, q3: null, max: null };
  const s = [...values].sort((x, y) => x - y);
  return {
    n: s.length,
    min: round(s[0] as number, digits),
    q1: round(quantile(s, 0.25), digits),
    median: round(quantile(s, 0.5), digits),
    q3: round(quantile(s, 0.75), digits),
    max: round(s[s.length - 1] as number, digits),
  };
}

export function median(values: readonly number[]): number | null {
  return values.length === 0
    ? null
    : quantile(
        [...values].sort((x, y) => x - y),
        0.5,
      );
}

/**
 * Standard competition ranking ("1224"): equal values share a rank, the next rank skips. `null` values (suppressed
 * or absent) get no rank and take no place.
 */
export function competitionRanks(
  values: readonly (number | null)[],
  higherIsBetter: boolean,
): (number | null)[] {
  return values.map((v) => {
    if (v === null) return null;
    let better = 0;
    for (const other of values) {
      if (other !== null && (higherIsBetter ? other > v : other < v)) better += 1;
    }
    return better + 1;
  });
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Count per 1,000 inhabitants, the unit of every per-capita comparison. */
export function per1000(count: number, inhabitants: number): number {
  return round((count * 1000) / inhabitants, 3);
}
