import { describe, expect, it } from 'vitest';
import { isBelowK, suppressGroup } from './k-anonymity.ts';

describe('isBelowK', () => {
  it('suppresses 1..k-1 visitors and publishes 0 and k', () => {
    expect([0, 1, 9, 10, 11].map((v) => isBelowK(v, 10))).toEqual([false, true, true, false, false]);
  });
});

describe('suppressGroup', () => {
  it('publishes a group in which every cell has at least k visitors', () => {
    expect(suppressGroup([40, 12, 10], 10, true)).toEqual({
      status: ['ok', 'ok', 'ok'],
      totalSuppressed: false,
    });
  });

  it('adds the smallest published cell when exactly one cell is suppressed and the total is published', () => {
    expect(suppressGroup([40, 3, 12, 25], 10, true)).toEqual({
      status: ['ok', 'below_k', 'complementary', 'ok'],
      totalSuppressed: false,
    });
  });

  it('needs no complementary cell without a published total', () => {
    expect(suppressGroup([40, 3, 12], 10, false)).toEqual({
      status: ['ok', 'below_k', 'ok'],
      totalSuppressed: false,
    });
  });

  it('needs no complementary cell when two cells are already suppressed', () => {
    expect(suppressGroup([40, 3, 12, 9], 10, true)).toEqual({
      status: ['ok', 'below_k', 'ok', 'below_k'],
      totalSuppressed: false,
    });
  });

  it('never picks an empty cell as partner: it hides nothing', () => {
    expect(suppressGroup([0, 5, 30, 0], 10, true)).toEqual({
      status: ['ok', 'below_k', 'complementary', 'ok'],
      totalSuppressed: false,
    });
  });

  it('withholds the total when the suppressed cell has no partner', () => {
    expect(suppressGroup([0, 4, 0], 10, true)).toEqual({
      status: ['ok', 'below_k', 'ok'],
      totalSuppressed: true,
    });
  });

  it('breaks ties towards the later cell', () => {
    expect(suppressGroup([20, 20, 2], 10, true).status).toEqual(['ok', 'complementary', 'below_k']);
  });

  it('uses the configured k', () => {
    expect(suppressGroup([4, 5, 6], 5, false).status).toEqual(['below_k', 'ok', 'ok']);
  });
});
