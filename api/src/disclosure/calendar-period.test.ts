import { describe, expect, it } from 'vitest';
import {
  calendarPeriodOf,
  containing,
  parseCalendarPeriod,
  previousCalendarPeriod,
  subPeriods,
} from './calendar-period.ts';

const span = (label: string) => {
  const p = parseCalendarPeriod(label);
  return p && [p.level, p.from, p.to, p.days];
};

describe('calendar periods', () => {
  it('reads ISO weeks, months, quarters and years', () => {
    expect(span('2026-W47')).toEqual(['week', '2026-11-16', '2026-11-22', 7]);
    // ISO week 1 of 2026 starts in 2025 (the year's first Thursday is 1 January).
    expect(span('2026-W01')).toEqual(['week', '2025-12-29', '2026-01-04', 7]);
    expect(span('2026-W53')).toEqual(['week', '2026-12-28', '2027-01-03', 7]);
    expect(span('2026-11')).toEqual(['month', '2026-11-01', '2026-11-30', 30]);
    expect(span('2028-02')).toEqual(['month', '2028-02-01', '2028-02-29', 29]);
    expect(span('2026-Q4')).toEqual(['quarter', '2026-10-01', '2026-12-31', 92]);
    expect(span('2026')).toEqual(['year', '2026-01-01', '2026-12-31', 365]);
  });

  it('refuses what is not one', () => {
    for (const text of [
      '2025-W53',
      '2026-W00',
      '2026-13',
      '2026-00',
      '2026-Q5',
      '1999',
      '2100',
      '2026-1',
      'x',
    ])
      expect([text, parseCalendarPeriod(text)]).toEqual([text, null]);
  });

  it('recognises a from/to range that is exactly one calendar period', () => {
    expect(calendarPeriodOf('2026-11-16', '2026-11-22')?.label).toBe('2026-W47');
    expect(calendarPeriodOf('2025-12-29', '2026-01-04')?.label).toBe('2026-W01');
    expect(calendarPeriodOf('2026-11-01', '2026-11-30')?.label).toBe('2026-11');
    expect(calendarPeriodOf('2026-10-01', '2026-12-31')?.label).toBe('2026-Q4');
    expect(calendarPeriodOf('2026-01-01', '2026-12-31')?.label).toBe('2026');
    expect(calendarPeriodOf('2026-11-10', '2026-12-05')).toBeNull();
    expect(calendarPeriodOf('2026-11-17', '2026-11-23')).toBeNull();
    expect(calendarPeriodOf('2026-11-01', '2026-11-29')).toBeNull();
  });

  it('steps back one period of the same level', () => {
    const back = (label: string) => previousCalendarPeriod(parseCalendarPeriod(label) as never).label;
    expect([back('2026-W01'), back('2026-01'), back('2026-Q1'), back('2026')]).toEqual([
      '2025-W52',
      '2025-12',
      '2025-Q4',
      '2025',
    ]);
  });

  it('splits a period into the cells of a lower level only where they nest', () => {
    const q4 = parseCalendarPeriod('2026-Q4') as never;
    expect(subPeriods(q4, 'month')?.map((p) => p.label)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(subPeriods(q4, 'week')).toBeNull();
    expect(subPeriods(parseCalendarPeriod('2026-W47') as never, 'week')?.map((p) => p.label)).toEqual([
      '2026-W47',
    ]);
    expect(containing('week', '2027-01-01').label).toBe('2026-W53');
  });
});
