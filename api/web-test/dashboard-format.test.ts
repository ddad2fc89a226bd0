/*
 * The dashboard's pure parts: number and date formats, suppressed and noisy cells, the closed calendar periods it
 * offers, the months of the statutory reports, reading the API's CSV, typed dates, axis ticks, heat shades.
 */
import { describe, expect, test } from 'vitest';
import { latestClosed } from '../src/disclosure/published-period.ts';
import { lastEndedMonth } from '../src/statutory/report-month.ts';
import {
  type CalendarPeriod,
  chosenPeriod,
  closedChoices,
  latestClosedOf,
  latestClosedOn,
  ownReportMonths,
  parseCalendarPeriod,
  publishedInterval,
  reportDay,
} from '../web/src/calendar.ts';
import { heatSteps } from '../web/src/charts/heat-table.ts';
import { labelIndexes, zeroBasedTicks } from '../web/src/charts/scale.ts';
import { fromDateField, toDateField } from '../web/src/date-input.ts';
import { calendarPeriodName, cellView, createFormat } from '../web/src/format.ts';
import { TEXTS } from '../web/src/i18n.ts';

const NBSP = '\u00a0';
const de = createFormat('de');
const en = createFormat('en');

describe('formats', () => {
  test('German numbers, rates, changes and durations', () => {
    expect(de.count(3853)).toBe('3.853');
    expect(de.count(1234567)).toBe('1.234.567');
    expect(de.rate(0.4977)).toBe(`49,8${NBSP}%`);
    expect(de.signedRate(-0.047)).toBe(`-4,7${NBSP}%`);
    expect(de.signedRate(0.0168)).toBe(`+1,7${NBSP}%`);
    expect(de.signedRate(0)).toBe(`0,0${NBSP}%`);
    expect(de.signedPoints(-0.0115)).toBe('-1,2 Pp.');
    expect(de.per1000(1.658)).toBe('1,66');
    expect(de.score(3.5)).toBe('3,50');
    expect(de.seconds(45.4)).toBe('45 s');
    expect(de.seconds(132.8)).toBe('2 min 13 s');
    expect(de.seconds(240)).toBe('4 min');
    expect(de.kind('rate', 0.5)).toBe(`50,0${NBSP}%`);
  });

  test('German dates are calendar days, whatever the time zone', () => {
    expect(de.day('2025-03-01')).toBe('1. März 2025');
    expect(de.dayShort('2025-03-01')).toBe('01.03.');
    expect(de.bucket('2025-03-01', 'month')).toBe('März 2025');
    expect(de.bucket('2025-03-10T08:00:00Z', 'hour')).toBe('10.03., 09:00');
  });

  test('English switches number and date format', () => {
    expect(en.count(3853)).toBe('3,853');
    expect(en.rate(0.4977)).toBe('49.8%');
    expect(en.signedPoints(0.023)).toBe('+2.3 pp');
    expect(en.day('2025-03-01')).toBe('1 March 2025');
  });
});

describe('suppressed cells', () => {
  const t = TEXTS.de;
  test('a suppressed value reads "weniger als k", never 0', () => {
    expect(cellView(t, 10, null, 'below_k', de.count)).toEqual({
      text: 'weniger als 10',
      explanation: null,
      shown: false,
      status: 'below_k',
      perturbed: false,
    });
    expect(cellView(t, 10, null, 'complementary', de.count).text).toBe('ausgeblendet');
    expect(cellView(t, 10, null, 'withheld', de.count).text).toBe('nicht genannt');
    expect(cellView(t, 10, null, 'no_data', de.count)).toEqual({
      text: '–',
      explanation: 'keine Daten',
      shown: false,
      status: 'no_data',
      perturbed: false,
    });
    expect(cellView(t, 10, null, 'ok', de.rate).status).toBe('no_data');
  });

  test('the own city sees its small value, and what others see instead', () => {
    expect(cellView(t, 10, 7, 'below_k', de.count)).toEqual({
      text: '7',
      explanation: 'für andere: weniger als 10',
      shown: true,
      status: 'below_k',
      perturbed: false,
    });
  });

  test('another city’s number is marked as carrying noise; a suppressed one is not a number at all', () => {
    expect(cellView(t, 10, 1234, 'ok', de.count, true)).toEqual({
      text: '1.234',
      explanation: null,
      shown: true,
      status: 'ok',
      perturbed: true,
    });
    expect(cellView(t, 10, null, 'below_k', de.count, true).perturbed).toBe(false);
  });

  test('a digital take-up without offline numbers reads so, never as a share', () => {
    expect(cellView(t, 10, null, 'no_offline_data', de.rate, true)).toEqual({
      text: 'keine Offline-Zahlen',
      explanation:
        'die Stadt hat für diesen Zeitraum nicht für jeden Monat Offline-Fallzahlen eingespielt: die Quote ist unbekannt, nicht 100 %',
      shown: false,
      status: 'no_offline_data',
      perturbed: false,
    });
    expect(cellView(TEXTS.en, 10, null, 'no_offline_data', en.rate).text).toBe('no offline numbers');
  });

  test('English', () => {
    expect(cellView(TEXTS.en, 5, null, 'below_k', en.count).text).toBe('fewer than 5');
  });
});

describe('closed calendar periods', () => {
  const p = (label: string) => parseCalendarPeriod(label) as CalendarPeriod;

  test('closed as the api has it: the periods before the one holding today in Berlin', () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin: March and the first quarter have ended there.
    const late = new Date('2025-03-31T23:30:00Z');
    expect(reportDay(late)).toBe('2025-04-01');
    expect(latestClosedOn(reportDay(late))).toEqual({
      week: '2025-W13',
      month: '2025-03',
      quarter: '2025-Q1',
      year: '2024',
    });
    for (const now of [late, new Date('2025-03-31T10:00:00Z'), new Date('2026-01-04T12:00:00Z')])
      expect(latestClosedOn(reportDay(now))).toEqual(latestClosed(now));
  });

  test('choices newest first: 12 weeks, 12 months, 8 quarters, 3 years', () => {
    const latest = latestClosedOn('2025-03-31');
    const labels = (level: CalendarPeriod['level']) => closedChoices(latest, level).map((c) => c.label);
    expect(labels('week')).toEqual([
      '2025-W13',
      '2025-W12',
      '2025-W11',
      '2025-W10',
      '2025-W09',
      '2025-W08',
      '2025-W07',
      '2025-W06',
      '2025-W05',
      '2025-W04',
      '2025-W03',
      '2025-W02',
    ]);
    expect(labels('month')[0]).toBe('2025-02');
    expect(labels('month')[11]).toBe('2024-03');
    expect(labels('quarter')).toEqual([
      '2024-Q4',
      '2024-Q3',
      '2024-Q2',
      '2024-Q1',
      '2023-Q4',
      '2023-Q3',
      '2023-Q2',
      '2023-Q1',
    ]);
    expect(labels('year')).toEqual(['2024', '2023', '2022']);
    // Across a year's end the weeks follow the ISO year.
    expect(
      closedChoices(latestClosedOn('2021-01-06'), 'week')
        .slice(0, 2)
        .map((c) => c.label),
    ).toEqual(['2020-W53', '2020-W52']);
  });

  test('a period no longer offered (or none) falls back to the last closed month; intervals follow the kind', () => {
    const latest = latestClosedOn('2025-03-31');
    expect(chosenPeriod('', latest).label).toBe('2025-02');
    expect(chosenPeriod('2025-03', latest).label).toBe('2025-02');
    expect(chosenPeriod('2023-12', latest).label).toBe('2025-02');
    expect(chosenPeriod('2024-Q2', latest).label).toBe('2024-Q2');
    expect(publishedInterval(p('2025-W13'))).toBe('week');
    expect(publishedInterval(p('2024-Q4'))).toBe('month');
    expect(publishedInterval(p('2024'))).toBe('month');
  });

  test('the api’s 400 details are taken only in their exact shape', () => {
    const latestClosed = { week: '2025-W13', month: '2025-02', quarter: '2024-Q4', year: '2024' };
    expect(latestClosedOf({ requested: {}, latestClosed })).toEqual(latestClosed);
    expect(latestClosedOf({ latestClosed: { ...latestClosed, month: '2025-Q1' } })).toBeNull();
    expect(latestClosedOf({ issues: [] })).toBeNull();
    expect(latestClosedOf(null)).toBeNull();
  });

  test('names in both languages', () => {
    expect(calendarPeriodName(TEXTS.de, de, p('2025-W13'))).toBe('KW 13/2025 (24.03.–30.03.)');
    expect(calendarPeriodName(TEXTS.de, de, p('2025-02'))).toBe('Februar 2025');
    expect(calendarPeriodName(TEXTS.de, de, p('2024-Q4'))).toBe('4. Quartal 2024');
    expect(calendarPeriodName(TEXTS.de, de, p('2024'))).toBe('2024');
    expect(calendarPeriodName(TEXTS.en, en, p('2025-W02'))).toBe('Week 2 of 2025 (06/01–12/01)');
    expect(calendarPeriodName(TEXTS.en, en, p('2024-Q4'))).toBe('Q4 2024');
  });
});

describe('months of the statutory reports', () => {
  test('the current month and the twelve before it; the default is the api’s last ended month', () => {
    for (const [now, today] of [
      ['2025-03-31T10:00:00Z', '2025-03-31'],
      // 1 January in Berlin, still 31 December in UTC: Berlin decides, as in the api.
      ['2024-12-31T23:30:00Z', '2025-01-01'],
    ] as const) {
      const { current, months } = ownReportMonths(reportDay(new Date(now)));
      expect(reportDay(new Date(now))).toBe(today);
      expect(current.label).toBe(today.slice(0, 7));
      expect(months).toHaveLength(13);
      expect(months[0]).toBe(current);
      expect(months[1]?.label).toBe(lastEndedMonth(new Date(now)));
    }
    const { months } = ownReportMonths('2025-03-31');
    expect(months.map((m) => m.label).slice(-2)).toEqual(['2024-04', '2024-03']);
    expect(months[1]).toMatchObject({ level: 'month', from: '2025-02-01', to: '2025-02-28' });
  });
});

describe('typed dates', () => {
  test('day first in both languages, ISO accepted, impossible dates rejected', () => {
    expect(toDateField('2025-03-02', 'de')).toBe('02.03.2025');
    expect(toDateField('2025-03-02', 'en')).toBe('02/03/2025');
    expect(toDateField('', 'de')).toBe('');
    expect(fromDateField('02.03.2025')).toBe('2025-03-02');
    expect(fromDateField(' 2.3.2025 ')).toBe('2025-03-02');
    expect(fromDateField('02/03/2025')).toBe('2025-03-02');
    expect(fromDateField('2025-03-02')).toBe('2025-03-02');
    expect(fromDateField('31.02.2025')).toBeNull();
    expect(fromDateField('2025/03/02')).toBeNull();
    expect(fromDateField('morgen')).toBeNull();
  });
});

describe('axes and shades', () => {
  test('ticks start at 0 and end at the closest round value above the data', () => {
    expect(zeroBasedTicks(1016)).toEqual([0, 200, 400, 600, 800, 1000, 1200]);
    expect(zeroBasedTicks(190)).toEqual([0, 50, 100, 150, 200]);
    expect(zeroBasedTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(zeroBasedTicks(0.72)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(zeroBasedTicks(0)).toEqual([0, 1]);
  });

  test('labels spread evenly with the first and the last', () => {
    expect(labelIndexes(30, 8)).toEqual([0, 4, 8, 12, 17, 21, 25, 29]);
    expect(labelIndexes(3, 8)).toEqual([0, 1, 2]);
  });

  test('heat shades: best darkest, reversed when lower is better, suppressed cells unshaded', () => {
    expect(heatSteps([0.2, 0.5, null, 0.8], true)).toEqual([0, 2, null, 4]);
    expect(heatSteps([0.2, 0.5, null, 0.8], false)).toEqual([4, 2, null, 0]);
    expect(heatSteps([3, 3], true)).toEqual([2, 2]);
    expect(heatSteps([null, null], true)).toEqual([null, null]);
  });
});
