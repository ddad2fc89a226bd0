import { parseRows } from '@godonu/warehouse';
import { describe, expect, it } from 'vitest';
import { serviceTotalsQuery } from './queries/service-totals.query.ts';
import { parseTypedRows } from './warehouse.ts';

describe('parseTypedRows', () => {
  it('turns 64-bit integers into numbers and leaves digit strings alone', () => {
    const text = [
      '["service","visitors","confirm_ms","bounces"]',
      '["String","UInt64","Array(Float64)","Int64"]',
      '["99115001000000","42",[1.5,2],"-3"]',
      '',
    ].join('\n');
    expect(parseTypedRows(text)).toEqual([
      { service: '99115001000000', visitors: 42, confirm_ms: [1.5, 2], bounces: -3 },
    ]);
    expect(parseTypedRows('')).toEqual([]);
  });
});

/** One row as JSONCompactEachRowWithNamesAndTypes sends it: names, types, values. */
function answer(columns: Record<string, [type: string, value: unknown]>): string {
  const c = Object.entries(columns);
  const lines = [c.map(([name]) => name), c.map(([, [type]]) => type), c.map(([, [, value]]) => value)];
  return lines.map((l) => JSON.stringify(l)).join('\n');
}

describe('rows through their query schema', () => {
  const q = serviceTotalsQuery({ sites: ['giessen'], service: null, from: '2025-03-01', to: '2025-03-07' });
  const U = 'UInt64';
  const Q = 'Array(Float64)';
  const totals = (viewers: unknown) =>
    answer({
      site: ['String', 'giessen'],
      service: ['String', '99115001000000'],
      viewers: [U, viewers],
      starters: [U, '5'],
      submitters: [U, '4'],
      confirmers: [U, '3'],
      views: [U, '12'],
      starts: [U, '6'],
      errors: [U, '2'],
      submits: [U, '4'],
      confirms: [U, '3'],
      confirm_ms: [Q, [60000, 90000, 120000, 150000]],
      // Quantiles of an empty state (no submission) are NaN, sent as null.
      submit_ms: [Q, [null, null, null, null]],
      ratings: [U, '2'],
      rating_sum: [U, '9'],
      error_visitors: [U, '1'],
      raters: [U, '2'],
    });

  it('reads 64-bit counts sent as strings, and the quartiles of no value as zeros', () => {
    expect(parseRows(q, parseTypedRows(totals('9')))).toEqual([
      {
        site: 'giessen',
        service: '99115001000000',
        viewers: 9,
        starters: 5,
        submitters: 4,
        confirmers: 3,
        views: 12,
        starts: 6,
        errors: 2,
        submits: 4,
        confirms: 3,
        confirm_ms: [60000, 90000, 120000, 150000],
        submit_ms: [0, 0, 0, 0],
        ratings: 2,
        rating_sum: 9,
        error_visitors: 1,
        raters: 2,
      },
    ]);
  });

  it('rejects a row that does not fit, naming the query and the column', () => {
    expect(() => parseRows(q, parseTypedRows(totals(-1)))).toThrow(
      'query service_totals_all: row 0 does not match its schema (viewers: too_small)',
    );
  });
});
