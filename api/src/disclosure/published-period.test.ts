import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.ts';
import { publishedBuckets } from './buckets.ts';
import { parseCalendarPeriod } from './calendar-period.ts';
import { peerOrder, rankBand } from './peers.ts';
import { latestClosed, resolveOwnPeriod, resolvePublishedPeriod } from './published-period.ts';

/** Monday 7 December 2026, 00:10 in Berlin: Sunday's last events may still be on their way. */
const JUST_AFTER_MIDNIGHT = new Date('2026-12-06T23:10:00Z');
const LATER = new Date('2026-12-06T23:20:00Z');

function refusal(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.code : String(e);
  }
}

describe('published periods', () => {
  it('are closed once their last day is over and its events are stored', () => {
    expect(latestClosed(JUST_AFTER_MIDNIGHT)).toEqual({
      week: '2026-W48',
      month: '2026-11',
      quarter: '2026-Q3',
      year: '2025',
    });
    expect(latestClosed(LATER).week).toBe('2026-W49');
    expect(refusal(() => resolvePublishedPeriod({ period: '2026-W49' }, JUST_AFTER_MIDNIGHT))).toBe(
      'API_PERIOD_NOT_PUBLISHED',
    );
    expect(resolvePublishedPeriod({ period: '2026-W49' }, LATER).current).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
      days: 7,
    });
  });

  it('take a calendar period, or from/to equal to one; default the last closed month', () => {
    const p = resolvePublishedPeriod(
      { from: '2026-10-01', to: '2026-12-31' },
      new Date('2027-01-05T12:00:00Z'),
    );
    expect([p.calendar.label, p.previous, p.previousLabel]).toEqual([
      '2026-Q4',
      { from: '2026-07-01', to: '2026-09-30', days: 92 },
      '2026-Q3',
    ]);
    expect(resolvePublishedPeriod({}, LATER).calendar.label).toBe('2026-11');
    for (const q of [{ from: '2026-11-10', to: '2026-12-05' }, { to: '2026-11-30' }, { from: '2026-11-01' }])
      expect([q, refusal(() => resolvePublishedPeriod(q, LATER))]).toEqual([q, 'API_PERIOD_NOT_PUBLISHED']);
  });

  it('leave owners any range; a period gives them the previous calendar period for comparison', () => {
    const own = resolveOwnPeriod({ from: '2026-11-10', to: '2026-12-06' }, LATER);
    expect([own.current.days, own.previous.from, own.calendar]).toEqual([27, '2026-10-14', null]);
    expect(resolveOwnPeriod({ period: '2026-12' }, LATER).previousLabel).toBe('2026-11');
  });

  it('have series whose buckets are whole calendar periods', () => {
    const q4 = parseCalendarPeriod('2026-Q4') as NonNullable<ReturnType<typeof parseCalendarPeriod>>;
    expect(publishedBuckets(q4, 'month')).toEqual([
      { bucket: '2026-10-01', calendar: '2026-10' },
      { bucket: '2026-11-01', calendar: '2026-11' },
      { bucket: '2026-12-01', calendar: '2026-12' },
    ]);
    expect(refusal(() => publishedBuckets(q4, 'week'))).toBe('API_INTERVAL_NOT_PUBLISHED');
    expect(refusal(() => publishedBuckets(q4, 'day'))).toBe('API_INTERVAL_NOT_PUBLISHED');
  });
});

describe('anonymous peers', () => {
  it('are ordered by a keyed HMAC: another secret, another order', () => {
    const keys = ['offenbach', 'giessen', 'marburg', 'fulda', 'wetzlar', 'limburg'];
    const a = peerOrder(Buffer.from('secret one'), keys);
    expect([...a].sort()).toEqual([...keys].sort());
    expect(peerOrder(Buffer.from('secret one'), keys)).toEqual(a);
    expect(peerOrder(Buffer.from('secret two'), keys)).not.toEqual(a);
  });

  it('are placed in thirds of the ranking', () => {
    expect([1, 2, 3, 4, 5, 6].map((r) => rankBand(r, 6))).toEqual([
      'upper',
      'upper',
      'middle',
      'middle',
      'lower',
      'lower',
    ]);
    expect([rankBand(1, 1), rankBand(null, 4), rankBand(2, 2)]).toEqual(['upper', null, 'lower']);
  });
});
