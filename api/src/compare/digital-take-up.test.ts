/*
 * Digital take-up is defined per calendar month: which months a period holds, when a period has a take-up of its
 * own, and that missing offline numbers are `no_offline_data`, never 100 %.
 */
import { describe, expect, it } from 'vitest';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import { offlineCoverage, periodMonths } from './digital-take-up.ts';
import { EMPTY_TOTALS, evaluate } from './service-metrics.ts';

const row = (month: string, counter: number, post = 0): OfflineCaseRow => ({
  site: 'giessen',
  service: '99115001000000',
  month: `${month}-01`,
  counter,
  post,
  phone: 0,
  email: 0,
  other: 0,
});

describe('periodMonths', () => {
  it('finds the whole months of a period, and whether the period is exactly those months', () => {
    expect(periodMonths({ from: '2025-01-01', to: '2025-03-31' })).toEqual({
      months: ['2025-01', '2025-02', '2025-03'],
      whole: true,
      firstMonth: '2025-01-01',
      lastMonth: '2025-03-01',
      days: { from: '2025-01-01', to: '2025-03-31' },
    });
    expect(periodMonths({ from: '2025-01-15', to: '2025-03-31' })).toEqual({
      months: ['2025-02', '2025-03'],
      whole: false,
      firstMonth: '2025-02-01',
      lastMonth: '2025-03-01',
      days: { from: '2025-02-01', to: '2025-03-31' },
    });
    expect(periodMonths({ from: '2024-02-01', to: '2024-02-29' }).whole).toBe(true);
  });

  it('finds none in a week or a range shorter than a month', () => {
    for (const period of [
      { from: '2025-03-03', to: '2025-03-09' },
      { from: '2025-03-02', to: '2025-03-31' },
    ])
      expect(periodMonths(period)).toEqual({
        months: [],
        whole: false,
        firstMonth: null,
        lastMonth: null,
        days: null,
      });
  });
});

describe('offlineCoverage', () => {
  const quarter = periodMonths({ from: '2025-01-01', to: '2025-03-31' });
  it('adds up the channels of every month when every month has numbers', () => {
    const rows = [row('2025-01', 10, 1), row('2025-02', 20), row('2025-03', 30, 4), row('2025-04', 99)];
    const c = offlineCoverage(rows, quarter);
    expect(c.period).toEqual({ counter: 60, post: 5, phone: 0, email: 0, other: 0 });
    expect([...c.byMonth.keys()]).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('has no period figure when a month is missing, or the period is not whole months', () => {
    expect(offlineCoverage([row('2025-01', 10), row('2025-03', 30)], quarter).period).toBeNull();
    const notWhole = periodMonths({ from: '2025-01-01', to: '2025-02-27' });
    const c = offlineCoverage([row('2025-01', 10), row('2025-02', 30)], notWhole);
    expect([c.period, [...c.byMonth.keys()]]).toEqual([null, ['2025-01']]);
  });
});

describe('the metric digitalTakeUp', () => {
  const never = () => false;
  it('is online ÷ (online + offline)', () => {
    expect(evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers: 30, offlineCases: 10 }, never)).toEqual({
      value: 0.75,
      status: 'ok',
    });
    expect(evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers: 0, offlineCases: 7 }, never)).toEqual({
      value: 0,
      status: 'ok',
    });
    expect(evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers: 0, offlineCases: 0 }, never)).toEqual({
      value: null,
      status: 'no_data',
    });
  });

  it('is unknown without offline numbers, whatever the completions, never 100 %', () => {
    for (const confirmers of [0, 3, 500])
      expect(evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers }, (n) => n < 5)).toEqual({
        value: null,
        status: 'no_offline_data',
      });
  });

  it('is below k when the online completions are, however many offline cases there are', () => {
    expect(
      evaluate('digitalTakeUp', { ...EMPTY_TOTALS, confirmers: 4, offlineCases: 1000 }, (n) => n < 5),
    ).toEqual({ value: 0.004, status: 'below_k' });
  });
});
