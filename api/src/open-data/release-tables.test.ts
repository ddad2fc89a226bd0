import { describe, expect, it } from 'vitest';
import { EMPTY_TOTALS, type ServiceTotals } from '../compare/service-metrics.ts';
import { sumTotals } from './release-tables.ts';

const totals = (over: Partial<ServiceTotals>): ServiceTotals => ({ ...EMPTY_TOTALS, ...over });

describe('sumTotals', () => {
  it('adds the counts of several cities, and has no median (a median over several cities’ forms is no one’s)', () => {
    const a = totals({
      viewers: 40,
      starters: 24,
      confirmers: 15,
      confirmMedianMs: 300_000,
      offlineCases: 40,
    });
    const b = totals({ viewers: 20, starters: 10, confirmers: 6, confirmMedianMs: 200_000, offlineCases: 5 });
    expect(sumTotals([a, b])).toEqual(
      totals({ viewers: 60, starters: 34, confirmers: 21, confirmMedianMs: null, offlineCases: 45 }),
    );
  });

  it('has no offline cases when one city has none: the take-up of the group is unknown, never computed from part', () => {
    const a = totals({ confirmers: 15, offlineCases: 40 });
    const b = totals({ confirmers: 6, offlineCases: null });
    expect(sumTotals([a, b]).offlineCases).toBeNull();
  });

  it('leaves one city’s totals as they are, median included', () => {
    const a = totals({ viewers: 40, confirmMedianMs: 300_000, offlineCases: null });
    expect(sumTotals([a])).toBe(a);
  });
});
