/*
 * Hostile-input fuzzing: 10,000+ malformed, oversized and adversarial requests through the whole app, then raw
 * malformed HTTP over real sockets. The collector must never answer 5xx, must keep serving, and whatever it
 * accepts must be a valid, privacy-clean Kafka record.
 */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { collectedEvent } from '@godonu/contract';
import { type Random, seededRandom } from '@godonu/infra/seeded-random';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadSdkAsset } from './sdk/sdk-asset.ts';
import { batch, INGEST_KEY, NOW, pageview, testApp, testConfig, UA } from './test-support/fixtures.ts';

const REQUESTS = 10_500;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e\u200b',
  '💥'.repeat(300),
  'a'.repeat(5_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://x/a}',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  'https://user:pass@www.giessen.de/a?email=max%40example.org#frag',
  '/?name=Erika+Mustermann&lang=de',
  '%00%ff%fe',
  '\ud800',
  'null',
  '__proto__',
  'constructor',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  1.5,
  [],
  {},
  [[[[[]]]]],
  { __proto__: { polluted: true } },
  ...HOSTILE_STRINGS,
];
const PATHS = [
  '/v1/events',
  '/v1/events',
  '/v1/events',
  '/v1/events/server',
  '/v1/events/server',
  '/sdk.js',
  '/v1/sdk.js',
  '/readyz',
  '/metrics',
  '/v1/events?x=1',
  '/v1/events/',
  '/v1//events',
  '/V1/EVENTS',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/v1/events%00',
  `/${'a'.repeat(3000)}`,
  '/v1/events/server/../server',
];
const CONTENT_TYPES = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/json',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/html',
  'application/octet-stream',
  ';;;',
  'text/plain; charset="\u0000"',
  undefined,
];
const ORIGINS = [
  'https://www.giessen.de',
  'https://www.fulda.de',
  'https://evil.example',
  'null',
  '',
  'x'.repeat(900),
];
const AGENTS = [
  UA.firefoxLinux,
  UA.safariIphone,
  UA.googlebot,
  UA.headless,
  '',
  'x'.repeat(8000),
  '\t',
  'curl/8',
];

function mutateEvent(r: Random): unknown {
  const e: Record<string, unknown> = { ...pageview({ id: `fz-${r.int(1e9)}` }) };
  const kinds = [
    'pageview',
    'form_step',
    'form_error',
    'custom',
    'rating',
    'outbound',
    'unknown',
    'constructor',
  ];
  e.type = r.pick(kinds);
  for (let i = r.int(4); i > 0; i--) {
    const field = r.pick([
      'id',
      'ts',
      'url',
      'ref',
      'service',
      'form',
      'step',
      'steps',
      'field',
      'props',
      'href',
      'score',
      'x',
    ]);
    e[field] = r.pick(HOSTILE_VALUES);
  }
  if (r.next() < 0.2)
    e.props = Object.fromEntries(
      Array.from({ length: r.int(30) }, (_, i) => [`k${i}`, r.pick(HOSTILE_VALUES)]),
    );
  return e;
}

function body(r: Random): string | Buffer {
  const roll = r.next();
  if (roll < 0.1) return Buffer.from(Array.from({ length: r.int(3000) }, () => r.int(256)));
  if (roll < 0.15) return `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  if (roll < 0.2)
    return `{"v":1,"site":"giessen","sentAt":${NOW},"events":[${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}]}`;
  if (roll < 0.25) return JSON.stringify(batch([pageview()])).slice(0, r.int(120));
  if (roll < 0.3) return '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"v":1}';
  if (roll < 0.35) return JSON.stringify(batch(Array.from({ length: 40 + r.int(30) }, () => pageview())));
  if (roll < 0.45) {
    const item = () => ({
      ip: r.pick(['203.0.113.9', '::1', '999.1.1.1', '', 'fe80::1%25eth0']),
      ua: r.pick(AGENTS),
      event: mutateEvent(r),
    });
    return JSON.stringify({
      v: 1,
      site: 'giessen',
      sentAt: NOW,
      events: Array.from({ length: 1 + r.int(5) }, item),
    });
  }
  if (roll < 0.55)
    return JSON.stringify(
      batch([pageview({ url: r.pick(HOSTILE_STRINGS) || '/', ref: r.pick(HOSTILE_STRINGS) || undefined })]),
    );
  const envelope: Record<string, unknown> = {
    v: r.pick([1, 1, 1, 2, '1', null]),
    site: r.pick(['giessen', 'giessen', 'fulda', 'kassel', '', 'GIESSEN', '__proto__']),
    sentAt: r.pick([NOW, NOW, -1, 'now', 1e20]),
    events: r.next() < 0.1 ? r.pick(HOSTILE_VALUES) : Array.from({ length: r.int(4) }, () => mutateEvent(r)),
  };
  if (r.next() < 0.1) envelope[r.pick(HOSTILE_STRINGS) || 'extra'] = r.pick(HOSTILE_VALUES);
  return JSON.stringify(envelope);
}

/** Mostly plausible envelopes with hostile bodies (they reach validation and ingestion), the rest anything. */
function request(r: Random): InjectOptions {
  if (r.next() < 0.7) {
    const server = r.next() < 0.3;
    return {
      method: 'POST',
      url: server ? '/v1/events/server' : '/v1/events',
      headers: {
        'content-type': r.pick(['text/plain;charset=UTF-8', 'application/json']),
        'user-agent': r.pick(AGENTS),
        ...(server ? { authorization: `Bearer ${INGEST_KEY}` } : { origin: 'https://www.giessen.de' }),
      },
      remoteAddress: r.pick(['203.0.113.9', '198.51.100.1', '::1']),
      payload: body(r),
    };
  }
  const headers: Record<string, string> = {};
  const type = r.pick(CONTENT_TYPES);
  if (type !== undefined) headers['content-type'] = type;
  if (r.next() < 0.8) headers.origin = r.pick(ORIGINS);
  if (r.next() < 0.9) headers['user-agent'] = r.pick(AGENTS);
  if (r.next() < 0.3)
    headers.authorization = r.pick([
      `Bearer ${INGEST_KEY}`,
      'Bearer x',
      'Bearer',
      `Bearer ${'k'.repeat(300)}`,
      'Basic x',
    ]);
  if (r.next() < 0.1) headers['sec-ch-ua'] = r.pick(['"HeadlessChrome";v="1"', '\u0000', 'x'.repeat(900)]);
  if (r.next() < 0.1) headers['if-none-match'] = r.pick(['*', '"x"', 'W/', ',,,']);
  if (r.next() < 0.1)
    headers['accept-encoding'] = r.pick(['br;q=abc', 'gzip;q=0, *;q=0', '*', 'identity;q=0']);
  if (r.next() < 0.05) headers['x-forwarded-for'] = r.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
  const method = r.pick([
    'POST',
    'POST',
    'POST',
    'POST',
    'GET',
    'OPTIONS',
    'PUT',
    'DELETE',
    'HEAD',
    'PATCH',
  ] as const);
  return {
    method,
    url: r.pick(PATHS),
    headers,
    remoteAddress: r.pick(['203.0.113.9', '198.51.100.1', '::1', '::ffff:10.0.0.1']),
    ...(method === 'GET' || method === 'HEAD' ? {} : { payload: body(r) }),
  };
}

describe('fuzzing with hostile requests', () => {
  it(`answers ${REQUESTS} hostile requests without a single 5xx and keeps serving`, {
    timeout: 120_000,
  }, async () => {
    const { app, sink } = await testApp({
      sdk: () => loadSdkAsset(fileURLToPath(new URL('./sdk/fixtures/sdk.fixture.js', import.meta.url))),
      config: testConfig({
        COLLECTOR_RATE_LIMIT_CLIENT_MAX: '1000000000',
        COLLECTOR_RATE_LIMIT_SITE_MAX: '1000000000',
      }),
    });
    const r = seededRandom(20251124);
    const statuses = new Map<number, number>();
    const codes = new Set<string>();
    for (let i = 0; i < REQUESTS; i++) {
      const options = request(r);
      const res = await app.inject(options);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) {
        throw new Error(`request ${i} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      }
      if (res.statusCode >= 400 && options.method !== 'HEAD') {
        const code = (res.json() as { error?: string }).error;
        expect(code, `request ${i}`).toMatch(/^COLLECTOR_[A-Z_]+$/);
        codes.add(code as string);
      }
    }
    console.log(
      'fuzz statuses',
      Object.fromEntries([...statuses].sort()),
      'codes',
      [...codes].sort().join(' '),
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(statuses.get(202)).toBeGreaterThan(100);
    expect(codes.size).toBeGreaterThanOrEqual(7);

    // Whatever got through is a valid record without the client's address, agent or stray query strings.
    for (const message of sink.published) {
      const record = collectedEvent.parse(JSON.parse(message.value));
      for (const secret of [
        '203.0.113.9',
        '198.51.100.1',
        UA.firefoxLinux,
        UA.safariIphone,
        'Erika',
        'max%40',
        'pass@',
      ]) {
        expect(message.value.includes(secret), secret).toBe(false);
      }
      expect(record.event.url.includes('#')).toBe(false);
    }

    const after = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: {
        'content-type': 'text/plain',
        origin: 'https://www.giessen.de',
        'user-agent': UA.firefoxLinux,
      },
      payload: JSON.stringify(batch([pageview()])),
    });
    expect(after.statusCode).toBe(202);
    await app.close();
  });

  it('survives malformed HTTP on real sockets', { timeout: 60_000 }, async () => {
    const { app } = await testApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const raw = [
      'GARBAGE\r\n\r\n',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n0\r\n\r\n',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
      'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n{"v":1',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nFoo: a\u0000b\r\n\r\n',
      'POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    ];
    const send = (payload: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.setTimeout(1_000, () => socket.destroy());
        socket.on('data', (d) => {
          answer += d.toString('latin1');
        });
        socket.on('error', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        socket.end(payload);
      });
    for (let round = 0; round < 30; round++) {
      for (const payload of raw) {
        const answer = await send(payload);
        expect(answer.startsWith('HTTP/1.1 5'), answer.slice(0, 80)).toBe(false);
      }
    }
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    await app.close();
  });
});
