/*
 * Hostile requests for the collector, by category, each with the answer it must get. Valid batches are mixed in,
 * many of them with odd but legal content (injection strings in URLs and property values, invalid UTF-8 that
 * decodes to U+FFFD, spoofed forwarding headers): they must be accepted, and only they may reach Kafka.
 *
 * The server route is strict: a batch with one bad event is refused whole. The browser route refuses a bad
 * envelope but may read events one by one and repair or drop each, so a browser batch whose events are beyond
 * repair (bad id, time, type or URL) must store nothing, and one whose events may be repairable is `tolerated`.
 * Each generated body is checked against the contract here, so that a generator mistake cannot pass for a
 * collector bug.
 */
import { event as canonicalEvent, serverBatch } from '@godonu/contract';
import type { Random } from '@godonu/infra/seeded-random';
import { BROWSER_AGENTS, eventIds, ingestKey } from './city-traffic.ts';
import {
  type Category,
  type Expectation,
  type HostileRequest,
  NOTHING,
  REFUSED,
  TOLERATED,
  UNHARMED,
} from './hostile-request.ts';
import {
  encodeAny,
  HEADER_INJECTIONS,
  HOSTILE_STRINGS,
  INJECTIONS,
  INVALID_UTF8,
  ODD_STRINGS,
  WRONG_TYPES,
} from './hostile-values.ts';

export interface CollectorSite {
  key: string;
  origin: string;
}

export interface CollectorCasesOptions {
  sites: readonly CollectorSite[];
  services: readonly string[];
  now: number;
  /** Probes: valid events whose URL is an injection string, looked for in ClickHouse afterwards. */
  probeUrl: string;
  probeIds: string[];
}

/** Share of each category in the stream. */
export const COLLECTOR_WEIGHTS: Record<Category, number> = {
  valid: 0.08,
  'wrong-types': 0.16,
  'huge-bodies': 0.02,
  'deep-nesting': 0.05,
  'invalid-utf8': 0.09,
  injection: 0.22,
  'header-abuse': 0.18,
  'wrong-methods': 0.07,
  'random-paths': 0.09,
};

const EVENT_TYPES = [
  'pageview',
  'service_view',
  'form_start',
  'form_step',
  'form_error',
  'form_submit',
  'form_confirm',
  'outbound',
  'download',
  'engagement',
  'custom',
  'rating',
] as const;
type EventType = (typeof EVENT_TYPES)[number];
type Json = Record<string, unknown>;
type Route = 'browser' | 'server';
type Headers = Record<string, string | string[]>;

const BODY_LIMIT = 256 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');
/** Over the body limit; built once, sent many times. */
const OVERSIZED = [260 * 1024, 300 * 1024, 400 * 1024].map((n) =>
  Buffer.from(`{"v":1,"site":"giessen","events":[{"url":"${'x'.repeat(n)}"}]}`),
);
/** Values of no JSON type a number field takes, nor one that a lenient reader could turn into one. */
const NOT_A_NUMBER: readonly unknown[] = [null, true, [], {}, [1], 'x', 1.5, -1, 1e308];
const NOT_A_STRING: readonly unknown[] = WRONG_TYPES.filter((v) => typeof v !== 'string');

export function* collectorCases(r: Random, o: CollectorCasesOptions): Generator<HostileRequest> {
  const id = eventIds('hc');
  const site = () => r.pick(o.sites);
  const route = (): Route => (r.chance(0.6) ? 'browser' : 'server');
  const accepted = (n: number): Expectation => ({ kind: 'accepted', events: n });

  const event = (type: EventType = r.pick(EVENT_TYPES)): Json => {
    const e: Json = {
      type,
      id: id(),
      ts: o.now - r.int(60_000),
      url: r.pick(['/', '/buergerservice', '/a/b']),
    };
    if (r.chance(0.3)) e.ref = r.pick(['https://www.google.com/search?q=x', 'https://evil.example/']);
    if (r.chance(0.3) || type === 'service_view') e.service = r.pick(o.services);
    const fields: Partial<Record<EventType, Json>> = {
      form_start: { form: 'antrag' },
      form_step: { form: 'antrag', step: 1 + r.int(3), steps: 3 },
      form_error: { form: 'antrag', field: r.pick(['email', 'plz', 'person[geburts.datum]']) },
      form_submit: { form: 'antrag', elapsedMs: r.int(600_000) },
      form_confirm: { form: 'antrag', elapsedMs: r.int(600_000) },
      outbound: { href: 'https://www.example.org/x' },
      download: { href: '/files/antrag.pdf' },
      engagement: { engagedMs: r.int(100_000), scrollPct: r.int(101) },
      custom: { name: 'click', props: { target: 'button', n: r.int(9), ok: true } },
      rating: { score: 1 + r.int(5) },
    };
    return Object.assign(e, fields[type]);
  };
  const events = (n = 1 + r.int(3)) => Array.from({ length: n }, () => event());
  const ip = () =>
    r.chance(0.7)
      ? `${1 + r.int(223)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`
      : `2001:db8:${r.int(65536).toString(16)}::${(1 + r.int(65535)).toString(16)}`;
  const batch = (rt: Route, s: CollectorSite, evs: Json[]): Json => ({
    v: 1,
    site: s.key,
    sentAt: o.now,
    events: rt === 'browser' ? evs : evs.map((e) => ({ ip: ip(), ua: r.pick(BROWSER_AGENTS), event: e })),
  });
  const headersFor = (rt: Route, s: CollectorSite, extra: Headers = {}): Headers =>
    rt === 'browser'
      ? {
          'content-type': r.pick(['text/plain;charset=UTF-8', 'application/json', 'text/plain']),
          origin: s.origin,
          'user-agent': r.pick(BROWSER_AGENTS),
          ...extra,
        }
      : { 'content-type': 'application/json', authorization: `Bearer ${ingestKey(s.key)}`, ...extra };
  const routePath = (rt: Route) => (rt === 'browser' ? '/v1/events' : '/v1/events/server');

  const request = (
    category: Category,
    rt: Route,
    body: Json | string | Buffer,
    expect: Expectation,
    opts: { s?: CollectorSite; headers?: Headers; path?: string } = {},
  ): HostileRequest => ({
    category,
    method: 'POST',
    path: opts.path ?? routePath(rt),
    headers: headersFor(rt, opts.s ?? site(), opts.headers),
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    expect,
  });

  /** A valid batch, refused, dropped or accepted only for what the headers say. */
  const valid = (
    category: Category,
    rt: Route,
    evs: Json[],
    opts: { expect?: Expectation; headers?: Headers; path?: string; s?: CollectorSite } = {},
  ): HostileRequest => {
    const s = opts.s ?? site();
    const body = batch(rt, s, evs);
    const ok = rt === 'server' ? serverBatch.safeParse(body).success : evs.every(isCanonical);
    if (!ok)
      throw new Error(`generator made an invalid ${category} batch: ${JSON.stringify(body).slice(0, 300)}`);
    return request(category, rt, body, opts.expect ?? accepted(evs.length), { ...opts, s });
  };

  /**
   * A batch with one event made bad by `spoil`. On the server route it is refused; on the browser route it stores
   * nothing when the fault is beyond repair, and is tolerated otherwise.
   */
  const spoiled = (category: Category, rt: Route, spoil: (e: Json) => void, repairable: boolean) => {
    const s = site();
    const bad = event();
    spoil(bad);
    if (isCanonical(bad)) throw new Error(`generator made a valid ${category} event: ${JSON.stringify(bad)}`);
    const body = batch(rt, s, rt === 'browser' && !repairable ? [bad] : [...events(r.int(3)), bad]);
    if (rt === 'server' && serverBatch.safeParse(body).success)
      throw new Error('generator made a valid batch');
    const expect = rt === 'server' ? REFUSED : repairable ? TOLERATED : NOTHING;
    return request(category, rt, body, expect, { s });
  };

  /** A batch whose envelope is bad: refused on either route. */
  const badEnvelope = (category: Category, rt: Route, spoil: (b: Json) => void) => {
    const s = site();
    const body = batch(rt, s, events());
    spoil(body);
    return request(category, rt, body, REFUSED, { s });
  };

  /** A field beyond repair (taken as it is, or required), with a value that is no value of its type. */
  const unrepairable = (e: Json, value: unknown = r.pick(NOT_A_STRING)) => {
    // Any string is a URL, so a string spoils only the id or the type.
    const field = r.pick(typeof value === 'string' ? ['id', 'type'] : ['id', 'ts', 'type', 'url']);
    e[field] = field === 'ts' ? r.pick([...NOT_A_NUMBER, String(o.now), 0, 4_200_000_000_000]) : value;
  };

  const generators: Record<Category, () => HostileRequest> = {
    valid: () => {
      const rt = route();
      const roll = r.next();
      if (roll < 0.05) {
        const probe: Json = { ...event('pageview'), url: o.probeUrl };
        o.probeIds.push(probe.id as string);
        return valid('valid', rt, [probe]);
      }
      if (roll < 0.15 && rt === 'browser') {
        const evs = events();
        const optOut = r.pick<Headers>([{ dnt: '1' }, { 'sec-gpc': '1' }]);
        return valid('valid', rt, evs, { headers: optOut, expect: { kind: 'dropped', events: evs.length } });
      }
      if (roll < 0.2) return valid('valid', rt, events(), { path: `${routePath(rt)}?via=x` });
      return valid('valid', rt, events(r.chance(0.03) ? 50 - r.int(50) : undefined));
    },

    'wrong-types': () => {
      const rt = route();
      const roll = r.next();
      if (roll < 0.1) {
        const body = r.pick(
          WRONG_TYPES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
        );
        return request('wrong-types', rt, JSON.stringify(body), REFUSED);
      }
      if (roll < 0.35)
        return badEnvelope('wrong-types', rt, (b) => {
          const field = r.pick(['v', 'site', 'sentAt', 'events'] as const);
          b[field] =
            field === 'site'
              ? r.pick(NOT_A_STRING)
              : field === 'events'
                ? r.pick([null, 1, 'x', {}, []])
                : r.pick(NOT_A_NUMBER);
        });
      if (roll < 0.45)
        return badEnvelope('wrong-types', 'server', (b) => {
          const item = (b.events as Json[])[0] as Json;
          if (r.chance(0.5)) item.ip = r.pick([null, 1, [], {}, '999.1.1.1', 'not an ip', '::g', '1.2.3']);
          else item.ua = r.pick([null, 1, [], {}, 'x'.repeat(513)]);
        });
      if (roll < 0.75) return spoiled('wrong-types', rt, (e) => unrepairable(e), false);
      // Number fields: the server route refuses; the browser route may read a numeric string or round a float.
      return spoiled(
        'wrong-types',
        rt,
        (e) => {
          const type = r.pick(['form_step', 'rating', 'engagement', 'form_submit'] as const);
          for (const key of Object.keys(e)) if (!['id', 'ts', 'url'].includes(key)) delete e[key];
          Object.assign(e, event(type), { id: e.id });
          const field = r.pick(Object.keys(e).filter((k) => typeof e[k] === 'number' && k !== 'ts'));
          e[field] = r.pick([...NOT_A_NUMBER, '1', '3']);
        },
        true,
      );
    },

    'huge-bodies': () => {
      const rt = route();
      const roll = r.next();
      if (roll < 0.3) return { ...request('huge-bodies', rt, r.pick(OVERSIZED), REFUSED), mayClose: true };
      if (roll < 0.5)
        return {
          category: 'huge-bodies',
          method: 'POST',
          path: routePath(rt),
          headers: headersFor(rt, site()),
          body: { chunks: Array.from({ length: 5 + r.int(4) }, () => CHUNK) },
          expect: REFUSED,
          mayClose: true,
        };
      if (roll < 0.8) {
        const s = site();
        let n = 51 + r.int(450);
        while (JSON.stringify(batch(rt, s, events(n))).length >= BODY_LIMIT) n = Math.floor(n / 2) + 26;
        return badEnvelope('huge-bodies', rt, (b) => {
          b.events = batch(rt, s, events(n)).events;
        });
      }
      // Over the contract's URL length: the server route refuses, the browser route may cut it.
      return spoiled(
        'huge-bodies',
        rt,
        (e) => {
          e[r.pick(['url', 'ref'])] = `/${'u'.repeat(2048 + r.int(100_000))}`;
        },
        true,
      );
    },

    'deep-nesting': () => {
      const depth = 500 + r.int(r.chance(0.1) ? 40_000 : 4_000);
      const rt = route();
      const s = site();
      const json = JSON.stringify(batch(rt, s, [event('custom')]));
      const roll = r.next();
      if (roll < 0.2)
        // A property value nested deep: strictly invalid, but a lenient reader may flatten it into a string.
        return request(
          'deep-nesting',
          rt,
          json.replace('"props":{', `"props":{"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},`),
          rt === 'server' ? REFUSED : TOLERATED,
          { s },
        );
      const body = r.pick([
        () => `${'['.repeat(depth * 2)}${']'.repeat(depth * 2)}`,
        () => `{"v":1,"site":${'['.repeat(depth)}"giessen"${']'.repeat(depth)}}`,
        () => `{"v":1,"events":[${'{"a":'.repeat(depth)}`,
        () =>
          json.replace('{"v":1,', `{"v":1,"extra":${'[{"x":'.repeat(depth / 4)}0${'}]'.repeat(depth / 4)},`),
        () => json.replace('"events":[', `"events":${'['.repeat(depth)}`),
        () => '{"__proto__":{"polluted":true},"v":1,"site":"giessen","sentAt":1,"events":[]}',
        () => '{"constructor":{"prototype":{"polluted":true}},"v":1}',
        () => json.replace('"events":[{', '"events":[{"__proto__":{"type":"pageview"},'),
      ])();
      return request('deep-nesting', rt, body, REFUSED, { s });
    },

    'invalid-utf8': () => {
      const rt = route();
      const s = site();
      const bad = r.pick(INVALID_UTF8);
      const latin1 = bad.toString('latin1');
      const json = JSON.stringify(batch(rt, s, [event('pageview')]));
      const splice = (marker: string) => {
        const at = json.indexOf(marker) + marker.length;
        return Buffer.concat([Buffer.from(json.slice(0, at)), bad, Buffer.from(json.slice(at))]);
      };
      const roll = r.next();
      // Inside a string that takes anything the bytes decode to U+FFFD, and the batch stays valid.
      if (roll < 0.2) return request('invalid-utf8', rt, splice('"url":"/'), accepted(1), { s });
      if (roll < 0.35) return request('invalid-utf8', rt, splice('"site":"'), REFUSED, { s });
      if (roll < 0.5) return request('invalid-utf8', rt, splice('"v":1'), REFUSED, { s });
      if (roll < 0.6)
        return request('invalid-utf8', rt, splice('"id":"'), rt === 'server' ? REFUSED : NOTHING, { s });
      if (roll < 0.7)
        return request(
          'invalid-utf8',
          rt,
          Buffer.from(Array.from({ length: 1 + r.int(2000) }, () => r.int(256))),
          REFUSED,
        );
      if (roll < 0.85)
        return valid('invalid-utf8', rt, [event()], {
          s,
          headers: { 'accept-language': `de-DE,${latin1}`, referer: latin1, 'x-request-id': latin1 },
        });
      if (roll < 0.93)
        return valid('invalid-utf8', 'browser', events(), {
          s,
          headers: { origin: `https://${latin1}.de` },
          expect: REFUSED,
        });
      return valid('invalid-utf8', 'server', events(), {
        s,
        headers: { authorization: `Bearer ${latin1}` },
        expect: REFUSED,
      });
    },

    injection: () => {
      const rt = route();
      const inj = r.pick(INJECTIONS);
      const roll = r.next();
      // Where the contract takes any string, an injection string is data: accepted, and inert downstream. (Custom
      // properties take only short codes and numbers: the contract's own tests refuse injection strings there.)
      if (roll < 0.25) {
        const e = event(r.pick(['pageview', 'outbound', 'download', 'custom'] as const));
        if (r.chance(0.5)) e.url = `/${inj}`;
        else e.ref = inj;
        if (e.type === 'outbound' || e.type === 'download') e.href = inj;
        return valid('injection', rt, [e]);
      }
      if (roll < 0.4)
        return badEnvelope('injection', rt, (b) => {
          if (r.chance(0.5)) b.site = inj;
          else b[inj] = 1;
        });
      if (roll < 0.55) return spoiled('injection', rt, (e) => unrepairable(e, inj), false);
      if (roll < 0.75)
        // Names, codes and keys: the server route refuses; the browser route may replace odd characters.
        return spoiled(
          'injection',
          rt,
          (e) => {
            const field = r.pick(['form', 'field', 'stepName', 'name', 'reason', 'service', 'prop-key']);
            const type = {
              form: 'form_start',
              field: 'form_error',
              stepName: 'form_step',
              name: 'custom',
              reason: 'rating',
              service: 'pageview',
              'prop-key': 'custom',
            }[field] as EventType;
            for (const key of Object.keys(e)) if (!['id', 'ts', 'url'].includes(key)) delete e[key];
            Object.assign(e, event(type), { id: e.id });
            if (field === 'prop-key') e.props = { [inj]: 1 };
            else e[field] = inj;
          },
          true,
        );
      const header = r.pick(HEADER_INJECTIONS);
      if (roll < 0.85)
        return valid('injection', 'browser', events(), { headers: { origin: header }, expect: REFUSED });
      if (roll < 0.92)
        return valid('injection', 'server', events(), {
          headers: { authorization: `Bearer ${header}` },
          expect: REFUSED,
        });
      // A header that decides nothing carries the string along; the batch is still accepted.
      return valid('injection', rt, events(), {
        headers: {
          [r.pick(['x-forwarded-for', 'referer', 'accept-language', 'cookie', 'x-request-id'])]: header,
        },
      });
    },

    'header-abuse': () => {
      const s = site();
      const rt = route();
      const evs = events();
      const roll = r.next();
      const other = o.sites.find((c) => c.key !== s.key) as CollectorSite;
      if (roll < 0.08)
        return {
          ...valid('header-abuse', rt, evs, {
            s,
            headers: {
              [r.pick(['x-junk', 'cookie', 'x-forwarded-for'])]: 'h'.repeat(17_000 + r.int(20_000)),
            },
            expect: REFUSED,
          }),
          mayClose: true,
        };
      if (roll < 0.22)
        return valid('header-abuse', rt, evs, {
          s,
          headers: {
            'x-forwarded-for': r.pick([
              '1.2.3.4',
              '::1, 10.0.0.1',
              'garbage',
              '999.999.999.999',
              '127.0.0.1, '.repeat(50),
            ]),
            forwarded: r.pick(['for=1.2.3.4;proto=https;by=evil', 'for="[::1]"', ';;;']),
            'x-real-ip': r.pick(['8.8.8.8', 'not-an-ip']),
            'true-client-ip': '203.0.113.7',
          },
        });
      if (roll < 0.32)
        return valid('header-abuse', rt, evs, {
          s,
          headers: Object.fromEntries(Array.from({ length: 50 + r.int(400) }, (_, i) => [`x-h-${i}`, 'v'])),
        });
      if (roll < 0.42)
        return valid('header-abuse', rt, evs, {
          s,
          headers: {
            'content-type': r.pick([
              'text/html',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/octet-stream',
              'application/xml',
              'image/png',
              ['application/xml', 'application/json'],
            ]),
          },
          expect: REFUSED,
        });
      if (roll < 0.52)
        return valid('header-abuse', 'server', evs, {
          s,
          headers: {
            authorization: r.pick([
              'Bearer',
              'Bearer ',
              'Bearer x',
              `Bearer ${ingestKey(s.key)} extra`,
              `Basic ${Buffer.from('admin:admin').toString('base64')}`,
              `Digest username="${ingestKey(s.key)}"`,
              `Bearer ${'k'.repeat(300)}`,
              `Bearer ${ingestKey(other.key)}`,
              ingestKey(s.key),
              // Node keeps the first of duplicate Authorization headers.
              ['Bearer wrong', `Bearer ${ingestKey(s.key)}`],
            ]),
          },
          expect: REFUSED,
        });
      if (roll < 0.62)
        return valid('header-abuse', 'browser', evs, {
          s,
          headers: {
            origin: r.pick([
              'null',
              'https://evil.example',
              `${s.origin}.evil.example`,
              `${s.origin}:8443`,
              other.origin,
              'file://',
              [s.origin, 'https://evil.example'],
            ]),
          },
          expect: REFUSED,
        });
      if (roll < 0.68) {
        const { origin: _, ...headers } = headersFor('browser', s);
        return {
          category: 'header-abuse',
          method: 'POST',
          path: '/v1/events',
          headers,
          body: JSON.stringify(batch('browser', s, evs)),
          expect: REFUSED,
        };
      }
      if (roll < 0.84)
        return valid('header-abuse', rt, evs, {
          s,
          headers:
            rt === 'browser'
              ? r.pick<Headers>([
                  { 'user-agent': '' },
                  { 'user-agent': 'curl/8.5.0' },
                  {
                    'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
                  },
                  {
                    'user-agent':
                      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
                  },
                  { 'sec-ch-ua': '"HeadlessChrome";v="131", "Chromium";v="131"' },
                ])
              : {},
          expect: rt === 'browser' ? { kind: 'dropped', events: evs.length } : accepted(evs.length),
        });
      // Everything about the request is plausible but its body, which is no JSON: nothing may be accepted.
      return request(
        'header-abuse',
        rt,
        Buffer.from([0x1f, 0x8b, 0x08, 0x00, r.int(256), r.int(256)]),
        REFUSED,
        {
          s,
          headers: {
            'content-type': r.pick(HEADER_INJECTIONS.map((h) => `text/plain; charset=${h}`)),
            'content-encoding': r.pick(['gzip', 'br', 'deflate, gzip', 'x-unknown']),
            host: r.pick(['evil.example', 'localhost:1', 'a'.repeat(300)]),
            'if-none-match': '*',
            range: 'bytes=0-1,2-3',
          },
        },
      );
    },

    'wrong-methods': () => {
      const s = site();
      const method = r.pick([
        'GET',
        'PUT',
        'DELETE',
        'PATCH',
        'OPTIONS',
        'TRACE',
        'QUERY',
        'PROPFIND',
        'SEARCH',
        'FOO',
        'HEAD',
      ]);
      const withBody = !['GET', 'HEAD', 'TRACE'].includes(method);
      return {
        category: 'wrong-methods',
        method,
        path: r.pick(['/v1/events', '/v1/events/server', '/healthz', '/sdk.js', '/metrics']),
        headers: {
          ...headersFor('server', s),
          origin: s.origin,
          ...(method === 'OPTIONS' ? { 'access-control-request-method': r.pick(['POST', 'PUT', 'X']) } : {}),
        },
        ...(withBody ? { body: JSON.stringify(batch('browser', s, events())) } : {}),
        expect: UNHARMED,
        // Node's parser closes the connection after refusing a method it does not know.
        mayClose: ['PROPFIND', 'SEARCH', 'FOO', 'QUERY'].includes(method),
      };
    },

    'random-paths': () => {
      const s = site();
      const seg = () => encodeAny(r.pick(HOSTILE_STRINGS)) || 'x';
      const path = r.pick([
        () => `/v1/events/${seg()}`,
        () => `/v1/${seg()}`,
        () => `/${seg()}/${seg()}`,
        () => '/v1/events/',
        () => '/v1//events',
        () => '/V1/EVENTS',
        () => '/./v1/events',
        () => '/v1/events/server/../server',
        () => '/v1/events%00',
        () => '/%2e%2e/%2e%2e/etc/passwd',
        () => `/${'a'.repeat(1 + r.int(6000))}`,
        () => `/healthz?${seg()}=${seg()}`,
        () => `/sdk.js?v=${seg()}`,
        () => `/metrics?name[]=${seg()}`,
        () => `/v1/events${encodeAny(r.pick(ODD_STRINGS))}x`,
      ])();
      const method = r.pick(['GET', 'POST', 'POST', 'PUT']);
      return {
        category: 'random-paths',
        method,
        path,
        headers: headersFor('browser', s),
        ...(method === 'GET' ? {} : { body: JSON.stringify(batch('browser', s, events())) }),
        expect: UNHARMED,
      };
    },
  };

  const categories = Object.entries(COLLECTOR_WEIGHTS) as [Category, number][];
  const total = categories.reduce((a, [, w]) => a + w, 0);
  for (;;) {
    let roll = r.next() * total;
    let category = categories[0]?.[0] as Category;
    for (const [c, w] of categories) {
      category = c;
      roll -= w;
      if (roll < 0) break;
    }
    yield generators[category]();
  }
}

function isCanonical(e: unknown): boolean {
  return canonicalEvent.safeParse(e).success;
}
