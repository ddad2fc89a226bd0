import { describe, expect, it } from 'vitest';
import { competitionRanks, median, per1000, quantile, round, summarize } from './statistics.ts';

describe('quantiles (type 7)', () => {
  it('takes the 2nd and 4th of five values as quartiles', () => {
    expect(summarize([0.5, 0.1, 0.9, 0.3, 0.7])).toEqual({
      n: 5,
      min: 0.1,
      q1: 0.3,
      median: 0.5,
      q3: 0.7,
      max: 0.9,
    });
  });

  it('interpolates for six values', () => {
    // sorted 1 2 3 4 5 6: q1 at h = 1.25 → 2.25, median at 2.5 → 3.5, q3 at 3.75 → 4.75
    expect(summarize([6, 1, 5, 2, 4, 3])).toEqual({ n: 6, min: 1, q1: 2.25, median: 3.5, q3: 4.75, max: 6 });
  });

  it('summarises one value and no value', () => {
    expect(summarize([7])).toEqual({ n: 1, min: 7, q1: 7, median: 7, q3: 7, max: 7 });
    expect(summarize([])).toEqual({ n: 0, min: null, q1: null, median: null, q3: null, max: null });
    expect(median([])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => quantile([], 0.5)).toThrow('quantile of no values');
  });
});

describe('competitionRanks', () => {
  it('ranks higher values first with shared ranks and gaps', () => {
    expect(competitionRanks([0.5, 0.9, 0.5, null, 0.2], true)).toEqual([2, 1, 2, null, 4]);
  });

  it('ranks lower values first when lower is better', () => {
    expect(competitionRanks([300, 120, null, 120], false)).toEqual([3, 1, null, 1]);
  });
});

describe('per1000', () => {
  it('divides by inhabitants and rounds to three decimals', () => {
    expect(per1000(46, 92_000)).toBe(0.5);
    expect(per1000(10, 36_000)).toBe(0.278);
    expect(round(2 / 3, 4)).toBe(0.6667);
  });
});
