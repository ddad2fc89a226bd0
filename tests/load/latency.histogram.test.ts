import { describe, expect, it } from 'vitest';
import { LatencyHistogram, median } from './latency.histogram.ts';

describe('LatencyHistogram', () => {
  it('gives exact percentiles at 1 ms resolution', () => {
    const h = new LatencyHistogram(1_000);
    for (let ms = 1; ms <= 100; ms++) h.record(ms);
    expect([h.percentile(50), h.percentile(95), h.percentile(99), h.percentile(100)]).toEqual([
      50, 95, 99, 100,
    ]);
    expect(h.count).toBe(100);
  });

  it('rounds to whole ms and reports values above the ceiling as Infinity', () => {
    const h = new LatencyHistogram(10);
    h.record(2.4);
    h.record(2.6);
    h.record(11);
    expect([h.percentile(33), h.percentile(66), h.percentile(100)]).toEqual([2, 3, Number.POSITIVE_INFINITY]);
  });

  it('is NaN when empty', () => {
    expect(new LatencyHistogram(10).percentile(99)).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
