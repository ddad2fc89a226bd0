/*
 * The comparison builder on crafted totals large enough to publish, seen with zero noise so that every figure can be
 * followed by hand (k = 5): three named cities and one that opted out of being named.
 *
 *            inhabitants  viewers  starters  completions  start rate  completion rate
 *   Altstadt     100,000      100        50           40        0.5              0.8
 *   Bergheim      50,000       60        30           12        0.5              0.4
 *   Celle         20,000        4         3            1   (below k)
 *   Peerdorf      40,000       80        60           30        0.75             0.5   (opted out)
 */
import type { CityConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/roles.ts';
import { EMPTY_TOTALS, type ServiceTotals } from '../compare/service-metrics.ts';
import { parseCalendarPeriod } from '../disclosure/calendar-period.ts';
import { exactDisclosure } from '../disclosure/disclosure.ts';
import { disclosurePolicy } from '../disclosure/policy.ts';
import { type DisclosedView, disclosedView } from '../disclosure/view.ts';
import { buildComparison } from './comparison.ts';

const K = 5;
const WEEK = parseCalendarPeriod('2025-W10');
if (!WEEK) throw new Error('calendar period of the test');

const city = (key: string, name: string, inhabitants: number, namedInComparisons = true): CityConfig => ({
  key,
  name,
  ags: '06000000',
  population: { inhabitants, asOf: '2024-12-31', source: 'test' },
  portalHosts: [`www.${key}.de`],
  allowedOrigins: [],
  ingestKeySha256: [],
  queryAllowlist: [],
  serviceRules: [],
  namedInComparisons,
});
const CITIES = [
  city('altstadt', 'Altstadt', 100_000),
  city('bergheim', 'Bergheim', 50_000),
  city('celle', 'Celle', 20_000),
  city('peerdorf', 'Peerdorf', 40_000, false),
];
const totals = (viewers: number, starters: number, confirmers: number): ServiceTotals => ({
  ...EMPTY_TOTALS,
  viewers,
  starters,
  submitters: confirmers,
  confirmers,
});
const TOTALS = new Map([
  ['altstadt', totals(100, 50, 40)],
  ['bergheim', totals(60, 30, 12)],
  ['celle', totals(4, 3, 1)],
  ['peerdorf', totals(80, 60, 30)],
]);

const policy = disclosurePolicy({ k: K, epsilon: 0.5, secret: 'unused: the noise is zero here' });
/** A published view whose noise is zero: a count below k is below k, the rest is shown as it is. */
const NOISE_FREE: DisclosedView = {
  d: { ...exactDisclosure(K), perturbed: true, belowK: (n) => n < K },
  info: disclosedView(policy, WEEK, true).info,
};
const EXACT: DisclosedView = disclosedView(policy, null, false);

function compare(principal: Principal, view: DisclosedView) {
  return buildComparison({
    service: { key: '99115001000000', name: { de: 'Wohnsitz anmelden', en: 'Register a new address' } },
    cities: CITIES,
    principal,
    view,
    secret: policy.secret,
    current: WEEK as NonNullable<typeof WEEK>,
    totals: TOTALS,
    steps: new Map(),
    emptyTotals: EMPTY_TOTALS,
  });
}

const CONSORTIUM: Principal = { keyId: 'c', role: 'consortium', city: null };
const BERGHEIM: Principal = { keyId: 'b', role: 'city', city: 'bergheim' };
const ADMIN: Principal = { keyId: 'a', role: 'admin', city: null };
const METRICS = ['viewers', 'startRate', 'completionRate'] as const;
type Report = ReturnType<typeof compare>;
const rows = (r: Report) =>
  r.cities.map((c) => [
    c.city.key ?? `peer-${c.city.peer}`,
    c.city.exact,
    ...METRICS.map((m) => c.metrics[m]),
  ]);
const stats = (r: Report) =>
  r.metrics
    .filter((m) => (METRICS as readonly string[]).includes(m.metric))
    .map((m) => [m.metric, m.n, m.min, m.median, m.max, m.best.map((b) => b.key ?? `peer-${b.peer}`)]);
const cell = (
  value: number | null,
  per1000: number | null,
  rank: number | null,
  rankBand: 'upper' | 'middle' | 'lower' | null,
  status = 'ok',
) => ({ value, per1000, rank, rankBand, status });
const BELOW = cell(null, null, null, null, 'below_k');

describe('a published comparison', () => {
  it('shows an anonymous peer its rates with a rank band only, and keeps its counts out of every statistic', () => {
    const r = compare(CONSORTIUM, NOISE_FREE);
    expect(r.cities.map((c) => c.city)).toEqual([
      ...CITIES.slice(0, 3).map((c) => ({
        key: c.key,
        name: c.name,
        peer: null,
        own: false,
        inhabitants: c.population.inhabitants,
        populationAsOf: '2024-12-31',
        exact: false,
      })),
      { key: null, name: null, peer: 1, own: false, inhabitants: null, populationAsOf: null, exact: false },
    ]);
    expect(rows(r)).toEqual([
      // Viewers per 1,000 rank Bergheim (1.2) before Altstadt (1.0): the two thirds of two ranks.
      // Start rates rank Peerdorf (0.75) before Altstadt and Bergheim (0.5 each): the middle of three.
      [
        'altstadt',
        false,
        cell(100, 1, 2, 'lower'),
        cell(0.5, null, 2, 'middle'),
        cell(0.8, null, 1, 'upper'),
      ],
      [
        'bergheim',
        false,
        cell(60, 1.2, 1, 'upper'),
        cell(0.5, null, 2, 'middle'),
        cell(0.4, null, 3, 'lower'),
      ],
      ['celle', false, BELOW, BELOW, BELOW],
      // The peer's count would give its size away, and with it its name: withheld, unranked.
      [
        'peer-1',
        false,
        cell(null, null, null, null, 'withheld'),
        cell(0.75, null, null, 'upper'),
        cell(0.5, null, null, 'middle'),
      ],
    ]);
    expect(stats(r)).toEqual([
      ['viewers', 2, 1, 1.1, 1.2, ['bergheim']],
      ['startRate', 3, 0.5, 0.5, 0.75, ['peer-1']],
      ['completionRate', 3, 0.4, 0.5, 0.8, ['altstadt']],
    ]);
  });

  it("shows a city its own row exactly, ranked on its published figures, and the others' as everyone sees them", () => {
    const r = compare(BERGHEIM, NOISE_FREE);
    expect(rows(r)).toEqual([
      [
        'altstadt',
        false,
        cell(100, 1, 2, 'lower'),
        cell(0.5, null, 2, 'middle'),
        cell(0.8, null, 1, 'upper'),
      ],
      [
        'bergheim',
        true,
        cell(60, 1.2, 1, 'upper'),
        cell(0.5, null, 2, 'middle'),
        cell(0.4, null, 3, 'lower'),
      ],
      ['celle', false, BELOW, BELOW, BELOW],
      [
        'peer-1',
        false,
        cell(null, null, null, null, 'withheld'),
        cell(0.75, null, null, 'upper'),
        cell(0.5, null, null, 'middle'),
      ],
    ]);
    expect(stats(r)).toEqual(stats(compare(CONSORTIUM, NOISE_FREE)));
  });

  it('shows admins every city exactly and by name, ranked on the exact figures', () => {
    const r = compare(ADMIN, EXACT);
    // Four ranks: the first two are the upper third, the last two the lower.
    expect(rows(r)).toEqual([
      ['altstadt', true, cell(100, 1, 3, 'lower'), cell(0.5, null, 3, 'lower'), cell(0.8, null, 1, 'upper')],
      ['bergheim', true, cell(60, 1.2, 2, 'upper'), cell(0.5, null, 3, 'lower'), cell(0.4, null, 3, 'lower')],
      ['celle', true, cell(4, 0.2, 4, 'lower'), cell(0.75, null, 1, 'upper'), cell(0.3333, null, 4, 'lower')],
      ['peerdorf', true, cell(80, 2, 1, 'upper'), cell(0.75, null, 1, 'upper'), cell(0.5, null, 2, 'upper')],
    ]);
  });
});
