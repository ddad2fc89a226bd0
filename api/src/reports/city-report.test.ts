/*
 * The city report builder against an adversary who varies `limit`. Pages 500/200/60/30/4 (visitors = page views =
 * entries): the 4 is below k and the 30 is suppressed with it. Were the list cut by `limit` before it is
 * suppressed, `limit=4` would drop the 4 and show the 30 — and 30 + 4 is the "other" the full list publishes, so
 * the 4 would follow.
 */
import type { CityConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_EPSILON,
  FIXTURE_K,
  TEST_DISCLOSURE_SECRET,
} from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { periodMonths } from '../compare/digital-take-up.ts';
import { parseCalendarPeriod } from '../disclosure/calendar-period.ts';
import { exactDisclosure } from '../disclosure/disclosure.ts';
import { disclosurePolicy } from '../disclosure/policy.ts';
import { type DisclosedView, disclosedView } from '../disclosure/view.ts';
import { buildCityReport, type CityReportInput } from './city-report.ts';

const CITY: CityConfig = {
  key: 'giessen',
  name: 'Gießen',
  ags: '06531005',
  population: { inhabitants: 92_000, asOf: '2024-12-31', source: 'test' },
  portalHosts: ['www.giessen.de'],
  allowedOrigins: [],
  ingestKeySha256: [],
  queryAllowlist: [],
  serviceRules: [],
  namedInComparisons: true,
};
const K = FIXTURE_K;
const WEEK = parseCalendarPeriod('2025-W10');
const PREVIOUS_WEEK = parseCalendarPeriod('2025-W09');
if (!WEEK || !PREVIOUS_WEEK) throw new Error('calendar periods of the test');

const SIZES = [500, 200, 60, 30, 4];
const pages = (paths: readonly string[]) =>
  SIZES.map((n, i) => ({ path: paths[i] as string, visitors: n, pageviews: n, entries: n }));

function build(
  view: DisclosedView,
  limit: number,
  paths: readonly string[],
  traffic: CityReportInput['traffic'] = [],
) {
  return buildCityReport({
    city: CITY,
    access: view.d.perturbed ? 'published' : 'full',
    view,
    current: WEEK as NonNullable<typeof WEEK>,
    previous: PREVIOUS_WEEK as NonNullable<typeof PREVIOUS_WEEK>,
    calendar: view.d.perturbed ? { current: '2025-W10', previous: '2025-W09' } : null,
    interval: 'week',
    buckets: [{ bucket: '2025-03-03', calendar: view.d.perturbed ? '2025-W10' : null }],
    traffic,
    pages: pages(paths),
    limit,
    breakdowns: [],
    takeUp: {
      services: [],
      months: periodMonths(WEEK as NonNullable<typeof WEEK>),
      confirmers: new Map(),
      offline: [],
    },
  });
}

function report(view: DisclosedView, limit: number, paths: readonly string[]) {
  const r = build(view, limit, paths);
  return { pages: r.pages, entryPages: r.entryPages };
}

/** A published view whose noise is zero: what the list logic does with the counts it is given. */
const NOISE_FREE: DisclosedView = {
  d: { ...exactDisclosure(K), perturbed: true, belowK: (n) => n < K },
  info: disclosedView(disclosurePolicy({ k: K, epsilon: 0.5, secret: 'unused' }), WEEK, true).info,
};
const P = ['/p0', '/p1', '/p2', '/p3', '/p4'];

describe('a published top list', () => {
  it('is suppressed as a whole before `limit` cuts it: no limit shows the 30 or the 4', () => {
    const shown = (path: string, n: number) => ({ path, visitors: n, pageviews: n, status: 'ok' });
    const entry = (path: string, n: number) => ({ path, entries: n, status: 'ok' });
    const rows = [shown('/p0', 500), shown('/p1', 200), shown('/p2', 60)];
    const entries = [entry('/p0', 500), entry('/p1', 200), entry('/p2', 60)];
    // The folded 30 + 4 as one row "other", the same whatever the limit.
    const other = { path: '(other)', visitors: null, pageviews: 34, status: 'ok' };
    const otherEntries = { path: '(other)', entries: 34, status: 'ok' };
    for (const limit of [1, 2, 3, 4, 5, 100]) {
      expect([limit, report(NOISE_FREE, limit, P)]).toEqual([
        limit,
        {
          pages: [...rows.slice(0, limit), other],
          entryPages: [...entries.slice(0, limit), otherEntries],
        },
      ]);
    }
  });

  it('does so with the keyed noise as well', () => {
    const policy = disclosurePolicy({ k: K, epsilon: FIXTURE_EPSILON, secret: TEST_DISCLOSURE_SECRET });
    const paths = ['/', '/rathaus', '/buergerservice', '/kontakt', '/impressum'];
    // The perturbed counts, computed once with perturbedDisclosure(policy, 2025-W10) for cells
    // {city: 'giessen', scope: 'pages' | 'entryPages', quantity, label: path}: visitors / page views / entries
    // 500 → 498/498/495, 200 → 197/199/200, 60 → 61/60/61, 30 → 35/26/31; the 4 is below k and shows as 0.
    // /kontakt (35 visitors) is the smallest row that joins /impressum, so "(other)" holds 30 + 4: page views 34
    // → 33, entries 34 → 34.
    const all = report(disclosedView(policy, WEEK, true), 100, paths);
    expect(all).toEqual({
      pages: [
        { path: '/', visitors: 498, pageviews: 498, status: 'ok' },
        { path: '/rathaus', visitors: 197, pageviews: 199, status: 'ok' },
        { path: '/buergerservice', visitors: 61, pageviews: 60, status: 'ok' },
        { path: '(other)', visitors: null, pageviews: 33, status: 'ok' },
      ],
      entryPages: [
        { path: '/', entries: 495, status: 'ok' },
        { path: '/rathaus', entries: 200, status: 'ok' },
        { path: '/buergerservice', entries: 61, status: 'ok' },
        { path: '(other)', entries: 34, status: 'ok' },
      ],
    });
    const four = report(disclosedView(policy, WEEK, true), 4, paths);
    expect(four).toEqual(all);
    const two = report(disclosedView(policy, WEEK, true), 2, paths);
    expect(two.pages).toEqual([...all.pages.slice(0, 2), all.pages[3]]);
  });

  it('is not suppressed for the city itself: `limit` rows as they are', () => {
    const own = report({ ...NOISE_FREE, d: exactDisclosure(K) }, 4, P);
    expect(own.pages).toEqual(
      [500, 200, 60, 30].map((n, i) => ({ path: `/p${i}`, visitors: n, pageviews: n, status: 'ok' })),
    );
    expect(own.entryPages.map((r) => r.path)).toEqual(['/p0', '/p1', '/p2', '/p3']);
  });
});

describe('the published headline numbers', () => {
  // 20 visitors in 24 visits this week, 3 of them bounces; 12 visitors and visits the week before, 6 bounces.
  const traffic: CityReportInput['traffic'] = [
    {
      part: 'current',
      bucket: '',
      visitors: 20,
      visits: 24,
      pageviews: 40,
      bounces: 3,
      visit_duration_ms: 1_000_000,
    },
    {
      part: 'previous',
      bucket: '',
      visitors: 12,
      visits: 12,
      pageviews: 20,
      bounces: 6,
      visit_duration_ms: 600_000,
    },
  ];
  const row = (
    metric: string,
    value: number | null,
    previous: number | null,
    status: string,
    previousStatus: string,
  ) => {
    const both = value !== null && previous !== null;
    return {
      metric,
      value,
      previous,
      change: both ? Math.round((value - previous) * 10_000) / 10_000 : null,
      changeRatio: both ? Math.round(((value - previous) / previous) * 10_000) / 10_000 : null,
      status,
      previousStatus,
    };
  };

  it('suppress a bounce rate over fewer than k bounces, and withhold the visit duration', () => {
    expect(build(NOISE_FREE, 10, P, traffic).summary).toEqual([
      row('visitors', 20, 12, 'ok', 'ok'),
      row('visits', 24, 12, 'ok', 'ok'),
      row('pageviews', 40, 20, 'ok', 'ok'),
      row('bounceRate', null, 0.5, 'below_k', 'ok'),
      row('visitDurationSec', null, null, 'withheld', 'withheld'),
    ]);
  });

  it('are all there for the city itself', () => {
    expect(build({ ...NOISE_FREE, d: exactDisclosure(K) }, 10, P, traffic).summary).toEqual([
      row('visitors', 20, 12, 'ok', 'ok'),
      row('visits', 24, 12, 'ok', 'ok'),
      row('pageviews', 40, 20, 'ok', 'ok'),
      // 3 / 24 and 6 / 12; 1,000 s / 24 and 600 s / 12.
      row('bounceRate', 0.125, 0.5, 'ok', 'ok'),
      row('visitDurationSec', 41.7, 50, 'ok', 'ok'),
    ]);
  });
});
