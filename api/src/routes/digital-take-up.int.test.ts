/*
 * Digital take-up (online completions ÷ (online completions + offline cases)) in the city report, the funnel, the
 * comparison and the matrix, over the journeys fixture plus the visits below, with offline numbers imported through
 * the api. The api's clock is 2025-04-10, so February and March 2025 are closed months.
 *
 * Online completions of Wohnsitz anmelden (distinct visitors a day who reached the confirmation):
 *   Gießen   February 5 (below), March 3 (fixture, 03-05) + 4 (below, 03-12) = 7
 *   Fulda    March 4 (fixture) + 6 (below) = 10;  Marburg March 2;  Limburg March 3;  Wetzlar March 1
 * Offline cases imported (counter; post; phone; e-mail; other):
 *   Gießen   2025-02 Wohnsitz 10;2;1;2;0 = 15, Hund 3;0;0;0;0 = 3;  2025-03 Wohnsitz 20;4;2;1;1 = 28
 *   Fulda    2025-03 Wohnsitz 20;5;3;2;0 = 30 (imported by an admin)
 * Exact take-up: Gießen February 5 / 20 = 0.25, March 7 / 35 = 0.2, both 12 / 55 = 0.2182; Hund February
 * 0 / 3 = 0; Fulda March 10 / 40 = 0.25. Every other city, service and month: no offline numbers.
 *
 * What others see is computed from the disclosure layer's completions (k = 5, the harness's fixed secret), the
 * cells serviceCell(city, S1, 'confirmers') of the month, computed once with perturbedDisclosure(disclosurePolicy(
 * { k: FIXTURE_K, epsilon: FIXTURE_EPSILON, secret: TEST_DISCLOSURE_SECRET }), 2025-03 / 2025-02).count(…):
 *   Gießen March 7 → 7, Fulda March 10 → 8, Gießen February 5 → 4 (below k).
 * So Fulda's published take-up is 8 / (8 + 30) = 0.2105 and Gießen's 7 / (7 + 28) = 0.2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { fullJourney, S1, type Visit } from '../../../tests/support/api-fixture/journeys.fixture.ts';

const HUND = '99036010000000';
const NOW = new Date('2025-04-10T08:00:00Z');

const journeys = (site: string, from: number, n: number, day: string, hour: number): Visit[] =>
  Array.from(
    { length: n },
    (_, i): Visit => ({
      site,
      visitor: from + i,
      at: `${day}T${hour}:0${i}:00Z`,
      channel: 'direct',
      device: 'desktop',
      browser: 'chrome',
      events: fullJourney(120_000),
    }),
  );

const VISITS: Visit[] = [
  ...journeys('giessen', 100, 5, '2025-02-10', 10),
  ...journeys('giessen', 110, 4, '2025-03-12', 10),
  ...journeys('fulda', 120, 6, '2025-03-12', 11),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_take_up', { now: NOW, visits: VISITS });
  const post = async (city: string, key: string, lines: string[]) => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/v1/cities/${city}/offline-cases`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: ['Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige', ...lines].join('\n'),
    });
    if (res.statusCode !== 201) throw new Error(`import for ${city}: ${res.statusCode} ${res.body}`);
  };
  await post('giessen', h.keys.giessen, [
    `2025-02;${S1};10;2;1;2;0`,
    `2025-02;${HUND};3;0;0;0;0`,
    `2025-03;${S1};20;4;2;1;1`,
  ]);
  await post('fulda', h.keys.admin, [`2025-03;${S1};20;5;3;2;0`]);
});
afterAll(async () => {
  await h?.close();
});

const ok = 'ok' as const;
const NO_OFFLINE = 'no_offline_data' as const;
const channels = (counter: number, post: number, phone: number, email: number, other: number) => ({
  counter,
  post,
  phone,
  email,
  other,
});
const FEB = channels(10, 2, 1, 2, 0);
const MAR = channels(20, 4, 2, 1, 1);
const figure = (
  value: number | null,
  status: string,
  onlineCompletions: number | null,
  offlineCases: number | null,
  ch: ReturnType<typeof channels> | null = null,
) => ({ value, status, onlineCompletions, offlineCases, channels: ch });
/** A take-up without offline numbers: unknown, whatever the completions. */
const unknown = (online: number | null) => figure(null, NO_OFFLINE, online, null);

describe('the funnel', () => {
  it('gives the city its exact take-up per month and for two whole months', async () => {
    const res = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?from=2025-02-01&to=2025-03-31`,
      h.keys.giessen,
    );
    expect(res.json().digitalTakeUp).toEqual({
      ...figure(0.2182, ok, 12, 43, channels(30, 6, 3, 3, 1)),
      wholeMonths: true,
      monthsCovered: 2,
      months: [
        { month: '2025-02', ...figure(0.25, ok, 5, 15, FEB) },
        { month: '2025-03', ...figure(0.2, ok, 7, 28, MAR) },
      ],
    });
    const csv = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?from=2025-02-01&to=2025-03-31&format=csv&table=digitalTakeUp`,
      h.keys.giessen,
    );
    expect(csv.body).toBe(
      '\uFEFFmonth,onlineCompletions,offlineCases,counter,post,phone,email,other,digitalTakeUp,status\r\n' +
        ',12,43,30,6,3,3,1,0.2182,ok\r\n' +
        '2025-02,5,15,10,2,1,2,0,0.25,ok\r\n' +
        '2025-03,7,28,20,4,2,1,1,0.2,ok\r\n',
    );
  });

  it('has no take-up for a quarter with a month without offline numbers, nor for a period of no whole months', async () => {
    const quarter = await h.get(`/v1/cities/giessen/services/${S1}/funnel?period=2025-Q1`, h.keys.giessen);
    expect(quarter.json().digitalTakeUp).toEqual({
      ...unknown(12),
      wholeMonths: true,
      monthsCovered: 2,
      months: [
        { month: '2025-01', ...unknown(0) },
        { month: '2025-02', ...figure(0.25, ok, 5, 15, FEB) },
        { month: '2025-03', ...figure(0.2, ok, 7, 28, MAR) },
      ],
    });
    const days = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?from=2025-03-01&to=2025-03-20`,
      h.keys.giessen,
    );
    expect(days.json().digitalTakeUp).toEqual({
      ...unknown(7),
      wholeMonths: false,
      monthsCovered: 0,
      months: [],
    });
  });

  it('gives the consortium the take-up of the perturbed completions', async () => {
    const res = await h.get(`/v1/cities/giessen/services/${S1}/funnel?period=2025-03`, h.keys.consortium);
    expect(res.json().disclosure).toMatchObject({ perturbed: true, calendarPeriod: '2025-03' });
    // Gießen's 7 → 7: 7 / (7 + 28).
    const march = figure(0.2, ok, 7, 28, MAR);
    expect(res.json().digitalTakeUp).toEqual({
      ...march,
      wholeMonths: true,
      monthsCovered: 1,
      months: [{ month: '2025-03', ...march }],
    });
  });
});

describe('the funnel, published for a quarter', () => {
  it('hides a month that would single out a month below k, as the monthly completion series does', async () => {
    const res = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?period=2025-Q1&interval=month`,
      h.keys.consortium,
    );
    const r = res.json();
    // January 0 and February 5 → 4 are below k; March 7 → 7 would show them as the quarter's completions minus
    // March's, so March is hidden with them (its offline cases are not visitors and stay). January has no offline
    // numbers, so neither has the quarter.
    expect(r.digitalTakeUp).toEqual({
      ...figure(null, NO_OFFLINE, 12, null),
      wholeMonths: true,
      monthsCovered: 2,
      months: [
        { month: '2025-01', ...figure(null, NO_OFFLINE, null, null) },
        { month: '2025-02', ...figure(null, 'below_k', null, 15, FEB) },
        { month: '2025-03', ...figure(null, 'complementary', null, 28, MAR) },
      ],
    });
    expect(
      r.timeseries.map((b: { bucket: string; confirmers: number | null }) => [b.bucket, b.confirmers]),
    ).toEqual([
      ['2025-01-01', null],
      ['2025-02-01', null],
      ['2025-03-01', null],
    ]);
  });
});

describe('the city report', () => {
  /** Parken, Personalausweis, Gewerbe, Sperrmüll: no completion, no offline numbers. */
  const OTHERS = ['99107003000000', '99123001000000', '99050012000000', '99124001000000'];

  it('gives the city the take-up of every catalog service', async () => {
    const res = await h.get('/v1/cities/giessen/report?from=2025-02-01&to=2025-02-28', h.keys.giessen);
    const rows = res.json().digitalTakeUp as { service: { key: string } }[];
    const one = (f: ReturnType<typeof figure>, covered: number) => ({
      ...f,
      wholeMonths: true,
      monthsCovered: covered,
      months: [{ month: '2025-02', ...f }],
    });
    expect(rows.map(({ service, ...t }) => [service.key, t])).toEqual([
      [S1, one(figure(0.25, ok, 5, 15, FEB), 1)],
      // No completion online, three at the counter: 0 %, not "no data".
      [HUND, one(figure(0, ok, 0, 3, channels(3, 0, 0, 0, 0)), 1)],
      ...OTHERS.map((key) => [key, one(unknown(0), 0)]),
    ]);
    const csv = await h.get(
      '/v1/cities/giessen/report?from=2025-02-01&to=2025-02-28&format=csv&table=digitalTakeUp',
      h.keys.giessen,
    );
    expect(csv.body.split('\r\n').slice(0, 6)).toEqual([
      '\uFEFFservice,month,onlineCompletions,offlineCases,counter,post,phone,email,other,digitalTakeUp,status',
      `${S1},,5,15,10,2,1,2,0,0.25,ok`,
      `${S1},2025-02,5,15,10,2,1,2,0,0.25,ok`,
      `${HUND},,0,3,3,0,0,0,0,0,ok`,
      `${HUND},2025-02,0,3,3,0,0,0,0,0,ok`,
      '99107003000000,,0,,,,,,,,no_offline_data',
    ]);
  });

  it('gives the consortium no take-up of completions below k, but the offline cases as imported', async () => {
    const res = await h.get('/v1/cities/giessen/report?period=2025-02', h.keys.consortium);
    const [wohnsitz, hund] = res.json().digitalTakeUp;
    // Gießen's 5 completions of February → 4, below k; Hund's 0 is below every k.
    const below = (offline: number, ch: ReturnType<typeof channels>) =>
      figure(null, 'below_k', null, offline, ch);
    expect(wohnsitz).toMatchObject({ ...below(15, FEB), months: [{ month: '2025-02', ...below(15, FEB) }] });
    expect(hund).toMatchObject(below(3, channels(3, 0, 0, 0, 0)));
  });
});

describe('the comparison', () => {
  const cell = (value: number | null, rank: number | null, rankBand: string | null, status = 'ok') => ({
    value,
    per1000: null,
    rank,
    rankBand,
    status,
  });
  const NONE = cell(null, null, null, NO_OFFLINE);
  const takeUps = (r: {
    cities: { city: { key: string | null; peer: number | null }; metrics: { digitalTakeUp: unknown } }[];
  }) => r.cities.map((c) => [c.city.key ?? `peer-${c.city.peer}`, c.metrics.digitalTakeUp]);

  it('shows the city its own take-up exactly and a peer’s from its perturbed completions, ranked on published values', async () => {
    const res = await h.get(`/v1/services/${S1}/comparison?period=2025-03`, h.keys.giessen);
    const r = res.json();
    // Ranked on what everyone may see: Fulda 0.2105, Gießen 0.2 (its 7 → 7).
    expect(takeUps(r)).toEqual([
      ['fulda', cell(0.2105, 1, 'upper')],
      ['giessen', cell(0.2, 2, 'lower')],
      ['marburg', NONE],
      ['offenbach', NONE],
      ['wetzlar', NONE],
      ['peer-1', NONE],
    ]);
    // The same perturbed cell as Fulda's completions: 8 of 70,000 inhabitants.
    const fulda = r.cities.find((c: { city: { key: string } }) => c.city.key === 'fulda');
    expect(fulda.metrics.completions).toEqual({
      value: 8,
      per1000: 0.114,
      rank: 1,
      rankBand: 'upper',
      status: ok,
    });
    expect(r.metrics.find((m: { metric: string }) => m.metric === 'digitalTakeUp')).toEqual({
      metric: 'digitalTakeUp',
      kind: 'rate',
      higherIsBetter: true,
      comparedOn: 'value',
      description: expect.stringContaining('Online completions / (online completions + offline cases'),
      n: 2,
      min: 0.2,
      q1: 0.2026,
      median: 0.2053,
      q3: 0.2079,
      max: 0.2105,
      best: [
        {
          key: 'fulda',
          name: 'Fulda',
          peer: null,
          own: false,
          inhabitants: 70_000,
          populationAsOf: '2024-12-31',
          exact: false,
        },
      ],
    });
  });

  it('shows admins every take-up exactly', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?period=2025-03`, h.keys.admin)).json();
    expect(takeUps(r)).toEqual([
      ['fulda', cell(0.25, 1, 'upper')],
      ['giessen', cell(0.2, 2, 'lower')],
      ['limburg', NONE],
      ['marburg', NONE],
      ['offenbach', NONE],
      ['wetzlar', NONE],
    ]);
  });

  it('has no take-up for a week: offline numbers come per month', async () => {
    const r = (await h.get(`/v1/services/${S1}/comparison?period=2025-W11`, h.keys.admin)).json();
    expect(new Set(takeUps(r).map(([, c]) => JSON.stringify(c)))).toEqual(new Set([JSON.stringify(NONE)]));
  });
});

describe('the matrix', () => {
  const cell = (value: number | null, rank: number | null, rankBand: string | null, status = 'ok') => ({
    value,
    per1000: null,
    rank,
    rankBand,
    status,
  });
  const NONE = cell(null, null, null, NO_OFFLINE);

  it('ranks the take-up of every service: exact for admins, from perturbed completions for a city', async () => {
    const admin = (
      await h.get('/v1/comparison/matrix?metric=digitalTakeUp&period=2025-03', h.keys.admin)
    ).json();
    expect(admin.cities.map((c: { key: string }) => c.key)).toEqual([
      'fulda',
      'giessen',
      'limburg',
      'marburg',
      'offenbach',
      'wetzlar',
    ]);
    const rows = admin.rows as { service: { key: string }; median: number | null; cells: unknown[] }[];
    expect(rows.map((r) => [r.service.key, r.median, r.cells])).toEqual([
      [S1, 0.225, [cell(0.25, 1, 'upper'), cell(0.2, 2, 'lower'), NONE, NONE, NONE, NONE]],
      ...rows.slice(1).map((r) => [r.service.key, null, Array(6).fill(NONE)]),
    ]);
    expect(rows.map((r) => r.service.key)).toHaveLength(6);

    const city = (
      await h.get('/v1/comparison/matrix?metric=digitalTakeUp&period=2025-03', h.keys.giessen)
    ).json();
    expect(city.rows[0].median).toBe(0.2053);
    expect(city.rows[0].cells).toEqual([
      cell(0.2105, 1, 'upper'),
      cell(0.2, 2, 'lower'),
      NONE,
      NONE,
      NONE,
      NONE,
    ]);
  });
});
