import { describe, expect, it } from 'vitest';
import { CALENDAR_FORMS } from '../disclosure/calendar-period.ts';
import { cityReportQuery, funnelQuery, reportDay, resolvePeriod } from './params.schema.ts';

describe('resolvePeriod', () => {
  it('defaults to the 30 days up to today in Berlin, and the 30 days before', () => {
    // 23:30 UTC on 31 Jan is already 1 Feb in Berlin.
    const now = new Date('2025-01-31T23:30:00Z');
    expect(reportDay(now)).toBe('2025-02-01');
    expect(resolvePeriod({}, now)).toEqual({
      current: { from: '2025-01-03', to: '2025-02-01', days: 30 },
      previous: { from: '2024-12-04', to: '2025-01-02', days: 30 },
    });
  });

  it('keeps an explicit period and mirrors it backwards', () => {
    expect(resolvePeriod({ from: '2025-03-01', to: '2025-03-07' }, new Date())).toEqual({
      current: { from: '2025-03-01', to: '2025-03-07', days: 7 },
      previous: { from: '2025-02-22', to: '2025-02-28', days: 7 },
    });
  });
});

describe('cityReportQuery', () => {
  it('rejects reversed, too long and hourly-too-long periods with precise issues', () => {
    const issues = (q: Record<string, string>) =>
      cityReportQuery.safeParse(q).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues({ from: '2025-03-02', to: '2025-03-01' })).toEqual([
      ['to', '`to` must not be before `from`'],
    ]);
    expect(issues({ from: '2024-01-01', to: '2025-03-01' })).toEqual([
      ['to', 'a period spans at most 366 days'],
    ]);
    expect(issues({ from: '2025-01-01', to: '2025-03-01', interval: 'hour' })).toEqual([
      ['interval', 'an hourly series spans at most 31 days'],
    ]);
    expect(issues({ limit: '0' })?.[0]?.[0]).toBe('limit');
    expect(issues({ from: "2025-01-01' OR 1=1" })?.[0]?.[0]).toBe('from');
    expect(issues({ extra: '1' })?.[0]).toEqual(['', 'Unrecognized key: "extra"']);
  });

  it('takes calendar days from 2000 to 2099 only, so that no period or the one before it leaves a ClickHouse Date', () => {
    const ok = (day: string) => cityReportQuery.safeParse({ from: day, to: day }).success;
    expect(['2000-01-01', '2000-02-29', '2024-02-29', '2025-04-30', '2099-12-31'].map(ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['0000-01-01', '0020-02-29', '1999-12-31', '2100-01-01', '9999-12-31', '2025-02-29', '2100-02-29'].map(
        ok,
      ),
    ).toEqual([false, false, false, false, false, false, false]);
    expect(['2025-04-31', '2025-13-01', '2025-00-10', '2025-1-1', '２０２５-01-01'].map(ok)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(resolvePeriod({ from: '2000-01-01', to: '2000-01-05' }, new Date()).previous).toEqual({
      from: '1999-12-27',
      to: '1999-12-31',
      days: 5,
    });
  });

  it('fills defaults; the interval is left to the route, as it depends on who reads', () => {
    // Owners get days (report) or weeks (funnel), published views the months or the week of their period.
    expect(cityReportQuery.parse({})).toEqual({ limit: 10, table: 'summary' });
    expect(funnelQuery.parse({})).toEqual({ limit: 10, table: 'steps' });
  });
});

describe('period', () => {
  const issues = (q: Record<string, string>) =>
    cityReportQuery.safeParse(q).error?.issues.map((i) => [i.path.join('.'), i.message]);
  const NOT_A_PERIOD = [['period', `must be ${CALENDAR_FORMS}`]];

  it('takes an ISO week, a month, a quarter or a year', () => {
    for (const period of ['2025-W10', '2026-W53', '2025-03', '2025-Q1', '2025'])
      expect([period, issues({ period })]).toEqual([period, undefined]);
  });

  it('refuses anything else with one issue on `period`', () => {
    // Week 53 exists in 2026 only; the rest is not of the form or not a calendar period.
    for (const period of [
      '2025-W53',
      '2025-W00',
      '2025-13',
      '2025-Q5',
      '1999',
      '2025-W1',
      'March',
      '2025-03-01',
    ])
      expect([period, issues({ period })]).toEqual([period, NOT_A_PERIOD]);
  });

  it('takes `from`/`to` beside a period only when they are its first and last day', () => {
    expect(issues({ period: '2025-W10', from: '2025-03-03', to: '2025-03-09' })).toBeUndefined();
    expect(issues({ period: '2025-W10', to: '2025-03-09' })).toBeUndefined();
    const disagree = [
      ['period', '`from`/`to` must equal the period 2025-W10 (2025-03-03 to 2025-03-09) or be left out'],
    ];
    expect(issues({ period: '2025-W10', from: '2025-03-03', to: '2025-03-08' })).toEqual(disagree);
    expect(issues({ period: '2025-W10', from: '2025-03-01' })).toEqual(disagree);
  });

  it('limits an hourly series of a period as of a range', () => {
    expect(issues({ period: '2025-03', interval: 'hour' })).toBeUndefined();
    expect(issues({ period: '2025-Q1', interval: 'hour' })).toEqual([
      ['interval', 'an hourly series spans at most 31 days'],
    ]);
  });
});
