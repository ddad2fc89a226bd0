import { describe, expect, it } from 'vitest';
import { cityReportQuery, reportDay, resolvePeriod } from './params.schema.ts';

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

  it('fills defaults', () => {
    expect(cityReportQuery.parse({})).toEqual({ interval: 'day', limit: 10, table: 'summary' });
  });
});
