/*
 * Cross-city comparison and matrix over the fixture. Per-1,000 figures use the configured populations (Fulda
 * 70,000, Gießen 92,000, Marburg 77,000, Limburg 36,000, Wetzlar 53,000, Offenbach 131,000). Limburg opted out of
 * being named: it is "peer 1" for everyone but itself and admins.
 *
 * Admins see every city exactly, over any range: those numbers are computed by hand from the fixture's comments.
 * Everyone else sees one closed calendar period (2025-W10 holds the fixture's visits) through the disclosure layer
 * (k = 5, the harness's fixed secret), the caller's own city exactly. The published values were computed once with
 * perturbedDisclosure(disclosurePolicy({ k: FIXTURE_K, epsilon: FIXTURE_EPSILON, secret: TEST_DISCLOSURE_SECRET }),
 * 2025-W10).count(serviceCell(city, S1, quantity), true count) and are written as literals. A count below k is
 * never published, whatever its noise, so of this small fixture only Marburg's 5 viewers (→ 5) and Gießen's 5
 * visitors of step 1 (→ 5) reach another party.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { FIXTURE_WEEK, S1 } from '../../../tests/support/api-fixture/journeys.fixture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_compare');
});
afterAll(async () => {
  await h?.close();
});

const PERIOD = 'from=2025-03-01&to=2025-03-07';
const WEEK = `period=${FIXTURE_WEEK}`;
const AS_OF = '2024-12-31';
const POLICY = {
  k: 5,
  epsilonPerCell: 0.5,
  noise: 'discrete Laplace',
  noiseScale: 2,
  noiseStandardDeviation: 2.8,
};
const named = (key: string, name: string, inhabitants: number, own = false, exact = own) => ({
  key,
  name,
  peer: null,
  own,
  inhabitants,
  populationAsOf: AS_OF,
  exact,
});
const exactly = (key: string, name: string, inhabitants: number) =>
  named(key, name, inhabitants, false, true);
const PEER_1 = {
  key: null,
  name: null,
  peer: 1,
  own: false,
  inhabitants: null,
  populationAsOf: null,
  exact: false,
};
type Band = 'upper' | 'middle' | 'lower' | null;
const cell = (
  value: number | null,
  per1000: number | null,
  rank: number | null,
  rankBand: Band,
  status = 'ok',
) => ({ value, per1000, rank, rankBand, status });
const BELOW = cell(null, null, null, null, 'below_k');
const NO_DATA = cell(null, null, null, null, 'no_data');
/** Digital take-up of a week: offline numbers come per month, so there is none (never 100 %). */
const NO_OFFLINE = cell(null, null, null, null, 'no_offline_data');
const ALL_BELOW = {
  viewers: BELOW,
  starters: BELOW,
  completions: BELOW,
  startRate: BELOW,
  completionRate: BELOW,
  medianTimeToCompleteSec: BELOW,
  errorRate: BELOW,
  satisfaction: BELOW,
  digitalTakeUp: NO_OFFLINE,
};
/** The caller's own cells: exact values, not ranked, marked as others cannot see them. */
const own = (value: number | null, per1000: number | null = null) =>
  cell(value, per1000, null, null, 'below_k');
const stage = (
  stage: string,
  step: number | null,
  stepName: string | null,
  visitors: number | null,
  shareOfViewers: number | null,
  dropOff: number | null,
  dropOffRate: number | null,
  status = 'ok',
) => ({ stage, step, stepName, visitors, shareOfViewers, dropOff, dropOffRate, status });
const hiddenStage = (s: string, step: number | null = null, stepName: string | null = null) =>
  stage(s, step, stepName, null, null, null, null, 'below_k');

// ── As the consortium (and every city but the one concerned) sees 2025-W10.
const FULDA_PUBLISHED = {
  city: named('fulda', 'Fulda', 70_000),
  metrics: ALL_BELOW,
  stages: [
    hiddenStage('viewed'),
    hiddenStage('started'),
    hiddenStage('step', 1, 'a'),
    hiddenStage('step', 2, 'b'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const GIESSEN_PUBLISHED = {
  city: named('giessen', 'Gießen', 92_000),
  metrics: ALL_BELOW,
  stages: [
    hiddenStage('viewed'),
    hiddenStage('started'),
    // Step 1: 5 → 5; its neighbours are hidden, so no share of viewers and no drop-off.
    stage('step', 1, 'person', 5, null, null, null),
    hiddenStage('step', 2, 'wohnung'),
    hiddenStage('step', 3, 'nachweis'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const MARBURG_PUBLISHED = {
  city: named('marburg', 'Marburg', 77_000),
  // Viewers 5 → 5, 0.065 per 1,000: the only published count, so rank 1 of 1.
  metrics: { ...ALL_BELOW, viewers: cell(5, 0.065, 1, 'upper') },
  stages: [
    stage('viewed', null, null, 5, 1, null, null),
    hiddenStage('started'),
    hiddenStage('step', 1, 'a'),
    hiddenStage('step', 2, 'b'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const OFFENBACH_PUBLISHED = {
  city: named('offenbach', 'Offenbach am Main', 131_000),
  // No events: 0 is below k like any count under k.
  metrics: ALL_BELOW,
  stages: [hiddenStage('viewed'), hiddenStage('started'), hiddenStage('submitted'), hiddenStage('confirmed')],
};
const WETZLAR_PUBLISHED = {
  city: named('wetzlar', 'Wetzlar', 53_000),
  metrics: ALL_BELOW,
  stages: [
    hiddenStage('viewed'),
    hiddenStage('started'),
    hiddenStage('step', 1, 'angaben'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const LIMBURG_AS_PEER = {
  city: PEER_1,
  metrics: ALL_BELOW,
  stages: [
    hiddenStage('viewed'),
    hiddenStage('started'),
    hiddenStage('step', 1, 'angaben'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const summaryOf = (n: number, value: number | null) => ({
  n,
  min: value,
  q1: value,
  median: value,
  q3: value,
  max: value,
});
/** Statistics over the published figures: Marburg's viewers only. */
const PUBLISHED_SUMMARY = [
  ['viewers', summaryOf(1, 0.065)],
  ['starters', summaryOf(0, null)],
  ['completions', summaryOf(0, null)],
  ['startRate', summaryOf(0, null)],
  ['completionRate', summaryOf(0, null)],
  ['medianTimeToCompleteSec', summaryOf(0, null)],
  ['errorRate', summaryOf(0, null)],
  ['satisfaction', summaryOf(0, null)],
  ['digitalTakeUp', summaryOf(0, null)],
];
const summaries = (r: { metrics: Record<string, unknown>[] }) =>
  r.metrics.map(({ metric, n, min, q1, median, q3, max, best }) => [
    metric,
    { n, min, q1, median, q3, max },
    best,
  ]);

describe('cross-city comparison', () => {
  it('shows the consortium every city through the disclosure layer, the opted-out city as an anonymous peer', async () => {
    const res = await h.get(`/v1/services/${S1}/comparison?${WEEK}`, h.keys.consortium);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect([r.k, r.period, r.disclosure]).toEqual([
      5,
      { from: '2025-03-03', to: '2025-03-09', days: 7 },
      { perturbed: true, calendarPeriod: '2025-W10', ...POLICY },
    ]);
    expect(r.cities).toEqual([
      FULDA_PUBLISHED,
      GIESSEN_PUBLISHED,
      MARBURG_PUBLISHED,
      OFFENBACH_PUBLISHED,
      WETZLAR_PUBLISHED,
      LIMBURG_AS_PEER,
    ]);
    // One published value is nobody's example to follow: no best-practice city.
    expect(summaries(r)).toEqual(PUBLISHED_SUMMARY.map(([m, s]) => [m, s, []]));
    expect(r.metrics[0]).toMatchObject({
      metric: 'viewers',
      kind: 'count',
      higherIsBetter: true,
      comparedOn: 'per1000',
      description: 'Distinct visitors who viewed the service (service_view or a page of the service)',
    });
  });

  it("shows a city team its own city exactly, marked where others cannot see it, and the others' published figures", async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${WEEK}`, h.keys.giessen)).json();
    expect(r.disclosure.perturbed).toBe(true);
    expect(r.cities).toEqual([
      FULDA_PUBLISHED,
      {
        city: named('giessen', 'Gießen', 92_000, true),
        // Every own cell is exact; none of them reaches another party, so none is ranked.
        metrics: {
          viewers: own(6, 0.065),
          starters: own(5, 0.054),
          completions: own(3, 0.033),
          startRate: own(0.8333),
          completionRate: own(0.6),
          medianTimeToCompleteSec: own(210),
          errorRate: own(0.8),
          satisfaction: own(4.33),
          digitalTakeUp: NO_OFFLINE,
        },
        stages: [
          stage('viewed', null, null, 6, 1, null, null, 'below_k'),
          stage('started', null, null, 5, 0.8333, 1, 0.1667, 'below_k'),
          stage('step', 1, 'person', 5, 0.8333, 0, 0),
          stage('step', 2, 'wohnung', 4, 0.6667, 1, 0.2, 'below_k'),
          stage('step', 3, 'nachweis', 3, 0.5, 1, 0.25, 'below_k'),
          stage('submitted', null, null, 3, 0.5, 0, 0, 'below_k'),
          stage('confirmed', null, null, 3, 0.5, 0, 0, 'below_k'),
        ],
      },
      MARBURG_PUBLISHED,
      OFFENBACH_PUBLISHED,
      WETZLAR_PUBLISHED,
      LIMBURG_AS_PEER,
    ]);
    // The statistics are those everyone else sees: the own exact figures take no part.
    expect(summaries(r)).toEqual(PUBLISHED_SUMMARY.map(([m, s]) => [m, s, []]));
  });

  it('shows a city its own cells below k with their values, and ranks them nowhere', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${WEEK}`, h.keys.wetzlar)).json();
    const mine = r.cities.find((c: { city: { own: boolean } }) => c.city.own);
    expect(mine.city).toEqual(named('wetzlar', 'Wetzlar', 53_000, true));
    expect(mine.metrics).toEqual({
      viewers: own(2, 0.038),
      starters: own(1, 0.019),
      completions: own(1, 0.019),
      startRate: own(0.5),
      completionRate: own(1),
      medianTimeToCompleteSec: own(90),
      errorRate: own(0),
      // No rating at all: others would see "below k", so the city does too.
      satisfaction: own(null),
      digitalTakeUp: NO_OFFLINE,
    });
    expect(mine.stages[0]).toEqual(stage('viewed', null, null, 2, 1, null, null, 'below_k'));
    expect(r.cities.filter((c: { city: { own: boolean } }) => !c.city.own)).toEqual([
      FULDA_PUBLISHED,
      GIESSEN_PUBLISHED,
      MARBURG_PUBLISHED,
      OFFENBACH_PUBLISHED,
      LIMBURG_AS_PEER,
    ]);
  });

  it('names the opted-out city to itself, exactly', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${WEEK}`, h.keys.limburg)).json();
    expect(r.cities.map((c: { city: { key: string | null; peer: number | null } }) => c.city.key)).toEqual([
      'fulda',
      'giessen',
      'limburg',
      'marburg',
      'offenbach',
      'wetzlar',
    ]);
    expect(r.cities[2]).toEqual({
      city: named('limburg', 'Limburg a.d. Lahn', 36_000, true),
      metrics: {
        viewers: own(3, 0.083),
        starters: own(3, 0.083),
        completions: own(3, 0.083),
        startRate: own(1),
        completionRate: own(1),
        medianTimeToCompleteSec: own(150),
        errorRate: own(0),
        satisfaction: own(null),
        digitalTakeUp: NO_OFFLINE,
      },
      stages: [
        stage('viewed', null, null, 3, 1, null, null, 'below_k'),
        stage('started', null, null, 3, 1, 0, 0, 'below_k'),
        stage('step', 1, 'angaben', 3, 1, 0, 0, 'below_k'),
        stage('submitted', null, null, 3, 1, 0, 0, 'below_k'),
        stage('confirmed', null, null, 3, 1, 0, 0, 'below_k'),
      ],
    });
    expect(r.cities[3]).toEqual(MARBURG_PUBLISHED);
  });

  it('gives admins every city exactly, named, over any range, ranked and summarised on the exact figures', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.admin)).json();
    expect([r.period, r.disclosure]).toEqual([
      { from: '2025-03-01', to: '2025-03-07', days: 7 },
      { perturbed: false, calendarPeriod: null, ...POLICY },
    ]);
    const steps = (names: (string | null)[], visitors: number[]): ReturnType<typeof stage>[] => {
      const kinds = ['viewed', 'started', ...names.map(() => 'step'), 'submitted', 'confirmed'];
      const viewers = visitors[0] as number;
      return kinds.map((kind, i) => {
        const v = visitors[i] as number;
        const before = i > 0 ? (visitors[i - 1] as number) : null;
        const isStep = kind === 'step';
        const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);
        return stage(
          kind,
          isStep ? i - 1 : null,
          isStep ? (names[i - 2] ?? null) : null,
          v,
          ratio(v, viewers),
          before === null ? null : before - v,
          before === null ? null : ratio(before - v, before),
        );
      });
    };
    // Ranks over six cities (counts per 1,000) or the five with a rate; bands are thirds of the ranking.
    expect(r.cities).toEqual([
      {
        city: exactly('fulda', 'Fulda', 70_000),
        metrics: {
          viewers: cell(4, 0.057, 4, 'middle'),
          starters: cell(4, 0.057, 2, 'upper'),
          completions: cell(4, 0.057, 2, 'upper'),
          startRate: cell(1, null, 1, 'upper'),
          completionRate: cell(1, null, 1, 'upper'),
          medianTimeToCompleteSec: cell(90, null, 1, 'upper'),
          errorRate: cell(0, null, 1, 'upper'),
          satisfaction: cell(4.67, null, 1, 'upper'),
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps(['a', 'b'], [4, 4, 4, 4, 4, 4]),
      },
      {
        city: exactly('giessen', 'Gießen', 92_000),
        metrics: {
          viewers: cell(6, 0.065, 2, 'upper'),
          starters: cell(5, 0.054, 3, 'middle'),
          completions: cell(3, 0.033, 3, 'middle'),
          startRate: cell(0.8333, null, 3, 'middle'),
          completionRate: cell(0.6, null, 4, 'lower'),
          medianTimeToCompleteSec: cell(210, null, 5, 'lower'),
          errorRate: cell(0.8, null, 5, 'lower'),
          satisfaction: cell(4.33, null, 2, 'lower'),
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps(['person', 'wohnung', 'nachweis'], [6, 5, 5, 4, 3, 3, 3]),
      },
      {
        city: exactly('limburg', 'Limburg a.d. Lahn', 36_000),
        metrics: {
          viewers: cell(3, 0.083, 1, 'upper'),
          starters: cell(3, 0.083, 1, 'upper'),
          completions: cell(3, 0.083, 1, 'upper'),
          startRate: cell(1, null, 1, 'upper'),
          completionRate: cell(1, null, 1, 'upper'),
          medianTimeToCompleteSec: cell(150, null, 3, 'middle'),
          errorRate: cell(0, null, 1, 'upper'),
          satisfaction: NO_DATA,
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps(['angaben'], [3, 3, 3, 3, 3]),
      },
      {
        city: exactly('marburg', 'Marburg', 77_000),
        metrics: {
          viewers: cell(5, 0.065, 2, 'upper'),
          starters: cell(4, 0.052, 4, 'middle'),
          completions: cell(2, 0.026, 4, 'middle'),
          startRate: cell(0.8, null, 4, 'lower'),
          completionRate: cell(0.5, null, 5, 'lower'),
          // Two completions at 100 s and 200 s.
          medianTimeToCompleteSec: cell(150, null, 3, 'middle'),
          errorRate: cell(0, null, 1, 'upper'),
          satisfaction: NO_DATA,
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps(['a', 'b'], [5, 4, 4, 2, 2, 2]),
      },
      {
        city: exactly('offenbach', 'Offenbach am Main', 131_000),
        metrics: {
          viewers: cell(0, 0, 6, 'lower'),
          starters: cell(0, 0, 6, 'lower'),
          completions: cell(0, 0, 6, 'lower'),
          startRate: NO_DATA,
          completionRate: NO_DATA,
          medianTimeToCompleteSec: NO_DATA,
          errorRate: NO_DATA,
          satisfaction: NO_DATA,
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps([], [0, 0, 0, 0]),
      },
      {
        city: exactly('wetzlar', 'Wetzlar', 53_000),
        metrics: {
          viewers: cell(2, 0.038, 5, 'lower'),
          starters: cell(1, 0.019, 5, 'lower'),
          completions: cell(1, 0.019, 5, 'lower'),
          startRate: cell(0.5, null, 5, 'lower'),
          completionRate: cell(1, null, 1, 'upper'),
          medianTimeToCompleteSec: cell(90, null, 1, 'upper'),
          errorRate: cell(0, null, 1, 'upper'),
          satisfaction: NO_DATA,
          digitalTakeUp: NO_OFFLINE,
        },
        stages: steps(['angaben'], [2, 1, 1, 1, 1]),
      },
    ]);
    const fulda = exactly('fulda', 'Fulda', 70_000);
    const limburg = exactly('limburg', 'Limburg a.d. Lahn', 36_000);
    const marburg = exactly('marburg', 'Marburg', 77_000);
    const wetzlar = exactly('wetzlar', 'Wetzlar', 53_000);
    expect(summaries(r)).toEqual([
      // Per 1,000: 0, 0.038, 0.057, 0.065, 0.065, 0.083.
      ['viewers', { n: 6, min: 0, q1: 0.0427, median: 0.061, q3: 0.065, max: 0.083 }, [limburg]],
      // 0, 0.019, 0.052, 0.054, 0.057, 0.083.
      ['starters', { n: 6, min: 0, q1: 0.0273, median: 0.053, q3: 0.0563, max: 0.083 }, [limburg]],
      // 0, 0.019, 0.026, 0.033, 0.057, 0.083.
      ['completions', { n: 6, min: 0, q1: 0.0207, median: 0.0295, q3: 0.051, max: 0.083 }, [limburg]],
      ['startRate', { n: 5, min: 0.5, q1: 0.8, median: 0.8333, q3: 1, max: 1 }, [fulda, limburg]],
      ['completionRate', { n: 5, min: 0.5, q1: 0.6, median: 1, q3: 1, max: 1 }, [fulda, limburg, wetzlar]],
      [
        'medianTimeToCompleteSec',
        { n: 5, min: 90, q1: 90, median: 150, q3: 150, max: 210 },
        [fulda, wetzlar],
      ],
      ['errorRate', { n: 5, min: 0, q1: 0, median: 0, q3: 0, max: 0.8 }, [fulda, limburg, marburg, wetzlar]],
      ['satisfaction', { n: 2, min: 4.33, q1: 4.415, median: 4.5, q3: 4.585, max: 4.67 }, [fulda]],
      ['digitalTakeUp', summaryOf(0, null), []],
    ]);
  });

  it('takes only a closed calendar period from everyone but admins', async () => {
    for (const key of [h.keys.consortium, h.keys.giessen, h.keys.limburg]) {
      for (const q of [PERIOD, 'period=2025-03', 'period=2025-W11']) {
        const res = await h.get(`/v1/services/${S1}/comparison?${q}`, key);
        expect([q, res.statusCode, res.json().error]).toEqual([q, 400, 'API_PERIOD_NOT_PUBLISHED']);
      }
      // Without a period: the last closed month, February, which has no funnel at all.
      const february = (await h.get(`/v1/services/${S1}/comparison`, key)).json();
      expect([february.period, february.disclosure.calendarPeriod]).toEqual([
        { from: '2025-02-01', to: '2025-02-28', days: 28 },
        '2025-02',
      ]);
    }
    const open = await h.get(`/v1/services/${S1}/comparison?period=2025-03`, h.keys.admin);
    expect([open.statusCode, open.json().disclosure.perturbed]).toEqual([200, false]);
  });

  it('answers the cities table as CSV with empty suppressed cells and peer labels', async () => {
    const res = await h.get(`/v1/services/${S1}/comparison?${WEEK}&format=csv`, h.keys.consortium);
    const lines = res.body.split('\r\n');
    expect(
      lines[0]?.startsWith(
        '\uFEFFcity,name,own,exact,inhabitants,populationAsOf,viewers,viewers_per1000,viewers_rank,viewers_rankBand,viewers_status,st',
      ),
    ).toBe(true);
    const below = ',,,,,below_k';
    const noOffline = ',,,,,no_offline_data';
    expect(lines.slice(1)).toEqual([
      `fulda,Fulda,false,false,70000,2024-12-31${below.repeat(8)}${noOffline}`,
      `giessen,Gießen,false,false,92000,2024-12-31${below.repeat(8)}${noOffline}`,
      `marburg,Marburg,false,false,77000,2024-12-31,5,0.065,1,upper,ok${below.repeat(7)}${noOffline}`,
      `offenbach,Offenbach am Main,false,false,131000,2024-12-31${below.repeat(8)}${noOffline}`,
      `wetzlar,Wetzlar,false,false,53000,2024-12-31${below.repeat(8)}${noOffline}`,
      `peer-1,,false,false,,${below.repeat(8)}${noOffline}`,
      '',
    ]);
    const own = await h.get(`/v1/services/${S1}/comparison?${WEEK}&format=csv`, h.keys.giessen);
    expect(own.body.split('\r\n')[2]).toBe(
      'giessen,Gießen,true,true,92000,2024-12-31,6,0.065,,,below_k,5,0.054,,,below_k,3,0.033,,,below_k,' +
        '0.8333,,,,below_k,0.6,,,,below_k,210,,,,below_k,0.8,,,,below_k,4.33,,,,below_k,,,,,no_offline_data',
    );
    const metrics = await h.get(
      `/v1/services/${S1}/comparison?${WEEK}&format=csv&table=metrics`,
      h.keys.consortium,
    );
    expect(metrics.body.split('\r\n').slice(1, 3)).toEqual([
      'viewers,per1000,true,1,0.065,0.065,0.065,0.065,0.065,',
      'starters,per1000,true,0,,,,,,',
    ]);
  });
});

describe('services × cities matrix', () => {
  it('gives one metric for every catalog service and city, through the disclosure layer', async () => {
    const r = (await h.get(`/v1/comparison/matrix?${WEEK}&metric=completionRate`, h.keys.consortium)).json();
    expect([r.period, r.disclosure.calendarPeriod, r.comparedOn]).toEqual([
      { from: '2025-03-03', to: '2025-03-09', days: 7 },
      '2025-W10',
      'value',
    ]);
    expect(r.cities).toEqual([
      named('fulda', 'Fulda', 70_000),
      named('giessen', 'Gießen', 92_000),
      named('marburg', 'Marburg', 77_000),
      named('offenbach', 'Offenbach am Main', 131_000),
      named('wetzlar', 'Wetzlar', 53_000),
      PEER_1,
    ]);
    expect(r.rows).toHaveLength(6);
    expect(r.rows[0]).toEqual({
      service: { key: S1, name: { de: 'Wohnsitz anmelden', en: 'Register a new address' } },
      median: null,
      cells: Array(6).fill(BELOW),
    });
    // Services nobody used: 0 is below k, as it is in the comparison.
    expect(r.rows[1]).toMatchObject({ median: null, cells: Array(6).fill(BELOW) });
    const csv = await h.get(`/v1/comparison/matrix?${WEEK}&metric=viewers&format=csv`, h.keys.consortium);
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFservice,name,median,fulda,giessen,marburg,offenbach,wetzlar,peer-1',
      `${S1},Wohnsitz anmelden,0.065,,,0.065,,,`,
      '99036010000000,Hund zur Hundesteuer anmelden,,,,,,,',
    ]);
  });

  it('shows a city its own column exactly and admins every column exactly', async () => {
    const mine = (await h.get(`/v1/comparison/matrix?${WEEK}&metric=viewers`, h.keys.giessen)).json();
    expect(mine.cities[1]).toEqual(named('giessen', 'Gießen', 92_000, true));
    expect(mine.rows[0].cells.slice(0, 3)).toEqual([BELOW, own(6, 0.065), cell(5, 0.065, 1, 'upper')]);
    const admin = (await h.get(`/v1/comparison/matrix?${PERIOD}&metric=completionRate`, h.keys.admin)).json();
    expect(admin.cities.map((c: { key: string; exact: boolean }) => [c.key, c.exact])).toEqual([
      ['fulda', true],
      ['giessen', true],
      ['limburg', true],
      ['marburg', true],
      ['offenbach', true],
      ['wetzlar', true],
    ]);
    expect(admin.rows[0]).toMatchObject({
      median: 1,
      cells: [
        cell(1, null, 1, 'upper'),
        cell(0.6, null, 4, 'lower'),
        cell(1, null, 1, 'upper'),
        cell(0.5, null, 5, 'lower'),
        NO_DATA,
        cell(1, null, 1, 'upper'),
      ],
    });
  });

  it('lists the catalog with the number of cities each service was seen in', async () => {
    const seen = async (key: string, q: string) =>
      (await h.get(`/v1/services?${q}`, key))
        .json()
        .services.map((s: { citiesSeen: number }) => s.citiesSeen);
    // Admins: every city with an event (Gießen, Fulda, Marburg, Limburg, Wetzlar).
    expect(await seen(h.keys.admin, PERIOD)).toEqual([5, 0, 0, 0, 0, 0]);
    // Others: the own city if it has a viewer, and cities whose published viewers reach k (Marburg).
    expect(await seen(h.keys.consortium, WEEK)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(await seen(h.keys.giessen, WEEK)).toEqual([2, 0, 0, 0, 0, 0]);
    const r = (await h.get(`/v1/services?${WEEK}`, h.keys.consortium)).json();
    expect([r.period, r.services[0], r.uncatalogued]).toEqual([
      { from: '2025-03-03', to: '2025-03-09', days: 7 },
      { key: S1, name: { de: 'Wohnsitz anmelden', en: 'Register a new address' }, citiesSeen: 1 },
      [],
    ]);
    const free = await h.get(`/v1/services?${PERIOD}`, h.keys.giessen);
    expect([free.statusCode, free.json().error]).toEqual([400, 'API_PERIOD_NOT_PUBLISHED']);
  });
});
