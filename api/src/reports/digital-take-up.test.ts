/*
 * The take-up a report shows: exact for the city itself, from the disclosure layer's completions for others (the
 * same cells as the comparison's completions and the funnel's monthly series), with the offline cases as imported.
 */
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_EPSILON,
  FIXTURE_K,
  TEST_DISCLOSURE_SECRET,
} from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { periodMonths } from '../compare/digital-take-up.ts';
import { monthPeriod } from '../disclosure/calendar-period.ts';
import { exactDisclosure, perturbedDisclosure } from '../disclosure/disclosure.ts';
import { disclosurePolicy } from '../disclosure/policy.ts';
import { serviceCell } from '../disclosure/service-cells.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import { buildTakeUp, TAKE_UP_COLUMNS, takeUpRows } from './digital-take-up.ts';

const S = '99115001000000';
const row = (month: string, counter: number, post: number): OfflineCaseRow => ({
  site: 'giessen',
  service: S,
  month: `${month}-01`,
  counter,
  post,
  phone: 1,
  email: 2,
  other: 0,
});
const channels = (counter: number, post: number) => ({ counter, post, phone: 1, email: 2, other: 0 });

describe('buildTakeUp', () => {
  it('gives the city its exact take-up for the period and each month', () => {
    const t = buildTakeUp({
      d: exactDisclosure(FIXTURE_K),
      city: 'giessen',
      service: S,
      months: periodMonths({ from: '2025-01-01', to: '2025-02-28' }),
      periodConfirmers: 90,
      monthConfirmers: new Map([
        ['2025-01', 40],
        ['2025-02', 50],
      ]),
      offline: [row('2025-01', 7, 0), row('2025-02', 20, 5)],
    });
    // January 40 / (40 + 10) = 0.8; February 50 / (50 + 28) = 0.6410; the two months 90 / (90 + 38) = 0.7031.
    expect(t).toEqual({
      value: 0.7031,
      status: 'ok',
      onlineCompletions: 90,
      offlineCases: 38,
      channels: { counter: 27, post: 5, phone: 2, email: 4, other: 0 },
      wholeMonths: true,
      monthsCovered: 2,
      months: [
        {
          month: '2025-01',
          value: 0.8,
          status: 'ok',
          onlineCompletions: 40,
          offlineCases: 10,
          channels: channels(7, 0),
        },
        {
          month: '2025-02',
          value: 0.641,
          status: 'ok',
          onlineCompletions: 50,
          offlineCases: 28,
          channels: channels(20, 5),
        },
      ],
    });
    expect([TAKE_UP_COLUMNS, takeUpRows(t)]).toEqual([
      [
        'month',
        'onlineCompletions',
        'offlineCases',
        'counter',
        'post',
        'phone',
        'email',
        'other',
        'digitalTakeUp',
        'status',
      ],
      [
        [null, 90, 38, 27, 5, 2, 4, 0, 0.7031, 'ok'],
        ['2025-01', 40, 10, 7, 0, 1, 2, 0, 0.8, 'ok'],
        ['2025-02', 50, 28, 20, 5, 1, 2, 0, 0.641, 'ok'],
      ],
    ]);
  });

  it('says which months have no offline numbers, and then has no take-up for the period', () => {
    const t = buildTakeUp({
      d: exactDisclosure(FIXTURE_K),
      city: 'giessen',
      service: S,
      months: periodMonths({ from: '2025-01-01', to: '2025-02-28' }),
      periodConfirmers: 90,
      monthConfirmers: new Map([['2025-01', 40]]),
      offline: [row('2025-02', 20, 5)],
    });
    expect([t.value, t.status, t.offlineCases, t.channels, t.monthsCovered]).toEqual([
      null,
      'no_offline_data',
      null,
      null,
      1,
    ]);
    expect(t.months.map((m) => [m.month, m.value, m.status, m.onlineCompletions, m.offlineCases])).toEqual([
      ['2025-01', null, 'no_offline_data', 40, null],
      // No completion at all in February: 0 of 28 cases arrived online.
      ['2025-02', 0, 'ok', 0, 28],
    ]);
  });

  it('gives others the share of the perturbed completions, the same cells as the comparison’s', () => {
    const month = monthPeriod(2025, 2);
    const policy = disclosurePolicy({
      k: FIXTURE_K,
      epsilon: FIXTURE_EPSILON,
      secret: TEST_DISCLOSURE_SECRET,
    });
    const d = perturbedDisclosure(policy, month);
    const t = buildTakeUp({
      d,
      city: 'giessen',
      service: S,
      months: periodMonths(month),
      periodConfirmers: 50,
      monthConfirmers: new Map([['2025-02', 50]]),
      offline: [row('2025-02', 20, 5)],
    });
    // serviceCell('giessen', S, 'confirmers') of 2025-02: 50 → 49 (as the comparison's completions).
    expect(d.count(serviceCell('giessen', S, 'confirmers'), 50)).toBe(49);
    // 49 / (49 + 28) = 0.6364, for the period and its one month alike.
    const figure = {
      value: 0.6364,
      status: 'ok',
      onlineCompletions: 49,
      offlineCases: 28,
      channels: channels(20, 5),
    };
    expect(t).toEqual({
      ...figure,
      wholeMonths: true,
      monthsCovered: 1,
      months: [{ month: '2025-02', ...figure }],
    });
  });

  it('hides from others, with a month below k, the smallest other month, as a series does', () => {
    // A published view without noise: what the suppression does with the counts it is given.
    const d = { ...exactDisclosure(FIXTURE_K), perturbed: true, belowK: (n: number) => n < FIXTURE_K };
    const t = buildTakeUp({
      d,
      city: 'giessen',
      service: S,
      months: periodMonths({ from: '2025-01-01', to: '2025-03-31' }),
      periodConfirmers: 53,
      monthConfirmers: new Map([
        ['2025-01', 3],
        ['2025-02', 20],
        ['2025-03', 30],
      ]),
      offline: [row('2025-01', 7, 0), row('2025-02', 20, 5), row('2025-03', 7, 0)],
    });
    expect(t.months.map((m) => [m.month, m.value, m.status, m.onlineCompletions, m.offlineCases])).toEqual([
      ['2025-01', null, 'below_k', null, 10],
      // 53 − 30 would give away January's 3 were February's 20 shown.
      ['2025-02', null, 'complementary', null, 28],
      ['2025-03', 0.75, 'ok', 30, 10],
    ]);
    // The period: 53 / (53 + 48).
    expect([t.value, t.status, t.onlineCompletions, t.offlineCases]).toEqual([0.5248, 'ok', 53, 48]);
  });

  it('shows others no take-up of completions below k, but the offline cases as imported', () => {
    const month = monthPeriod(2025, 2);
    const policy = disclosurePolicy({
      k: FIXTURE_K,
      epsilon: FIXTURE_EPSILON,
      secret: TEST_DISCLOSURE_SECRET,
    });
    const t = buildTakeUp({
      d: perturbedDisclosure(policy, month),
      city: 'giessen',
      service: S,
      months: periodMonths(month),
      periodConfirmers: 3,
      monthConfirmers: new Map([['2025-02', 3]]),
      offline: [row('2025-02', 20, 5)],
    });
    expect([t.value, t.status, t.onlineCompletions, t.offlineCases]).toEqual([null, 'below_k', null, 28]);
  });
});
