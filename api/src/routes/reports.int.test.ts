/*
 * Exact numbers over the hand-written fixture (fixture/journeys.fixture.ts, k = 3). Every expected value below was
 * computed by hand from the fixture's comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../fixture/api.harness.ts';
import { S1 } from '../fixture/journeys.fixture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_reports');
});
afterAll(async () => {
  await h?.close();
});

const PERIOD = 'from=2025-03-01&to=2025-03-07';
const ok = 'ok' as const;
const zeroDay = (bucket: string) => ({ bucket, visitors: 0, visits: 0, pageviews: 0, status: ok });

describe('city report', () => {
  it('gives the city team its own city in full, against the previous period', async () => {
    const res = await h.get(`/v1/cities/giessen/report?${PERIOD}`, h.keys.giessen);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.access).toBe('full');
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

  it('suppresses cells below k for the consortium, with a complementary cell wherever a total is published', async () => {
    const r = (await h.get(`/v1/cities/giessen/report?${PERIOD}`, h.keys.consortium)).json();
    expect(r.access).toBe('published');
    expect(r.summary.map((s: { value: number }) => s.value)).toEqual([11, 11, 14, 0.8182, 39.1]);
    // 03-04 has one visitor; 03-03 (4) is the smallest other non-empty day, so it goes too.
    expect(r.timeseries.slice(2, 5)).toEqual([
      { bucket: '2025-03-03', visitors: null, visits: null, pageviews: null, status: 'complementary' },
      { bucket: '2025-03-04', visitors: null, visits: null, pageviews: null, status: 'below_k' },
      { bucket: '2025-03-05', visitors: 6, visits: 6, pageviews: 6, status: ok },
    ]);
    expect(r.pages.map((p: { status: string }) => p.status)).toEqual([
      'ok',
      'ok',
      'below_k',
      'below_k',
      'below_k',
    ]);
    expect(r.pages[2]).toEqual({ path: '/rathaus', visitors: null, pageviews: null, status: 'below_k' });
    expect(r.entryPages.map((p: { status: string }) => p.status)).toEqual(['ok', 'ok', 'below_k', 'below_k']);
    expect(
      r.channels.map((c: { value: string; status: string; visits: number | null }) => [
        c.value,
        c.status,
        c.visits,
      ]),
    ).toEqual([
      ['direct', 'ok', 5],
      ['search', 'complementary', null],
      ['social', 'below_k', null],
    ]);
    expect(r.browsers.map((c: { value: string; status: string }) => [c.value, c.status])).toEqual([
      ['chrome', 'ok'],
      ['firefox', 'complementary'],
      ['safari', 'below_k'],
    ]);
  });

  it('answers each table as CSV with suppressed cells empty, never 0', async () => {
    const res = await h.get(
      `/v1/cities/giessen/report?${PERIOD}&format=csv&table=channels`,
      h.keys.consortium,
    );
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="giessen-channels-2025-03-01-2025-03-07.csv"',
    );
    expect(res.body).toBe(
      '\uFEFFvalue,visitors,visits,share,pageviews,bounceRate,visitDurationSec,status\r\n' +
        'direct,5,5,0.4545,7,0.8,22,ok\r\n' +
        'search,,,,,,,complementary\r\n' +
        'social,,,,,,,below_k\r\n',
    );
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
  it('counts the last 30 minutes from the raw events', async () => {
    const r = (await h.get('/v1/cities/giessen/realtime', h.keys.giessen)).json();
    expect(r).toMatchObject({
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
    const published = (await h.get('/v1/cities/giessen/realtime', h.keys.consortium)).json();
    expect(published.pages).toEqual([
      { path: '/', visitors: null, pageviews: null, status: 'complementary' },
      { path: '/rathaus', visitors: null, pageviews: null, status: 'below_k' },
    ]);
    expect(published.visitors).toBe(3);
  });
});

describe('service funnel', () => {
  it('gives the city its funnel, completion, time to complete, error hot spots and satisfaction', async () => {
    const r = (await h.get(`/v1/cities/giessen/services/${S1}/funnel?${PERIOD}`, h.keys.giessen)).json();
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

  it('suppresses small error and rating cells for the consortium', async () => {
    const r = (await h.get(`/v1/cities/giessen/services/${S1}/funnel?${PERIOD}`, h.keys.consortium)).json();
    expect(r.errors.fields).toEqual([
      { field: 'geburtsdatum', step: 1, visitors: 3, errors: 4, status: ok },
      { field: 'plz', step: 2, visitors: null, errors: null, status: 'complementary' },
      { field: 'iban', step: 3, visitors: null, errors: null, status: 'below_k' },
    ]);
    expect(r.satisfaction.average).toBe(4.33);
    expect(r.satisfaction.distribution.map((d: { status: string }) => d.status)).toEqual([
      'below_k',
      'below_k',
    ]);
    const csv = await h.get(
      `/v1/cities/giessen/services/${S1}/funnel?${PERIOD}&format=csv&table=errors`,
      h.keys.consortium,
    );
    expect(csv.body).toBe(
      '\uFEFFfield,step,visitors,errors,status\r\ngeburtsdatum,1,3,4,ok\r\nplz,2,,,complementary\r\niban,3,,,below_k\r\n',
    );
  });
});
