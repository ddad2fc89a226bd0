/*
 * Where the dashboard puts an annotation on a time series: the bucket its day falls in, for every interval the
 * charts use, and nowhere outside the series.
 */
import { describe, expect, test } from 'vitest';
import { bucketIndex } from '../web/src/views/annotations.panel.ts';

describe('the bucket of an annotation', () => {
  test('by day: its own day', () => {
    const days = ['2025-02-01', '2025-02-02', '2025-02-03'];
    expect(['2025-02-01', '2025-02-03'].map((d) => bucketIndex(days, 'day', d))).toEqual([0, 2]);
  });

  test('by week and month: the bucket that starts on or before it', () => {
    const weeks = ['2025-01-27', '2025-02-03', '2025-02-10'];
    expect(
      ['2025-02-01', '2025-02-09', '2025-02-10', '2025-02-16'].map((d) => bucketIndex(weeks, 'week', d)),
    ).toEqual([0, 1, 2, 2]);
    const months = ['2025-01-01', '2025-02-01'];
    expect(['2025-01-31', '2025-02-28'].map((d) => bucketIndex(months, 'month', d))).toEqual([0, 1]);
  });

  test('by hour: the first hour of its day in Berlin, which begins at 23:00 UTC in winter', () => {
    const hours = ['2025-02-09T22:00:00Z', '2025-02-09T23:00:00Z', '2025-02-10T00:00:00Z'];
    expect(bucketIndex(hours, 'hour', '2025-02-10')).toBe(1);
    expect(bucketIndex(hours, 'hour', '2025-02-09')).toBe(0);
  });

  test('outside the series: no bucket', () => {
    expect(bucketIndex(['2025-02-03', '2025-02-10'], 'week', '2025-02-02')).toBeNull();
    expect(bucketIndex(['2025-02-09T23:00:00Z'], 'hour', '2025-02-11')).toBeNull();
    expect(bucketIndex([], 'day', '2025-02-11')).toBeNull();
  });
});
