/**
 * Latencies in whole milliseconds, counted per millisecond up to a ceiling: constant memory however long a run
 * is, exact percentiles at 1 ms resolution.
 */
export class LatencyHistogram {
  private readonly counts: Uint32Array;
  count = 0;

  constructor(private readonly ceilingMs = 600_000) {
    this.counts = new Uint32Array(ceilingMs + 1);
  }

  record(ms: number): void {
    const bucket = Math.max(0, Math.round(ms));
    // Values above the ceiling only count: a percentile that lands among them is reported as Infinity.
    if (bucket <= this.ceilingMs) this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.count++;
  }

  /** The smallest latency that `p` percent of the recorded values do not exceed (NaN when empty). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms <= this.ceilingMs; ms++) {
      seen += this.counts[ms] as number;
      if (seen >= rank) return ms;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** Median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
