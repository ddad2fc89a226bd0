/*
 * Numbers over the hand-written fixture (tests/support/api-fixture/journeys.fixture.ts). What the city itself
 * and admins see is exact, computed by hand from the fixture's comments. What anyone else sees passes the
 * disclosure layer (k = 5, the harness's fixed secret) over a closed calendar period: 2025-W10 holds the
 * current period's visits. Those values were computed once with the disclosure module —
 * perturbedDisclosure(disclosurePolicy({ k: FIXTURE_K, epsilon: FIXTURE_EPSILON, secret:
 * TEST_DISCLOSURE_SECRET }), 2025-W10).count(cell, true count), the cells as named in the comments — and are
 * written as literals, so that any change of the noise or of the rules shows here.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { FIXTURE_WEEK, S1 } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { REPO_ROOT } from '../config.ts';
import { ERRORS } from '../errors.ts';
import { loadSites } from '../sites.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_reports');
});
afterAll(async () => {
  await h?.close();
});

const PERIOD = 'from=2025-03-01&to=2025-03-07';
const WEEK = `period=${FIXTURE_WEEK}`;
const ok = 'ok' as const;
const zeroDay = (bucket: string) => ({ bucket, visitors: 0, visits: 0, pageviews: 0, status: ok });
const GIESSEN = {
  key: 'giessen',
  name: 'Gießen',
  ags: '06531005',
  population: {
    inhabitants: 92_000,
    asOf: '2024-12-31',
    source: 'Destatis GV-ISys, rounded; verify before publishing',
  },
};
const POLICY = {
  k: 5,
  epsilonPerCell: 0.5,
  noise: 'discrete Laplace',
  noiseScale: 2,
  noiseStandardDeviation: 2.8,
};
const EXACT = { perturbed: false, calendarPeriod: null, ...POLICY };
const published = (calendarPeriod: string) => ({ perturbed: true, calendarPeriod, ...POLICY });
/** The closed periods at the fixture's clock, Monday 2025-03-10. */
const LATEST_CLOSED = { week: '2025-W10', month: '2025-02', quarter: '2024-Q4', year: '2024' };
const notPublished = (requested: { period?: string; from?: string; to?: string }) => ({
  error: 'API_PERIOD_NOT_PUBLISHED',
  message: ERRORS.API_PERIOD_NOT_PUBLISHED.message,
  details: {
    requested: { period: null, from: null, to: null, ...requested },
    latestClosed: LATEST_CLOSED,
  },
});
const intervalNotPublished = (period: string, interval: string) => ({
  error: 'API_INTERVAL_NOT_PUBLISHED',
  message: ERRORS.API_INTERVAL_NOT_PUBLISHED.message,
  details: { period, interval },
});
/** The service catalog of the sites configuration, in its order. */
const CATALOG = loadSites(path.join(REPO_ROOT, 'infra/config/sites.json')).config.services.map((s) => ({
  key: s.key,
  name: s.name,
}));
/**
 * Digital take-up of a week, as others see it: offline numbers come per month, so a week has no take-up (never
 * 100 %); completions below k are not shown either.
 */
const NO_TAKE_UP = {
  value: null,
  status: 'no_offline_data',
  onlineCompletions: null,
  offlineCases: null,
  channels: null,
  wholeMonths: false,
  monthsCovered: 0,
  months: [],
};
const hidden = (value: string, status: string) => ({
  value,
  visitors: null,
  visits: null,
  share: null,
  pageviews: null,
  bounceRate: null,
  visitDurationSec: null,
  status,
});

describe('city report', () => {
  it('gives the city team its own city in full, against the previous period', async () => {
    const res = await h.get(`/v1/cities/giessen/report?${PERIOD}`, h.keys.giessen);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.access).toBe('full');
    expect([r.k, r.disclosure]).toEqual([5, EXACT]);
    expect(r.period).toEqual({ from: '2025-03-01', to: '2025-03-07', days: 7 });
    expect(r.previousPeriod).toEqual({ from: '2025-02-22', to: '2025-02-28', days: 7 });
    expect(r.summary).toEqual([
      {
        metric: 'visitors',
        value: 11,
        previous: 4,
        change: 7,
        changeRatio: 1.75,
        status: ok,
        previousStatus: ok,
      },
      {
        metric: 'visits',
        value: 11,
        previous: 4,
        change: 7,
        changeRatio: 1.75,
        status: ok,
        previousStatus: ok,
      },
      {
        metric: 'pageviews',
        value: 14,
        previous: 5,
        change: 9,
        changeRatio: 1.8,
        status: ok,
        previousStatus: ok,
      },
      {
        metric: 'bounceRate',
        value: 0.8182,
        previous: 0.75,
        change: 0.0682,
        changeRatio: 0.0909,
        status: ok,
        previousStatus: ok,
      },
      {
        metric: 'visitDurationSec',
        value: 39.1,
        previous: 2.5,
        change: 36.6,
        changeRatio: 14.64,
        status: ok,
        previousStatus: ok,
      },
    ]);
    expect(r.timeseries).toEqual([
      zeroDay('2025-03-01'),
      zeroDay('2025-03-02'),
      { bucket: '2025-03-03', visitors: 4, visits: 4, pageviews: 7, status: ok },
      { bucket: '2025-03-04', visitors: 1, visits: 1, pageviews: 1, status: ok },
      { bucket: '2025-03-05', visitors: 6, visits: 6, pageviews: 6, status: ok },
      zeroDay('2025-03-06'),
      zeroDay('2025-03-07'),
    ]);
    expect(r.pages).toEqual([
      { path: '/online-dienste/wohnsitz', visitors: 6, pageviews: 6, status: ok },
      { path: '/', visitors: 3, pageviews: 4, status: ok },
      { path: '/rathaus', visitors: 2, pageviews: 2, status: ok },
      { path: '/aktuelles', visitors: 1, pageviews: 1, status: ok },
      { path: '/buergerservice', visitors: 1, pageviews: 1, status: ok },
    ]);
    expect(r.entryPages).toEqual([
      { path: '/online-dienste/wohnsitz', entries: 6, status: ok },
      { path: '/', entries: 3, status: ok },
      { path: '/aktuelles', entries: 1, status: ok },
      { path: '/rathaus', entries: 1, status: ok },
    ]);
    expect(r.channels).toEqual([
      {
        value: 'direct',
        visitors: 5,
        visits: 5,
        share: 0.4545,
        pageviews: 7,
        bounceRate: 0.8,
        visitDurationSec: 22,
        status: ok,
      },
      {
        value: 'search',
        visitors: 5,
        visits: 5,
        share: 0.4545,
        pageviews: 6,
        bounceRate: 0.8,
        visitDurationSec: 64,
        status: ok,
      },
      {
        value: 'social',
        visitors: 1,
        visits: 1,
        share: 0.0909,
        pageviews: 1,
        bounceRate: 1,
        visitDurationSec: 0,
        status: ok,
      },
    ]);
    expect(r.devices).toEqual([
      {
        value: 'mobile',
        visitors: 6,
        visits: 6,
        share: 0.5455,
        pageviews: 8,
        bounceRate: 0.8333,
        visitDurationSec: 18.3,
        status: ok,
      },
      {
        value: 'desktop',
        visitors: 5,
        visits: 5,
        share: 0.4545,
        pageviews: 6,
        bounceRate: 0.8,
        visitDurationSec: 64,
        status: ok,
      },
    ]);
    expect(r.browsers).toEqual([
      {
        value: 'chrome',
        visitors: 6,
        visits: 6,
        share: 0.5455,
        pageviews: 9,
        bounceRate: 0.6667,
        visitDurationSec: 20,
        status: ok,
      },
      {
        value: 'firefox',
        visitors: 3,
        visits: 3,
        share: 0.2727,
        pageviews: 3,
        bounceRate: 1,
        visitDurationSec: 103.3,
        status: ok,
      },
      {
        value: 'safari',
        visitors: 2,
        visits: 2,
        share: 0.1818,
        pageviews: 2,
        bounceRate: 1,
        visitDurationSec: 0,
        status: ok,
      },
    ]);
  });

  it('gives the consortium a closed calendar week through the disclosure layer', async () => {
    const res = await h.get(`/v1/cities/giessen/report?${WEEK}`, h.keys.consortium);
    expect(res.statusCode).toBe(200);
    // Cells {city: 'giessen', scope: 'traffic', quantity} of 2025-W10: visitors 11 → 11, visits 11 → 11, page views
    // 14 → 22, bounces 9 → 8 (bounce rate 8/11). The week before (2025-W09) has 4 visitors: below k, so 0.
    // The one bucket of a week's series is the week itself: the same cells, the same noise.
    // Pages and entry pages: no page has k visitors after the noise (the service page: 6 → 3), so all are folded
    // into "(other)": page views 14 → 13, entries 11 → 11 (label "(other)").
    // Channels by visits: search 5 → 5 (visitors 5 → 5), direct 5 → 4 (visitors 5 → 4, below k), social 1 → 0;
    // direct and social together stay below k, so search joins them: "(other)" visits 11 → 8, share 8/11.
    // Devices: desktop visitors 5 → 7, visits 5 → 5, page views 6 → 6, bounces 4 (below k, so no bounce rate);
    // mobile visitors 6 → 19, visits 6 → 4, page views 8 → 9, bounces 5 → 6 (rate 6/4, at most 1).
    // Browsers: firefox (3) and safari (2) are below k; chrome (visitors 6 → 7) joins them: "(other)" 11 → 11.
    expect(res.json()).toEqual({
      city: GIESSEN,
      access: 'published',
      k: 5,
      disclosure: published('2025-W10'),
      period: { from: '2025-03-03', to: '2025-03-09', days: 7 },
      previousPeriod: { from: '2025-02-24', to: '2025-03-02', days: 7 },
      interval: 'week',
      summary: [
        ...(
          [
            ['visitors', 11],
            ['visits', 11],
            ['pageviews', 22],
            ['bounceRate', 0.7273],
          ] as const
        ).map(([metric, value]) => ({
          metric,
          value,
          previous: null,
          change: null,
          changeRatio: null,
          status: ok,
          previousStatus: 'below_k',
        })),
        {
          metric: 'visitDurationSec',
          value: null,
          previous: null,
          change: null,
          changeRatio: null,
          status: 'withheld',
          previousStatus: 'below_k',
        },
      ],
      timeseries: [{ bucket: '2025-03-03', visitors: 11, visits: 11, pageviews: 22, status: ok }],
      pages: [{ path: '(other)', visitors: null, pageviews: 13, status: ok }],
      entryPages: [{ path: '(other)', entries: 11, status: ok }],
      channels: [{ ...hidden('(other)', ok), visits: 8, share: 0.7273 }],
      devices: [
        {
          value: 'desktop',
          visitors: 7,
          visits: 5,
          share: 0.4545,
          pageviews: 6,
          bounceRate: null,
          visitDurationSec: null,
          status: ok,
        },
        {
          value: 'mobile',
          visitors: 19,
          visits: 4,
          share: 0.3636,
          pageviews: 9,
          bounceRate: 1,
          visitDurationSec: null,
          status: ok,
        },
      ],
      browsers: [{ ...hidden('(other)', ok), visits: 11, share: 1 }],
      // Gießen's 3 completions of Wohnsitz are below k (so are the other services' 0).
      digitalTakeUp: CATALOG.map((service) => ({ service, ...NO_TAKE_UP })),
    });
    // `from`/`to` equal to the week is the same request; `limit` cuts lists only after they are suppressed.
    const same = [
      `from=2025-03-03&to=2025-03-09`,
      `${WEEK}&from=2025-03-03&to=2025-03-09`,
      `${WEEK}&limit=1`,
    ];
    for (const q of same)
      expect([q, (await h.get(`/v1/cities/giessen/report?${q}`, h.keys.consortium)).json()]).toEqual([
        q,
        res.json(),
      ]);
  });

  it('gives the consortium the last closed month when no period is asked for', async () => {
    const r = (await h.get('/v1/cities/giessen/report', h.keys.consortium)).json();
    expect([r.period, r.previousPeriod, r.interval, r.disclosure]).toEqual([
      { from: '2025-02-01', to: '2025-02-28', days: 28 },
      { from: '2025-01-01', to: '2025-01-31', days: 31 },
      'month',
      published('2025-02'),
    ]);
    // February holds the 4 visitors of 02-24 (5 page views, 4 entries, all direct): below k, so 0; of the lists
    // only the page views (5 ≥ k) of "(other)" are published, perturbed in the cell of 2025-02: 5 → 10.
    expect(r.summary.map((s: { status: string; value: number | null }) => [s.value, s.status])).toEqual(
      Array(5).fill([null, 'below_k']),
    );
    expect(r.timeseries).toEqual([
      { bucket: '2025-02-01', visitors: null, visits: null, pageviews: null, status: 'below_k' },
    ]);
    expect(r.pages).toEqual([{ path: '(other)', visitors: null, pageviews: 10, status: ok }]);
    expect(r.entryPages).toEqual([{ path: '(other)', entries: null, status: 'below_k' }]);
    for (const list of [r.channels, r.devices, r.browsers])
      expect(list).toEqual([hidden('(other)', 'below_k')]);
  });

  it('refuses the consortium anything but a closed calendar period, and intervals that are not one', async () => {
    const refused: [string, object][] = [
      // A free range, even one inside a closed week.
      [PERIOD, notPublished({ from: '2025-03-01', to: '2025-03-07' })],
      ['from=2025-03-03&to=2025-03-08', notPublished({ from: '2025-03-03', to: '2025-03-08' })],
      ['from=2025-03-03', notPublished({ from: '2025-03-03' })],
      // The week, month, quarter and year holding today (2025-03-10), as `period` or as `from`/`to`.
      ['period=2025-W11', notPublished({ period: '2025-W11' })],
      ['from=2025-03-10&to=2025-03-16', notPublished({ from: '2025-03-10', to: '2025-03-16' })],
      ['period=2025-03', notPublished({ period: '2025-03' })],
      ['period=2025-Q1', notPublished({ period: '2025-Q1' })],
      ['period=2025', notPublished({ period: '2025' })],
      // A period still to come.
      ['period=2025-W12', notPublished({ period: '2025-W12' })],
      // Buckets that are not whole calendar periods of the period.
      [`${WEEK}&interval=day`, intervalNotPublished('2025-W10', 'day')],
      [`${WEEK}&interval=hour`, intervalNotPublished('2025-W10', 'hour')],
      [`${WEEK}&interval=month`, intervalNotPublished('2025-W10', 'month')],
      ['period=2025-02&interval=week', intervalNotPublished('2025-02', 'week')],
      ['interval=day', intervalNotPublished('2025-02', 'day')],
    ];
    for (const [q, body] of refused) {
      for (const path of ['report', `services/${S1}/funnel`]) {
        // The funnel's intervals are day, week and month.
        if (path !== 'report' && q.includes('interval=hour')) continue;
        const res = await h.get(`/v1/cities/giessen/${path}?${q}`, h.keys.consortium);
        expect([path, q, res.statusCode, res.json()]).toEqual([path, q, 400, body]);
      }
    }
    // `period` with disagreeing `from`/`to` is a malformed request for everyone.
    for (const key of [h.keys.consortium, h.keys.giessen]) {
      const res = await h.get(`/v1/cities/giessen/report?${WEEK}&from=2025-03-03&to=2025-03-08`, key);
      expect([res.statusCode, res.json()]).toEqual([
        400,
        {
          error: 'API_BAD_REQUEST',
          message: 'invalid request parameters',
          details: {
            issues: [
              {
                in: 'querystring',
                path: 'period',
                code: 'custom',
                message:
                  '`from`/`to` must equal the period 2025-W10 (2025-03-03 to 2025-03-09) or be left out',
              },
            ],
          },
        },
      ]);
    }
  });

  it('gives the city itself any range and interval, today and open periods included', async () => {
    const week = (await h.get(`/v1/cities/giessen/report?${WEEK}`, h.keys.giessen)).json();
    expect([week.access, week.disclosure, week.interval, week.previousPeriod]).toEqual([
      'full',
      { ...EXACT, calendarPeriod: '2025-W10' },
      'day',
      { from: '2025-02-24', to: '2025-03-02', days: 7 },
    ]);
    expect(week.summary[0]).toEqual({
      metric: 'visitors',
      value: 11,
      previous: 4,
      change: 7,
      changeRatio: 1.75,
      status: ok,
      previousStatus: ok,
    });
    expect(week.timeseries.map((b: { visitors: number }) => b.visitors)).toEqual([4, 1, 6, 0, 0, 0, 0]);
    for (const q of ['period=2025-03', 'from=2025-03-10&to=2025-03-10&interval=hour', '']) {
      const res = await h.get(`/v1/cities/giessen/report?${q}`, h.keys.giessen);
      expect([q, res.statusCode, res.json().access]).toEqual([q, 200, 'full']);
    }
  });

  it('answers each table as CSV with suppressed cells empty, never 0', async () => {
    const res = await h.get(`/v1/cities/giessen/report?${WEEK}&format=csv&table=devices`, h.keys.consortium);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="giessen-devices-2025-03-03-2025-03-09.csv"',
    );
    expect(res.body).toBe(
      '\uFEFFvalue,visitors,visits,share,pageviews,bounceRate,visitDurationSec,status\r\n' +
        'desktop,7,5,0.4545,6,,,ok\r\n' +
        'mobile,19,4,0.3636,9,1,,ok\r\n',
    );
    const channels = await h.get(
      `/v1/cities/giessen/report?${WEEK}&format=csv&table=channels`,
      h.keys.consortium,
    );
    expect(channels.body.split('\r\n').slice(1)).toEqual(['(other),,8,0.7273,,,,ok', '']);
    const summary = await h.get(`/v1/cities/giessen/report?${WEEK}&format=csv`, h.keys.consortium);
    expect(summary.body.split('\r\n').slice(1)).toEqual([
      'visitors,11,,,,ok,below_k',
      'visits,11,,,,ok,below_k',
      'pageviews,22,,,,ok,below_k',
      'bounceRate,0.7273,,,,ok,below_k',
      'visitDurationSec,,,,,withheld,below_k',
      '',
    ]);
    const viaAccept = await h.get(`/v1/cities/giessen/report?${PERIOD}&table=summary`, h.keys.giessen, {
      accept: 'text/csv',
    });
    expect(viaAccept.body.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFmetric,value,previous,change,changeRatio,status,previousStatus',
      'visitors,11,4,7,1.75,ok,ok',
    ]);
  });

  it('buckets by ISO week and by UTC hour', async () => {
    const week = (await h.get(`/v1/cities/giessen/report?${PERIOD}&interval=week`, h.keys.giessen)).json();
    expect(week.timeseries).toEqual([
      { bucket: '2025-02-24', visitors: 0, visits: 0, pageviews: 0, status: ok },
      { bucket: '2025-03-03', visitors: 11, visits: 11, pageviews: 14, status: ok },
    ]);
    const hour = (
      await h.get('/v1/cities/giessen/report?from=2025-03-05&to=2025-03-05&interval=hour', h.keys.giessen)
    ).json();
    // Berlin day 03-05 = 23:00Z on 03-04 to 23:00Z on 03-05; the six funnel visits started 09:00-09:50Z.
    expect(hour.timeseries).toHaveLength(24);
    expect(hour.timeseries[0].bucket).toBe('2025-03-04T23:00:00Z');
    expect(hour.timeseries.filter((b: { visits: number }) => b.visits > 0)).toEqual([
      { bucket: '2025-03-05T09:00:00Z', visitors: 6, visits: 6, pageviews: 6, status: ok },
    ]);
  });
});

describe('realtime', () => {
  it('counts the last 30 minutes from the raw events, for the city itself and admins', async () => {
    for (const key of [h.keys.giessen, h.keys.admin]) {
      const r = (await h.get('/v1/cities/giessen/realtime', key)).json();
      expect(r).toMatchObject({
        access: 'full',
        k: 5,
        windowMinutes: 30,
        since: '2025-03-10T11:30:00.000Z',
        until: '2025-03-10T12:00:00.000Z',
        visitors: 3,
        pageviews: 4,
        status: ok,
        pages: [
          { path: '/', visitors: 3, pageviews: 3, status: ok },
          { path: '/rathaus', visitors: 1, pageviews: 1, status: ok },
        ],
      });
    }
  });

  it('is forbidden to the consortium and to other cities: a sliding window would show single visitors', async () => {
    for (const key of [h.keys.consortium, h.keys.wetzlar, h.keys.limburg]) {
      const res = await h.get('/v1/cities/giessen/realtime', key);
      expect([res.statusCode, res.json()]).toEqual([
        403,
        { error: 'API_FORBIDDEN', message: ERRORS.API_FORBIDDEN.message, details: { city: 'giessen' } },
      ]);
    }
  });
});

describe('service funnel', () => {
  it('gives the city its funnel, completion, time to complete, error hot spots and satisfaction', async () => {
    const r = (await h.get(`/v1/cities/giessen/services/${S1}/funnel?${PERIOD}`, h.keys.giessen)).json();
    expect([r.access, r.disclosure, r.interval]).toEqual(['full', EXACT, 'week']);
    expect(r.service).toEqual({ key: S1, name: { de: 'Wohnsitz anmelden', en: 'Register a new address' } });
    const stage = (
      stage: string,
      step: number | null,
      stepName: string | null,
      visitors: number,
      share: number,
      dropOff: number | null,
      dropOffRate: number | null,
    ) => ({
      stage,
      step,
      stepName,
      visitors,
      shareOfViewers: share,
      dropOff,
      dropOffRate,
      status: ok,
    });
    expect(r.stages).toEqual([
      stage('viewed', null, null, 6, 1, null, null),
      stage('started', null, null, 5, 0.8333, 1, 0.1667),
      stage('step', 1, 'person', 5, 0.8333, 0, 0),
      stage('step', 2, 'wohnung', 4, 0.6667, 1, 0.2),
      stage('step', 3, 'nachweis', 3, 0.5, 1, 0.25),
      stage('submitted', null, null, 3, 0.5, 0, 0),
      stage('confirmed', null, null, 3, 0.5, 0, 0),
    ]);
    expect(r.startRate).toEqual({ value: 0.8333, status: ok });
    expect(r.completionRate).toEqual({ value: 0.6, status: ok });
    expect(r.timeToComplete).toEqual({ q1Sec: 160, medianSec: 210, q3Sec: 260, p90Sec: 290, status: ok });
    expect(r.errors).toEqual({
      visitors: 4,
      errors: 8,
      errorRate: 0.8,
      status: ok,
      fields: [
        { field: 'geburtsdatum', step: 1, visitors: 3, errors: 4, status: ok },
        { field: 'plz', step: 2, visitors: 3, errors: 3, status: ok },
        { field: 'iban', step: 3, visitors: 1, errors: 1, status: ok },
      ],
    });
    expect(r.satisfaction).toEqual({
      average: 4.33,
      ratings: 3,
      raters: 3,
      status: ok,
      distribution: [
        { score: 4, ratings: 2, share: 0.6667, status: ok },
        { score: 5, ratings: 1, share: 0.3333, status: ok },
      ],
    });
    expect(r.timeseries).toEqual([
      { bucket: '2025-02-24', starters: 0, confirmers: 0, completionRate: null, status: ok },
      { bucket: '2025-03-03', starters: 5, confirmers: 3, completionRate: 0.6, status: ok },
    ]);
  });

  it('gives the consortium the funnel of a closed week through the disclosure layer', async () => {
    const res = await h.get(`/v1/cities/giessen/services/${S1}/funnel?${WEEK}`, h.keys.consortium);
    expect(res.statusCode).toBe(200);
    // Cells serviceCell('giessen', S1, quantity) of 2025-W10. Below k, whatever the noise: starters 5 → 3,
    // viewers 6 → 4; submitters, confirmers (3), error visitors (4), raters and ratings (3), steps 2 and 3 are below
    // k, so 0. Step 1 (5 → 5) is the one stage shown; its neighbours are not, so it has no drop-off and no share.
    // Every error field and rating score is below k and folded: "(other)" errors 8 → 4 and ratings 3 → 0, below k.
    // The one bucket of the series is the week: starters 3, confirmers 0, below k.
    const stage = (s: string, step: number | null = null, stepName: string | null = null) => ({
      stage: s,
      step,
      stepName,
      visitors: null,
      shareOfViewers: null,
      dropOff: null,
      dropOffRate: null,
      status: 'below_k',
    });
    expect(res.json()).toEqual({
      city: GIESSEN,
      service: { key: S1, name: { de: 'Wohnsitz anmelden', en: 'Register a new address' } },
      access: 'published',
      k: 5,
      disclosure: published('2025-W10'),
      period: { from: '2025-03-03', to: '2025-03-09', days: 7 },
      interval: 'week',
      stages: [
        stage('viewed'),
        stage('started'),
        { ...stage('step', 1, 'person'), visitors: 5, status: ok },
        stage('step', 2, 'wohnung'),
        stage('step', 3, 'nachweis'),
        stage('submitted'),
        stage('confirmed'),
      ],
      startRate: { value: null, status: 'below_k' },
      completionRate: { value: null, status: 'below_k' },
      timeToComplete: { q1Sec: null, medianSec: null, q3Sec: null, p90Sec: null, status: 'below_k' },
      errors: {
        visitors: null,
        errors: null,
        errorRate: null,
        status: 'below_k',
        fields: [{ field: null, step: null, visitors: null, errors: null, status: 'below_k' }],
      },
      satisfaction: {
        average: null,
        ratings: null,
        raters: null,
        status: 'below_k',
        distribution: [{ score: null, ratings: null, share: null, status: 'below_k' }],
      },
      timeseries: [
        { bucket: '2025-03-03', starters: null, confirmers: null, completionRate: null, status: 'below_k' },
      ],
      digitalTakeUp: NO_TAKE_UP,
    });
    const csv = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?${WEEK}&format=csv&table=errors`,
      h.keys.consortium,
    );
    expect(csv.body).toBe('\uFEFFfield,step,visitors,errors,status\r\n,,,,below_k\r\n');
    const steps = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?${WEEK}&format=csv`,
      h.keys.consortium,
    );
    expect(steps.body.split('\r\n')[3]).toBe('step,1,person,5,,,,ok');
  });

  it('is forbidden to the consortium for a city that opted out of being named', async () => {
    const res = await h.get(`/v1/cities/limburg/services/${S1}/funnel?${WEEK}`, h.keys.consortium);
    expect([res.statusCode, res.json().error]).toEqual([403, 'API_FORBIDDEN']);
  });
});
