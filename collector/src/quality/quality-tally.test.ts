import { qualityTally } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { batch, NOW, pageview, testApp, testConfig, UA } from '../test-support/fixtures.ts';
import { QualityTally } from './quality-tally.ts';

const HOUR = 3_600_000;
/** NOW is 12:00 UTC: the hour it starts. */
const NOON = NOW;
const ids = () => {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
};

describe('QualityTally', () => {
  it('sums per site, UTC hour, kind and reason, hands out valid records and starts from zero', () => {
    const tally = new QualityTally();
    tally.add('giessen', 'dropped', 'bot', NOW);
    tally.add('giessen', 'dropped', 'bot', NOW + 59 * 60_000, 2);
    tally.add('giessen', 'dropped', 'bot', NOW + HOUR);
    tally.add('', 'refused', 'COLLECTOR_RATE_LIMITED', NOW);
    tally.add('fulda', 'dropped', 'do_not_track', NOW, 0);
    const records = tally.take(ids());
    expect(records).toEqual([
      {
        v: 1,
        id: '00000000-0000-4000-8000-000000000001',
        site: 'giessen',
        hour: NOON,
        kind: 'dropped',
        reason: 'bot',
        count: 3,
      },
      {
        v: 1,
        id: '00000000-0000-4000-8000-000000000002',
        site: 'giessen',
        hour: NOON + HOUR,
        kind: 'dropped',
        reason: 'bot',
        count: 1,
      },
      {
        v: 1,
        id: '00000000-0000-4000-8000-000000000003',
        site: '',
        hour: NOON,
        kind: 'refused',
        reason: 'COLLECTOR_RATE_LIMITED',
        count: 1,
      },
    ]);
    for (const r of records) expect(qualityTally.parse(r)).toEqual(r);
    expect(tally.take(ids())).toEqual([]);
  });
});

describe('what the routes tally', () => {
  const post = (
    app: Awaited<ReturnType<typeof testApp>>['app'],
    payload: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.inject({
      method: 'POST',
      url: '/v1/events',
      remoteAddress: '203.0.113.9',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        origin: 'https://www.giessen.de',
        'user-agent': UA.firefoxLinux,
        ...headers,
      },
      payload: JSON.stringify(payload),
    });

  it('counts drops by reason for the site, and refusals by code for the site once it is known', async () => {
    const { app, metrics } = await testApp({ config: testConfig({ COLLECTOR_RATE_LIMIT_CLIENT_MAX: '7' }) });
    const two = () => batch([pageview({ id: 'evt-00000001' }), pageview({ id: 'evt-00000002' })]);
    expect((await post(app, two(), { 'user-agent': UA.googlebot })).statusCode).toBe(202);
    expect((await post(app, two(), { 'user-agent': UA.headless })).statusCode).toBe(202);
    expect((await post(app, two(), { 'sec-gpc': '1' })).statusCode).toBe(202);
    expect((await post(app, two(), { dnt: '1' })).statusCode).toBe(202);
    const invalid = { ...two(), events: [...two().events, { type: 'pageview', id: 'x', ts: NOW, url: '/' }] };
    expect((await post(app, invalid)).json()).toEqual({ accepted: 2, dropped: 1 });
    expect((await post(app, two(), { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post(app, batch([pageview()], 'kassel'))).statusCode).toBe(400);
    // The eighth request from this client in the window: refused before its body names a site.
    expect((await post(app, two())).statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    await app.close();

    const counts = metrics.quality
      .take(ids())
      .map((r) => [r.site, r.hour === NOON, r.kind, r.reason, r.count]);
    expect(counts).toEqual([
      ['giessen', true, 'dropped', 'bot', 2],
      ['giessen', true, 'dropped', 'headless_browser', 2],
      ['giessen', true, 'dropped', 'global_privacy_control', 2],
      ['giessen', true, 'dropped', 'do_not_track', 2],
      ['giessen', true, 'dropped', 'invalid_event', 1],
      ['giessen', true, 'refused', 'COLLECTOR_ORIGIN_NOT_ALLOWED', 1],
      ['', true, 'refused', 'COLLECTOR_UNKNOWN_SITE', 1],
      ['', true, 'refused', 'COLLECTOR_RATE_LIMITED', 1],
      ['', true, 'refused', 'COLLECTOR_NOT_FOUND', 1],
    ]);
  });
});
