import { collectedEvent } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { visitorHash } from '../ingest/visitor-hash.ts';
import { batch, INGEST_KEY, NOW, pageview, SALT, testApp, UA } from '../test-support/fixtures.ts';

const auth = (key = INGEST_KEY) => ({ 'content-type': 'application/json', authorization: `Bearer ${key}` });
const item = (ip: string, ua: string, id = 'evt-0001') => ({
  ip,
  ua,
  event: pageview({ id, url: '/buergerservice/wohnsitz?aktenzeichen=4711' }),
});

describe('POST /v1/events/server', () => {
  it('stores server-side events with the same visitor id the browser route computes for that client', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([
        item('203.0.113.9', UA.firefoxLinux),
        item('::ffff:203.0.113.9', UA.firefoxLinux, 'evt-0002'),
      ] as never),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, dropped: 0 });
    const expected = (id: string) => ({
      v: 1,
      site: 'giessen',
      mode: 'server',
      receivedAt: NOW,
      // Same as the browser route's test for 203.0.113.9 + Firefox: visitors count alike in both modes.
      visitor: 'a386149607a4c62e',
      saltDay: '2025-11-24',
      device: 'desktop',
      // A documentation address (RFC 5737): in no country.
      country: 'ZZ',
      browser: 'firefox',
      os: 'linux',
      referrerHost: null,
      event: { type: 'pageview', id, ts: NOW - 1000, url: '/buergerservice/wohnsitz' },
    });
    expect(sink.records()).toEqual([expected('evt-0001'), expected('evt-0002')]);
    for (const record of sink.records()) expect(collectedEvent.parse(record)).toEqual(record);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("locates each event's client by its own ip, not by the city backend's address", async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      // The city's backend, in France; its end users are elsewhere.
      remoteAddress: '212.27.40.240',
      headers: auth(),
      payload: batch([
        item('193.99.144.80', UA.firefoxLinux, 'evt-0001'),
        item('::ffff:194.232.104.150', UA.firefoxLinux, 'evt-0002'),
        item('2003::1', UA.safariIphone, 'evt-0003'),
        item('8.8.8.8', UA.chromeWindows, 'evt-0004'),
        item('10.0.0.1', UA.chromeWindows, 'evt-0005'),
        item('::1', UA.chromeWindows, 'evt-0006'),
      ] as never),
    });
    expect(res.statusCode).toBe(202);
    expect(sink.records().map((r) => (r as { country: string }).country)).toEqual([
      'DE',
      'AT',
      'DE',
      'US',
      'ZZ',
      'ZZ',
    ]);
    expect(sink.records()[0]).toEqual({
      v: 1,
      site: 'giessen',
      mode: 'server',
      receivedAt: NOW,
      visitor: visitorHash(SALT, 'giessen', '193.99.144.80', UA.firefoxLinux),
      saltDay: '2025-11-24',
      device: 'desktop',
      country: 'DE',
      browser: 'firefox',
      os: 'linux',
      referrerHost: null,
      event: { type: 'pageview', id: 'evt-0001', ts: NOW - 1000, url: '/buergerservice/wohnsitz' },
    });
  });

  it('drops bot events one by one and keeps the rest', async () => {
    const { app, sink, metrics } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([
        item('198.51.100.7', UA.googlebot),
        item('198.51.100.8', UA.safariIphone, 'evt-0002'),
      ] as never),
    });
    expect(res.json()).toEqual({ accepted: 1, dropped: 1 });
    expect(sink.records()).toMatchObject([
      { device: 'mobile', browser: 'safari', os: 'ios', mode: 'server' },
    ]);
    expect((await metrics.dropped.get()).values).toEqual([
      { labels: { site: 'giessen', mode: 'server', reason: 'bot' }, value: 1 },
    ]);
  });

  it.each([
    ['no key', { 'content-type': 'application/json' }],
    ['a wrong key', auth('demo-ingest-giessen')],
    ['a malformed header', { 'content-type': 'application/json', authorization: 'Basic Z2llc3Nlbg==' }],
  ])('answers 401 for %s, before reading the body', async (_what, reqHeaders) => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: reqHeaders,
      payload: '{',
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toEqual({
      error: 'COLLECTOR_UNAUTHORIZED',
      message: 'send the city ingest key as "Authorization: Bearer <key>"',
    });
    expect(sink.published).toEqual([]);
  });

  it("answers 403 when a city's key sends another city's events", async () => {
    const { app } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([item('203.0.113.9', UA.firefoxLinux)] as never, 'fulda'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_SITE_NOT_ALLOWED',
      message: 'this ingest key may not send events for fulda',
    });
  });

  it('refuses custom property values that are not numbers, booleans or short codes, naming each', async () => {
    const { app, sink } = await testApp();
    const custom = (props: Record<string, unknown>) => ({
      ip: '203.0.113.9',
      ua: UA.firefoxLinux,
      event: { type: 'custom', id: 'evt-0001', ts: NOW - 100, url: '/', name: 'suche', props },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([
        custom({ treffer: 3, begriff: 'Erika Musterfrau' }),
        custom({ nr: { a: 1 } }),
      ] as never),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_INVALID_BATCH',
      message: 'the batch does not match the contract',
      details: {
        issues: [
          {
            path: 'events.0.event.props.begriff',
            message: 'property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
          },
          {
            path: 'events.1.event.props.nr',
            message: 'property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
          },
        ],
      },
    });
    expect(sink.published).toEqual([]);
    const ok = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([custom({ treffer: 3, filter: 'online_only', exakt: true })] as never),
    });
    expect(ok.statusCode).toBe(202);
    expect(sink.records()).toMatchObject([
      { event: { props: { treffer: 3, filter: 'online_only', exakt: true } } },
    ]);
  });

  it('validates the end-user fields', async () => {
    const { app } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events/server',
      headers: auth(),
      payload: batch([{ ...item('not-an-ip', 'x'.repeat(513)) }] as never),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues).toEqual([
      { path: 'events.0.ip', message: 'Invalid input' },
      { path: 'events.0.ua', message: 'Too big: expected string to have <=512 characters' },
    ]);
  });
});
