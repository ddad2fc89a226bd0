/* The dashboard's pure parts: number and date formats, suppressed cells, typed dates, axis ticks, heat shades. */
import { describe, expect, test } from 'vitest';
import { heatSteps } from '../web/src/charts/heat-table.ts';
import { labelIndexes, zeroBasedTicks } from '../web/src/charts/scale.ts';
import { fromDateField, toDateField } from '../web/src/date-input.ts';
import { cellView, createFormat } from '../web/src/format.ts';
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
    });
    expect(cellView(t, 10, null, 'complementary', de.count).text).toBe('ausgeblendet');
    expect(cellView(t, 10, null, 'withheld', de.count).text).toBe('nicht genannt');
    expect(cellView(t, 10, null, 'no_data', de.count)).toEqual({
      text: '–',
      explanation: 'keine Daten',
      shown: false,
      status: 'no_data',
    });
    expect(cellView(t, 10, null, 'ok', de.rate).status).toBe('no_data');
  });

  test('the own city sees its small value, and what others see instead', () => {
    expect(cellView(t, 10, 7, 'below_k', de.count)).toEqual({
      text: '7',
      explanation: 'für andere: weniger als 10',
      shown: true,
      status: 'below_k',
    });
  });

  test('English', () => {
    expect(cellView(TEXTS.en, 5, null, 'below_k', en.count).text).toBe('fewer than 5');
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
