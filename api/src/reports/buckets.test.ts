import { describe, expect, it } from 'vitest';
import { bucketsFor, localMidnightUtc } from './buckets.ts';

describe('bucketsFor', () => {
  it('lists days, ISO weeks (Mondays) and months of a period', () => {
    const p = { from: '2025-03-29', to: '2025-04-02' };
    expect(bucketsFor(p, 'day')).toEqual([
      '2025-03-29',
      '2025-03-30',
      '2025-03-31',
      '2025-04-01',
      '2025-04-02',
    ]);
    expect(bucketsFor(p, 'week')).toEqual(['2025-03-24', '2025-03-31']);
    expect(bucketsFor(p, 'month')).toEqual(['2025-03-01', '2025-04-01']);
  });

  it('lists the UTC hours of Berlin days, 23 on the day clocks go forward', () => {
    const hours = bucketsFor({ from: '2025-03-30', to: '2025-03-30' }, 'hour');
    expect(hours).toHaveLength(23);
    expect(hours[0]).toBe('2025-03-29T23:00:00Z');
    expect(hours.at(-1)).toBe('2025-03-30T21:00:00Z');
    expect(bucketsFor({ from: '2025-10-26', to: '2025-10-26' }, 'hour')).toHaveLength(25);
  });

  it('finds local midnight in winter and summer', () => {
    expect(new Date(localMidnightUtc('2025-01-15')).toISOString()).toBe('2025-01-14T23:00:00.000Z');
    expect(new Date(localMidnightUtc('2025-07-15')).toISOString()).toBe('2025-07-14T22:00:00.000Z');
  });
});
