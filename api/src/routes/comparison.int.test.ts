/*
 * Cross-city comparison and matrix over the fixture (k = 3), by hand: per-1,000 figures use the configured
 * populations (Fulda 70,000, Gießen 92,000, Marburg 77,000, Limburg 36,000, Wetzlar 53,000, Offenbach 131,000).
 * Limburg opted out of being named: it is "peer 1" for everyone but itself and admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../fixture/api.harness.ts';
import { S1 } from '../fixture/journeys.fixture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_compare');
});
afterAll(async () => {
  await h?.close();
});

const PERIOD = 'from=2025-03-01&to=2025-03-07';
const AS_OF = '2024-12-31';
const named = (key: string, name: string, inhabitants: number, own = false) => ({
  key,
  name,
  peer: null,
  own,
  inhabitants,
  populationAsOf: AS_OF,
});
const PEER_1 = { key: null, name: null, peer: 1, own: false, inhabitants: null, populationAsOf: null };
const cell = (value: number | null, per1000: number | null, rank: number | null, status = 'ok') => ({
  value,
  per1000,
  rank,
  status,
});
const BELOW = cell(null, null, null, 'below_k');
const NO_DATA = cell(null, null, null, 'no_data');
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

const FULDA = {
  city: named('fulda', 'Fulda', 70_000),
  metrics: {
    viewers: cell(4, 0.057, 4),
    starters: cell(4, 0.057, 2),
    completions: cell(4, 0.057, 2),
    startRate: cell(1, null, 1),
    completionRate: cell(1, null, 1),
    medianTimeToCompleteSec: cell(90, null, 1),
    errorRate: cell(0, null, 1),
    satisfaction: cell(4.67, null, 1),
  },
  stages: [
    stage('viewed', null, null, 4, 1, null, null),
    stage('started', null, null, 4, 1, 0, 0),
    stage('step', 1, 'a', 4, 1, 0, 0),
    stage('step', 2, 'b', 4, 1, 0, 0),
    stage('submitted', null, null, 4, 1, 0, 0),
    stage('confirmed', null, null, 4, 1, 0, 0),
  ],
};
const GIESSEN_METRICS = {
  viewers: cell(6, 0.065, 2),
  starters: cell(5, 0.054, 3),
  completions: cell(3, 0.033, 3),
  startRate: cell(0.8333, null, 3),
  completionRate: cell(0.6, null, 3),
  medianTimeToCompleteSec: cell(210, null, 3),
  errorRate: cell(0.8, null, 4),
  satisfaction: cell(4.33, null, 2),
};
const MARBURG = {
  city: named('marburg', 'Marburg', 77_000),
  metrics: {
    viewers: cell(5, 0.065, 2),
    starters: cell(4, 0.052, 4),
    completions: BELOW,
    startRate: cell(0.8, null, 4),
    completionRate: BELOW,
    medianTimeToCompleteSec: BELOW,
    errorRate: cell(0, null, 1),
    satisfaction: NO_DATA,
  },
  stages: [
    stage('viewed', null, null, 5, 1, null, null),
    stage('started', null, null, 4, 0.8, 1, 0.2),
    stage('step', 1, 'a', 4, 0.8, 0, 0),
    hiddenStage('step', 2, 'b'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const OFFENBACH = {
  city: named('offenbach', 'Offenbach am Main', 131_000),
  metrics: {
    viewers: cell(0, 0, 5),
    starters: cell(0, 0, 5),
    completions: cell(0, 0, 4),
    startRate: NO_DATA,
    completionRate: NO_DATA,
    medianTimeToCompleteSec: NO_DATA,
    errorRate: NO_DATA,
    satisfaction: NO_DATA,
  },
  stages: [
    stage('viewed', null, null, 0, null, null, null),
    stage('started', null, null, 0, null, 0, null),
    stage('submitted', null, null, 0, null, 0, null),
    stage('confirmed', null, null, 0, null, 0, null),
  ],
};
const WETZLAR_HIDDEN = {
  city: named('wetzlar', 'Wetzlar', 53_000),
  metrics: {
    viewers: BELOW,
    starters: BELOW,
    completions: BELOW,
    startRate: BELOW,
    completionRate: BELOW,
    medianTimeToCompleteSec: BELOW,
    errorRate: BELOW,
    satisfaction: NO_DATA,
  },
  stages: [
    hiddenStage('viewed'),
    hiddenStage('started'),
    hiddenStage('step', 1, 'angaben'),
    hiddenStage('submitted'),
    hiddenStage('confirmed'),
  ],
};
const withheld = (s: string, step: number | null, stepName: string | null, dropOffRate: number | null) =>
  stage(s, step, stepName, null, 1, null, dropOffRate, 'withheld');
const LIMBURG_AS_PEER = {
  city: PEER_1,
  metrics: {
    viewers: cell(null, 0.083, 1, 'withheld'),
    starters: cell(null, 0.083, 1, 'withheld'),
    completions: cell(null, 0.083, 1, 'withheld'),
    startRate: cell(1, null, 1),
    completionRate: cell(1, null, 1),
    medianTimeToCompleteSec: cell(150, null, 2),
    errorRate: cell(0, null, 1),
    satisfaction: NO_DATA,
  },
  stages: [
    withheld('viewed', null, null, null),
    withheld('started', null, null, 0),
    withheld('step', 1, 'angaben', 0),
    withheld('submitted', null, null, 0),
    withheld('confirmed', null, null, 0),
  ],
};

describe('cross-city comparison', () => {
  it('shows the consortium every city, small cells suppressed, the opted-out city as an anonymous peer', async () => {
    const res = await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.consortium);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.k).toBe(3);
    expect(r.cities).toEqual([
      FULDA,
      {
        city: named('giessen', 'Gießen', 92_000),
        metrics: GIESSEN_METRICS,
        stages: [
          stage('viewed', null, null, 6, 1, null, null),
          stage('started', null, null, 5, 0.8333, 1, 0.1667),
          stage('step', 1, 'person', 5, 0.8333, 0, 0),
          stage('step', 2, 'wohnung', 4, 0.6667, 1, 0.2),
          stage('step', 3, 'nachweis', 3, 0.5, 1, 0.25),
          stage('submitted', null, null, 3, 0.5, 0, 0),
          stage('confirmed', null, null, 3, 0.5, 0, 0),
        ],
      },
      MARBURG,
      OFFENBACH,
      WETZLAR_HIDDEN,
      LIMBURG_AS_PEER,
    ]);
    const summary = (metric: string) => r.metrics.find((m: { metric: string }) => m.metric === metric);
    expect(summary('viewers')).toEqual({
      metric: 'viewers',
      kind: 'count',
      higherIsBetter: true,
      comparedOn: 'per1000',
      description: 'Distinct visitors who viewed the service (service_view or a page of the service)',
      n: 5,
      min: 0,
      q1: 0.057,
      median: 0.065,
      q3: 0.065,
      max: 0.083,
      best: [PEER_1],
    });
    expect(summary('completions')).toMatchObject({
      n: 4,
      min: 0,
      q1: 0.0248,
      median: 0.045,
      q3: 0.0635,
      max: 0.083,
    });
    expect(summary('completionRate')).toMatchObject({
      n: 3,
      min: 0.6,
      q1: 0.8,
      median: 1,
      q3: 1,
      max: 1,
      best: [named('fulda', 'Fulda', 70_000), PEER_1],
    });
    expect(summary('medianTimeToCompleteSec')).toMatchObject({
      higherIsBetter: false,
      n: 3,
      q1: 120,
      median: 150,
      q3: 180,
      best: [named('fulda', 'Fulda', 70_000)],
    });
    expect(summary('startRate')).toMatchObject({ n: 4, min: 0.8, q1: 0.825, median: 0.9167, q3: 1, max: 1 });
    expect(summary('errorRate')).toMatchObject({ n: 4, min: 0, q1: 0, median: 0, q3: 0.2, max: 0.8 });
    expect(summary('satisfaction')).toMatchObject({ n: 2, q1: 4.415, median: 4.5, q3: 4.585 });
  });

  it("shows a city team its own city in full and the others' small cells suppressed", async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.giessen)).json();
    expect(r.cities.map((c: { city: { key: string | null } }) => c.city.key)).toEqual([
      'fulda',
      'giessen',
      'marburg',
      'offenbach',
      'wetzlar',
      null,
    ]);
    expect(r.cities[1].city.own).toBe(true);
    expect(r.cities[2]).toEqual(MARBURG);
    expect(r.cities[4]).toEqual(WETZLAR_HIDDEN);
    expect(r.cities[5]).toEqual(LIMBURG_AS_PEER);
  });

  it('shows a city its own cells below k with their values, and ranks them nowhere', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.wetzlar)).json();
    const own = r.cities.find((c: { city: { own: boolean } }) => c.city.own);
    expect(own.city).toEqual(named('wetzlar', 'Wetzlar', 53_000, true));
    expect(own.metrics.viewers).toEqual(cell(2, 0.038, null, 'below_k'));
    expect(own.metrics.completionRate).toEqual(cell(1, null, null, 'below_k'));
    expect(own.stages[0]).toEqual(stage('viewed', null, null, 2, 1, null, null, 'below_k'));
  });

  it('names the opted-out city to itself and to admins only', async () => {
    const own = (await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.limburg)).json();
    expect(own.cities.map((c: { city: { peer: number | null } }) => c.city.peer)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const limburg = own.cities.find((c: { city: { own: boolean } }) => c.city.own);
    expect(limburg.city).toEqual(named('limburg', 'Limburg a.d. Lahn', 36_000, true));
    expect(limburg.metrics.viewers).toEqual(cell(3, 0.083, 1));
    const admin = (await h.get(`/v1/services/${S1}/comparison?${PERIOD}`, h.keys.admin)).json();
    expect(admin.cities.map((c: { city: { key: string } }) => c.city.key)).toEqual([
      'fulda',
      'giessen',
      'limburg',
      'marburg',
      'offenbach',
      'wetzlar',
    ]);
    expect(admin.cities[5].metrics.viewers).toEqual(cell(2, 0.038, null, 'below_k'));
    expect(admin.metrics.find((m: { metric: string }) => m.metric === 'viewers').best).toEqual([
      named('limburg', 'Limburg a.d. Lahn', 36_000),
    ]);
  });

  it('answers the cities table as CSV with empty suppressed cells and peer labels', async () => {
    const res = await h.get(`/v1/services/${S1}/comparison?${PERIOD}&format=csv`, h.keys.consortium);
    const lines = res.body.split('\r\n');
    expect(
      lines[0]?.startsWith(
        '\uFEFFcity,name,own,inhabitants,populationAsOf,viewers,viewers_per1000,viewers_rank,viewers_status,st',
      ),
    ).toBe(true);
    expect(lines[5]?.startsWith('wetzlar,Wetzlar,false,53000,2024-12-31,,,,below_k,,,,below_k,')).toBe(true);
    expect(lines[6]?.startsWith('peer-1,,false,,,,0.083,1,withheld,,0.083,1,withheld,')).toBe(true);
    expect(lines).toHaveLength(8);
    const metrics = await h.get(
      `/v1/services/${S1}/comparison?${PERIOD}&format=csv&table=metrics`,
      h.keys.consortium,
    );
    expect(metrics.body.split('\r\n')[5]).toBe('completionRate,value,true,3,0.6,0.8,1,1,1,fulda peer-1');
  });
});

describe('services × cities matrix', () => {
  it('gives one metric for every catalog service and city', async () => {
    const r = (
      await h.get(`/v1/comparison/matrix?${PERIOD}&metric=completionRate`, h.keys.consortium)
    ).json();
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
      median: 1,
      cells: [cell(1, null, 1), cell(0.6, null, 3), BELOW, NO_DATA, BELOW, cell(1, null, 1)],
    });
    expect(r.rows[1].cells).toEqual([NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA]);
    expect(r.rows[1].median).toBeNull();
    const csv = await h.get(`/v1/comparison/matrix?${PERIOD}&metric=viewers&format=csv`, h.keys.consortium);
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFservice,name,median,fulda,giessen,marburg,offenbach,wetzlar,peer-1',
      `${S1},Wohnsitz anmelden,0.065,0.057,0.065,0.065,0,,0.083`,
    ]);
  });

  it('lists the catalog with the number of cities that saw each service', async () => {
    const r = (await h.get(`/v1/services?${PERIOD}`, h.keys.giessen)).json();
    expect(r.services[0]).toEqual({
      key: S1,
      name: { de: 'Wohnsitz anmelden', en: 'Register a new address' },
      citiesSeen: 5,
    });
    expect(r.services.slice(1).map((s: { citiesSeen: number }) => s.citiesSeen)).toEqual([0, 0, 0, 0, 0]);
    expect(r.uncatalogued).toEqual([]);
  });
});
