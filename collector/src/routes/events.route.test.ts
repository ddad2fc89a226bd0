import { type CollectedEvent, collectedEvent, MAX_EVENTS_PER_BATCH } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { visitorHash } from '../ingest/visitor-hash.ts';
import { SinkError } from '../kafka/group-commit.ts';
import { batch, FixedSalts, NOW, pageview, SALT, testApp, testConfig, UA } from '../test-support/fixtures.ts';

const ORIGIN = 'https://www.giessen.de';
const headers = (extra: Record<string, string> = {}) => ({
  'content-type': 'text/plain;charset=UTF-8',
  origin: ORIGIN,
  'user-agent': UA.firefoxLinux,
  ...extra,
});

describe('POST /v1/events', () => {
  it('answers 202 with the exact Kafka records: hashed visitor, classes, referrer host, no query or fragment', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      remoteAddress: '203.0.113.9',
      headers: headers(),
      payload: JSON.stringify(
        batch([
          pageview({
            url: 'https://www.giessen.de/buergerservice/hundesteuer?name=Erika%20Muster&lang=de#schritt-2',
            ref: 'https://www.google.com/search?q=hundesteuer+giessen',
          }),
          {
            type: 'download',
            id: 'evt-0002',
            ts: NOW - 500,
            url: '/buergerservice/hundesteuer',
            href: 'https://www.giessen.de/formulare/hund.pdf?token=abc',
            service: '99036010000000',
          },
        ]),
      ),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, dropped: 0 });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const common = {
      v: 1,
      site: 'giessen',
      mode: 'browser',
      receivedAt: NOW,
      visitor: 'a386149607a4c62e',
      saltDay: '2025-11-24',
      device: 'desktop',
      country: 'ZZ',
      browser: 'firefox',
      os: 'linux',
    };
    expect(sink.published.map((m) => ({ key: m.key, timestamp: m.timestamp }))).toEqual([
      { key: 'giessen:a386149607a4c62e', timestamp: String(NOW) },
      { key: 'giessen:a386149607a4c62e', timestamp: String(NOW) },
    ]);
    expect(sink.records()).toEqual([
      {
        ...common,
        referrerHost: 'www.google.com',
        event: {
          type: 'pageview',
          id: 'evt-0001',
          ts: NOW - 1000,
          url: 'https://www.giessen.de/buergerservice/hundesteuer?lang=de',
        },
      },
      {
        ...common,
        referrerHost: null,
        event: {
          type: 'download',
          id: 'evt-0002',
          ts: NOW - 500,
          url: '/buergerservice/hundesteuer',
          href: 'https://www.giessen.de/formulare/hund.pdf',
          service: '99036010000000',
        },
      },
    ]);
    for (const record of sink.records()) expect(collectedEvent.parse(record)).toEqual(record);
  });

  it('writes page and link paths templated: names and case numbers never reach Kafka', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(
        batch([
          pageview({ url: 'https://www.giessen.de/antrag/Max-Mustermann/AZ-2024-00815/schritt-2?lang=de' }),
          {
            type: 'download',
            id: 'evt-0002',
            ts: NOW - 500,
            url: '/online-dienste/hundesteuer-anmelden/k7x9q2',
            href: 'https://www.giessen.de/bescheide/erika.musterfrau.pdf',
          },
        ]),
      ),
    });
    expect(res.statusCode).toBe(202);
    expect(sink.records().map((r) => (r as { event: unknown }).event)).toEqual([
      {
        type: 'pageview',
        id: 'evt-0001',
        ts: NOW - 1000,
        url: 'https://www.giessen.de/antrag/:name/:id/schritt-2?lang=de',
      },
      {
        type: 'download',
        id: 'evt-0002',
        ts: NOW - 500,
        url: '/online-dienste/hundesteuer-anmelden/:id',
        href: 'https://www.giessen.de/bescheide/:name',
      },
    ]);
  });

  it('accepts application/json as well', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers({ 'content-type': 'application/json' }),
      payload: batch([pageview()]),
    });
    expect(res.statusCode).toBe(202);
    expect(sink.published).toHaveLength(1);
  });

  it('answers CORS preflights for configured origins only', async () => {
    const { app } = await testApp();
    const ok = await app.inject({
      method: 'OPTIONS',
      url: '/v1/events',
      headers: { origin: 'https://www.fulda.de', 'access-control-request-method': 'POST' },
    });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://www.fulda.de');
    expect(ok.headers['access-control-allow-methods']).toBe('POST');
    expect(ok.headers['access-control-allow-headers']).toBe('content-type');
    expect(ok.headers['access-control-max-age']).toBe('86400');
    expect(ok.headers['access-control-expose-headers']).toBe('retry-after');
    expect(ok.headers.vary).toBe('Origin');
    // A preflight carries no body, so no site: any path is answered alike.
    const elsewhere = await app.inject({
      method: 'OPTIONS',
      url: '/somewhere/else',
      headers: { origin: 'https://www.giessen.de', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.statusCode).toBe(204);
    expect(elsewhere.headers['access-control-allow-origin']).toBe('https://www.giessen.de');
    const refused = await app.inject({
      method: 'OPTIONS',
      url: '/v1/events',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.statusCode).toBe(404);
  });

  it.each([
    ['another city', 'https://www.fulda.de'],
    ['a stranger', 'https://evil.example'],
  ])('refuses an origin of %s for this site, without CORS headers', async (_who, origin) => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers({ origin }),
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_ORIGIN_NOT_ALLOWED',
      message: 'this origin may not send events for giessen',
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(sink.published).toEqual([]);
  });

  it('refuses a batch without an Origin header (not sent by a browser)', async () => {
    const { app } = await testApp();
    const { origin: _origin, ...noOrigin } = headers();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: noOrigin,
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('COLLECTOR_ORIGIN_NOT_ALLOWED');
  });

  it.each([
    [
      'an unknown site',
      headers(),
      JSON.stringify(batch([pageview()], 'kassel')),
      400,
      { error: 'COLLECTOR_UNKNOWN_SITE', message: 'unknown site "kassel"' },
    ],
    [
      'a form body',
      headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      'site=giessen',
      415,
      {
        error: 'COLLECTOR_UNSUPPORTED_MEDIA_TYPE',
        message: 'send the batch as text/plain or application/json',
      },
    ],
    [
      'invalid JSON',
      headers(),
      '{"v":1,',
      400,
      { error: 'COLLECTOR_INVALID_JSON', message: 'request body is not valid JSON' },
    ],
    [
      'an empty body',
      headers(),
      '',
      400,
      { error: 'COLLECTOR_INVALID_JSON', message: 'request body is empty' },
    ],
    [
      'prototype poisoning',
      headers(),
      '{"__proto__":{"admin":true},"v":1}',
      400,
      { error: 'COLLECTOR_INVALID_JSON', message: 'request body is not valid JSON' },
    ],
    [
      'a JSON array',
      headers(),
      '[]',
      400,
      { error: 'COLLECTOR_INVALID_BATCH', message: 'the body must be a JSON object (a batch)' },
    ],
    [
      'too many events',
      headers(),
      JSON.stringify(batch(Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => pageview()))),
      413,
      { error: 'COLLECTOR_BATCH_TOO_LARGE', message: 'a batch carries at most 50 events, this one 51' },
    ],
  ])('answers %s with a precise 4xx', async (_what, reqHeaders, payload, status, body) => {
    const { app, sink } = await testApp();
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: reqHeaders, payload });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual(body);
    expect(sink.published).toEqual([]);
  });

  it('refuses a batch whose envelope breaks the contract, with the paths', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify({ v: 2, site: 'giessen', sentAt: 'now', events: [pageview()], extra: 1 }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_INVALID_BATCH',
      message: 'the batch does not match the contract',
      details: {
        issues: [
          { path: 'v', message: 'Invalid input: expected 1' },
          { path: 'sentAt', message: 'Invalid input: expected number, received string' },
          { path: '', message: 'Unrecognized key: "extra"' },
        ],
      },
    });
    expect(sink.published).toEqual([]);
  });

  it("reads the SDK's compact events, coerces them, and drops and counts only the invalid ones", async () => {
    const { app, sink, metrics } = await testApp();
    const url = 'https://formulare.giessen.de/hundesteuer/schritt-2';
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      // As the SDK sends them: [kind, id, ts, url, service, ...fields], values as the page had them.
      payload: JSON.stringify({
        v: 1,
        site: 'giessen',
        events: [
          [3, 'evt-0001', NOW - 900, url, '99036010000000', 'hunde steuer', '2', '3', 'hund'],
          [4, 'evt-0002', NOW - 800, url, '99036010000000', null, 'E-Mail Adresse', '2'],
          [11, 'evt-0003', NOW - 700, url, '99036010000000', 9],
          [3, 'evt-0004', NOW - 600, url, '99036010000000', 'hundesteuer', '4', '3'],
          { type: 'pageview', id: 'evt-0005', ts: NOW - 500, url, service: '123', value: 'Erika' },
        ],
      }),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 3, dropped: 2 });
    expect(sink.records().map((r) => (r as CollectedEvent).event)).toEqual([
      {
        type: 'form_step',
        id: 'evt-0001',
        ts: NOW - 900,
        url,
        service: '99036010000000',
        form: 'hunde_steuer',
        step: 2,
        steps: 3,
        stepName: 'hund',
      },
      {
        type: 'form_error',
        id: 'evt-0002',
        ts: NOW - 800,
        url,
        service: '99036010000000',
        form: 'form',
        field: 'E-Mail_Adresse',
        step: 2,
      },
      { type: 'pageview', id: 'evt-0005', ts: NOW - 500, url },
    ]);
    for (const record of sink.records()) expect(collectedEvent.parse(record)).toEqual(record);
    expect((await metrics.dropped.get()).values).toEqual([
      { labels: { site: 'giessen', mode: 'browser', reason: 'invalid_event' }, value: 2 },
    ]);
    expect((await metrics.accepted.get()).values).toEqual([
      { labels: { site: 'giessen', mode: 'browser' }, value: 3 },
    ]);
  });

  it('stores an event whose property is nested too deep to read, without that property (never a 5xx)', async () => {
    const { app, sink } = await testApp();
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: `{"v":1,"site":"giessen","events":[[10,"evt-0001",${NOW - 100},"/",null,"suche",{"tief":${deep},"treffer":3}]]}`,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, dropped: 0 });
    expect(sink.records().map((r) => (r as CollectedEvent).event)).toEqual([
      { type: 'custom', id: 'evt-0001', ts: NOW - 100, url: '/', name: 'suche', props: { treffer: 3 } },
    ]);
  });

  it('keeps custom properties that are numbers, booleans or short codes and leaves out free text', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(
        batch([
          {
            type: 'custom',
            id: 'evt-0001',
            ts: NOW - 100,
            url: '/',
            name: 'suche',
            props: {
              treffer: 3,
              filter: 'online',
              exakt: false,
              begriff: 'Hundesteuer Erika Musterfrau',
              nr: null,
            },
          },
          [10, 'evt-0002', NOW - 50, '/', null, 'suche', { tab: 'tab:2', name: 'Max Mustermann' }],
        ] as never),
      ),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, dropped: 0 });
    expect(sink.records().map((r) => (r as CollectedEvent).event)).toEqual([
      {
        type: 'custom',
        id: 'evt-0001',
        ts: NOW - 100,
        url: '/',
        name: 'suche',
        props: { treffer: 3, filter: 'online', exakt: false },
      },
      { type: 'custom', id: 'evt-0002', ts: NOW - 50, url: '/', name: 'suche', props: { tab: 'tab:2' } },
    ]);
  });

  it('answers 202 with nothing stored when no event of a batch is valid', async () => {
    const { app, sink } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(
        batch([{ ...pageview(), id: 'short' }, { ...pageview(), type: 'click' } as never]),
      ),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 0, dropped: 2 });
    expect(sink.published).toEqual([]);
  });

  it('answers 413 above the body limit', async () => {
    const { app } = await testApp({ config: testConfig({ COLLECTOR_BODY_LIMIT_BYTES: '1024' }) });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(batch([pageview({ url: `/${'a'.repeat(2000)}` })])),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'COLLECTOR_PAYLOAD_TOO_LARGE',
      message: 'request body is too large',
    });
  });

  it.each([
    ['a crawler', { 'user-agent': UA.googlebot }, 'bot'],
    ['a headless browser', { 'user-agent': UA.headless }, 'headless_browser'],
    ['a client without user agent', { 'user-agent': '' }, 'missing_user_agent'],
    ['Global Privacy Control', { 'sec-gpc': '1' }, 'global_privacy_control'],
    ['Do Not Track', { dnt: '1' }, 'do_not_track'],
  ])('drops and counts events of %s (202, nothing stored)', async (_who, extra, reason) => {
    const { app, sink, metrics } = await testApp();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(extra),
      payload: JSON.stringify(batch([pageview(), pageview({ id: 'evt-0002' })])),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 0, dropped: 2 });
    expect(sink.published).toEqual([]);
    const dropped = await metrics.dropped.get();
    expect(dropped.values).toEqual([{ labels: { site: 'giessen', mode: 'browser', reason }, value: 2 }]);
  });

  it('answers 503 with Retry-After when the day has no agreed salt yet', async () => {
    const { app, sink } = await testApp({ salts: new FixedSalts({}) });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.json().error).toBe('COLLECTOR_SALT_UNAVAILABLE');
    expect(sink.published).toEqual([]);
  });

  it.each([
    ['buffer_full', 'COLLECTOR_BUFFER_FULL'],
    ['timeout', 'COLLECTOR_KAFKA_UNAVAILABLE'],
    ['kafka_error', 'COLLECTOR_KAFKA_UNAVAILABLE'],
    ['shutting_down', 'COLLECTOR_SHUTTING_DOWN'],
  ] as const)('answers 503 + Retry-After, never 202, when the sink refuses (%s)', async (reason, code) => {
    const { app, sink, metrics } = await testApp();
    sink.fail = new SinkError(reason);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: headers(),
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.json().error).toBe(code);
    expect((await metrics.accepted.get()).values).toEqual([]);
  });

  it('limits requests per client address', async () => {
    const { app } = await testApp({ config: testConfig({ COLLECTOR_RATE_LIMIT_CLIENT_MAX: '2' }) });
    const send = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/events',
        remoteAddress,
        headers: headers(),
        payload: JSON.stringify(batch([pageview()])),
      });
    expect((await send('198.51.100.1')).statusCode).toBe(202);
    expect((await send('198.51.100.1')).statusCode).toBe(202);
    const limited = await send('198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('COLLECTOR_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send('198.51.100.2')).statusCode).toBe(202);
  });

  it('limits requests per site, whatever the client', async () => {
    const { app } = await testApp({ config: testConfig({ COLLECTOR_RATE_LIMIT_SITE_MAX: '2' }) });
    const send = (remoteAddress: string, site: string, origin: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/events',
        remoteAddress,
        headers: headers({ origin }),
        payload: JSON.stringify(batch([pageview()], site)),
      });
    expect((await send('198.51.100.1', 'giessen', ORIGIN)).statusCode).toBe(202);
    expect((await send('198.51.100.2', 'giessen', ORIGIN)).statusCode).toBe(202);
    const limited = await send('198.51.100.3', 'giessen', ORIGIN);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({
      error: 'COLLECTOR_RATE_LIMITED',
      message: 'too many requests for this site; slow down',
    });
    expect((await send('198.51.100.4', 'fulda', 'https://www.fulda.de')).statusCode).toBe(202);
  });
});

describe('the client address behind proxies (COLLECTOR_TRUST_PROXY)', () => {
  // Public addresses in the shipped country data set (ingest/country-lookup.test.ts): heise.de, orf.at, Free.
  const CLIENT = '193.99.144.80';
  const FORGED = '194.232.104.150';
  const DIRECT = '212.27.40.240';
  /** The visitor id the record carries, and the address it was computed from. */
  const visitorOf = (ip: string) => visitorHash(SALT, 'giessen', ip, UA.firefoxLinux);

  it.each([
    // Unset: nobody's header is believed, not even a proxy's on the same host.
    ['', '127.0.0.1', CLIENT, '127.0.0.1', 'ZZ'],
    // A proxy on the same host, named by its address (the end-to-end tests' setup).
    ['127.0.0.1', '127.0.0.1', CLIENT, CLIENT, 'DE'],
    // A peer outside the configured network is a client that wrote the header itself.
    ['10.0.0.0/8', DIRECT, CLIENT, DIRECT, 'FR'],
    ['10.0.0.0/8', '10.0.0.2', CLIENT, CLIENT, 'DE'],
    // The trusted proxy appended the address it saw; what the client wrote before that is not believed.
    ['10.0.0.0/8', '10.0.0.2', `${FORGED}, ${CLIENT}`, CLIENT, 'DE'],
    ['10.0.0.0/8', '::ffff:10.0.0.2', CLIENT, CLIENT, 'DE'],
    ['10.0.0.0/8', '10.0.0.2', `::ffff:${CLIENT}`, CLIENT, 'DE'],
    // A hop count believes the nearest hop only if it is on a private network: a client that reaches the
    // collector directly from the internet cannot spoof its address with a header.
    ['1', DIRECT, CLIENT, DIRECT, 'FR'],
    ['1', '10.0.0.2', `${FORGED}, ${CLIENT}`, CLIENT, 'DE'],
    ['2', '10.0.0.2', `${FORGED}, 172.16.5.5`, FORGED, 'AT'],
  ])(
    'trust %j, peer %s, X-Forwarded-For %j: the visitor is hashed from %s and located in %s',
    async (trust, peer, xff, client, country) => {
      const { app, sink } = await testApp({ config: testConfig({ COLLECTOR_TRUST_PROXY: trust }) });
      const res = await app.inject({
        method: 'POST',
        url: '/v1/events',
        remoteAddress: peer,
        headers: headers({ 'x-forwarded-for': xff }),
        payload: JSON.stringify(batch([pageview()])),
      });
      expect(res.statusCode).toBe(202);
      expect(sink.records()).toMatchObject([{ visitor: visitorOf(client), country }]);
    },
  );

  it('writes the exact record of a client behind a proxy, with the country of the forwarded address', async () => {
    const { app, sink } = await testApp({ config: testConfig({ COLLECTOR_TRUST_PROXY: '127.0.0.1' }) });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      remoteAddress: '127.0.0.1',
      headers: headers({ 'x-forwarded-for': FORGED }),
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(res.statusCode).toBe(202);
    expect(sink.records()).toEqual([
      {
        v: 1,
        site: 'giessen',
        mode: 'browser',
        receivedAt: NOW,
        visitor: visitorOf(FORGED),
        saltDay: '2025-11-24',
        device: 'desktop',
        country: 'AT',
        browser: 'firefox',
        os: 'linux',
        referrerHost: null,
        event: {
          type: 'pageview',
          id: 'evt-0001',
          ts: NOW - 1000,
          url: 'https://www.giessen.de/buergerservice/hundesteuer',
        },
      },
    ]);
    // The record holds the country's code only, never the address it came from.
    expect(sink.published[0]?.value).not.toContain(FORGED);
  });

  it('limits the forwarded client, not the proxy, and ignores forwarded addresses of untrusted peers', async () => {
    const config = testConfig({ COLLECTOR_TRUST_PROXY: '10.0.0.0/8', COLLECTOR_RATE_LIMIT_CLIENT_MAX: '1' });
    const { app } = await testApp({ config });
    const send = (peer: string, xff: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/events',
        remoteAddress: peer,
        headers: headers({ 'x-forwarded-for': xff }),
        payload: JSON.stringify(batch([pageview()])),
      });
    // Two clients behind one proxy have a limit each.
    expect((await send('10.0.0.2', '198.51.100.1')).statusCode).toBe(202);
    expect((await send('10.0.0.2', '198.51.100.2')).statusCode).toBe(202);
    expect((await send('10.0.0.2', '198.51.100.2')).statusCode).toBe(429);
    // A direct client cannot dodge its limit by writing a fresh address into the header.
    expect((await send('203.0.113.9', '198.51.100.3')).statusCode).toBe(202);
    expect((await send('203.0.113.9', '198.51.100.4')).statusCode).toBe(429);
  });
});
