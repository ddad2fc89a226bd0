/*
 * Hostile requests for the api, generated from its OpenAPI document: every operation, every path and query
 * parameter, and the headers around them. The expected status follows from the document and the key alone:
 * 404 when a path parameter is longer than the router takes, 401 without a valid key, 400 for a value its schema
 * refuses (or an unknown query parameter where the operation declares its own, or a period its rules refuse),
 * 404 for an unknown city or service, 403 for a city the key may not read (realtime: only the city itself and
 * admins); for an answer another party reads, 400 API_PERIOD_NOT_PUBLISHED unless the period is one closed
 * calendar period, 400 API_INTERVAL_NOT_PUBLISHED unless the series' buckets are whole calendar periods; else 200.
 */

import type { Random } from '@godonu/infra/seeded-random';
import {
  type CalendarPeriod,
  calendarPeriod,
  calendarPeriodOf,
  firstOpenDay,
  latestClosed,
  openPeriods,
  parseCalendarPeriod,
  subPeriods,
} from '../support/disclosure.ts';
import {
  type Category,
  type Expectation,
  type HostileRequest,
  REFUSED,
  UNHARMED,
} from './hostile-request.ts';
import { encodeAny, HEADER_INJECTIONS, HOSTILE_STRINGS, INJECTIONS, INVALID_UTF8 } from './hostile-values.ts';
import { fillPath, isValidValue, type Operation, type Param } from './openapi-operations.ts';

export interface ApiKey {
  key: string;
  role: 'city' | 'consortium' | 'admin';
  city: string | null;
}

export interface ApiCasesOptions {
  operations: readonly Operation[];
  keys: readonly ApiKey[];
  /** Every configured city and whether it is named in comparisons. */
  cities: ReadonlyMap<string, { named: boolean }>;
  services: readonly string[];
  /**
   * Closed periods (their answers are cached, so that served requests stay cheap). Those that are a calendar
   * period are also sent as `period=`, besides the closed calendar periods of CALENDAR_PERIODS.
   */
  periods: readonly { from: string; to: string }[];
}

/** Closed calendar periods of each kind besides those of `periods`, sent as `period=` or as equal from/to. */
const CALENDAR_PERIODS = ['2025-W10', '2025-02', '2025-Q1', '2025'];
/** How often a request asks for a period that holds today: published views refuse it, the own city reads it. */
const OPEN_PERIOD_CHANCE = 0.03;
const MAX_PERIOD_DAYS = 366;
const MAX_HOURLY_DAYS = 31;
const DAY_MS = 86_400_000;

interface PeriodChoice {
  from: string;
  to: string;
  /** The calendar period it is, if any. */
  calendar: CalendarPeriod | null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

export const API_WEIGHTS: Record<Category, number> = {
  valid: 0.04,
  'wrong-types': 0.2,
  'huge-bodies': 0.01,
  'deep-nesting': 0.04,
  'invalid-utf8': 0.09,
  injection: 0.28,
  'header-abuse': 0.16,
  'wrong-methods': 0.08,
  'random-paths': 0.1,
};

/** Fastify's router matches a path parameter of at most this many characters (as sent, percent-encoded). */
const MAX_PARAM_LENGTH = 100;

/** Files a traversal must never reach; none of these strings is in the api's own answers. */
const OUTSIDE_WEB_ROOT = ['"name": "godonu"', '"name": "@godonu/api"', 'root:x:0:0', 'CLICKHOUSE_URL'];

const WRONG_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '101',
  '1e3',
  '1e309',
  'NaN',
  'true',
  'null',
  '[]',
  '{}',
  '２',
  'GIESSEN',
  'a',
  'x'.repeat(40),
  '1giessen',
  '1'.repeat(13),
  '1'.repeat(15),
  'x'.repeat(14),
  '2025-02-30',
  '2025-13-01',
  '1999-12-31',
  '2100-01-01',
  '2025-1-1',
  '20250101',
  '2025-01-01T00:00:00Z',
  'JSON',
  'csv ',
  // Periods as the pattern has them that are no calendar period: 2025 has 52 ISO weeks.
  '2025-W53',
  '2025-W00',
  '2025-13',
  '2025-00',
  '2025-Q5',
  '2025-Q0',
  '1999',
  '2100-Q1',
] as const;

interface Draft {
  op: Operation;
  /** Raw values (before encoding); an array sends the query parameter once per value. */
  values: Record<string, string | string[]>;
  /** Query parameters the operation does not declare. */
  extra: Record<string, string>;
  key: ApiKey | undefined;
  /** Values whose bytes are not UTF-8 once decoded: percent-encoded as given, and never valid. */
  rawEncoded: Record<string, string>;
}

/** What the api must answer: a status, and for the refusals of the disclosure layer also its error code. */
interface Answer {
  status: number;
  error?: 'API_PERIOD_NOT_PUBLISHED' | 'API_INTERVAL_NOT_PUBLISHED';
}

type Values = Draft['values'];

/**
 * Whether the schema's rules across parameters refuse the period (400 API_BAD_REQUEST): a `period` that is no
 * calendar period or disagrees with `from`/`to`, a range of more than 366 days or backwards, an hourly series
 * over more than 31 days. Every value is valid on its own here.
 */
function refusedPeriod(values: Values): boolean {
  const { period, from, to, interval } = values as Record<string, string | undefined>;
  let span = from !== undefined && to !== undefined ? { from, to } : null;
  if (period !== undefined) {
    const calendar = parseCalendarPeriod(period);
    if (!calendar) return true;
    if ((from ?? calendar.from) !== calendar.from || (to ?? calendar.to) !== calendar.to) return true;
    span = calendar;
  }
  if (from !== undefined && to !== undefined) {
    const days = daysBetween(from, to);
    if (days < 1 || days > MAX_PERIOD_DAYS) return true;
  }
  return interval === 'hour' && span !== null && daysBetween(span.from, span.to) > MAX_HOURLY_DAYS;
}

/**
 * An answer another party reads (the consortium's city reports, every comparison and the catalog for all but
 * admins) covers one closed calendar period (see firstOpenDay), the last closed month by default, and its series
 * buckets are whole calendar periods.
 */
function publishedRefusal(
  values: Values,
  days: { firstOpen: string; lastClosedMonth: string },
): Answer | null {
  const { period, from, to, interval } = values as Record<string, string | undefined>;
  const calendar =
    period !== undefined
      ? parseCalendarPeriod(period)
      : from !== undefined && to !== undefined
        ? calendarPeriodOf(from, to)
        : from === undefined && to === undefined
          ? parseCalendarPeriod(days.lastClosedMonth)
          : null;
  if (!calendar || calendar.to >= days.firstOpen) return { status: 400, error: 'API_PERIOD_NOT_PUBLISHED' };
  if (
    interval !== undefined &&
    !((interval === 'week' || interval === 'month') && subPeriods(calendar, interval))
  )
    return { status: 400, error: 'API_INTERVAL_NOT_PUBLISHED' };
  return null;
}

export function* apiCases(r: Random, o: ApiCasesOptions): Generator<HostileRequest> {
  const cityKeys = [...o.cities.keys()];
  const seg404 = () => `no-such-route-${r.int(1000)}`;
  const days = { firstOpen: firstOpenDay(), lastClosedMonth: latestClosed().month };
  const ofCalendar = (calendar: CalendarPeriod): PeriodChoice => ({
    from: calendar.from,
    to: calendar.to,
    calendar,
  });
  const closed: PeriodChoice[] = [
    ...o.periods.map((p) => ({ ...p, calendar: calendarPeriodOf(p.from, p.to) })),
    ...CALENDAR_PERIODS.map((label) => ofCalendar(calendarPeriod(label))),
  ];
  const open = Object.values(openPeriods()).map((label) => ofCalendar(calendarPeriod(label)));
  const pickPeriod = () => (r.chance(OPEN_PERIOD_CHANCE) ? r.pick(open) : r.pick(closed));
  const paramValue = (p: Param, period: PeriodChoice): string => {
    if (p.name === 'city') return r.pick(cityKeys);
    if (p.name === 'service') return r.pick(o.services);
    if (p.name === 'from' || p.name === 'to') return period[p.name];
    if (p.name === 'period') return (period.calendar ?? calendarPeriod(CALENDAR_PERIODS[0] as string)).label;
    // An open-data release's month (this warehouse holds no release: 404).
    if (p.name === 'month') return r.pick(['2025-01', '2025-02']);
    if (p.schema.enum) return r.pick(p.schema.enum);
    // Few distinct values, so that the api's cache answers most served requests.
    if (p.schema.type === 'integer') return r.pick(['1', '10', String(p.schema.maximum ?? 100)]);
    throw new Error(`no valid value known for parameter ${p.name}`);
  };

  /**
   * A valid request for an operation, with a random one of the valid keys. Realtime reads the raw events on every
   * request (nothing to cache), so it comes up a quarter as often as the others.
   */
  const draft = (): Draft => {
    let op = r.pick(o.operations);
    if (op.path.endsWith('/realtime') && r.chance(0.75)) op = r.pick(o.operations);
    const period = pickPeriod();
    const values: Record<string, string | string[]> = {};
    const declares = (name: string) => op.params.some((p) => p.in === 'query' && p.name === name);
    for (const p of op.params) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      if (p.name === 'period' || p.name === 'from' || p.name === 'to') continue;
      // Optional parameters come and go; the period is always given, mostly closed, so that answers are cached.
      if (p.required || r.chance(0.5)) values[p.name] = paramValue(p, period);
    }
    // A calendar period by name half of the time, then with or without the same days as from/to.
    const byName = declares('period') && period.calendar !== null && r.chance(0.5);
    if (byName && period.calendar) values.period = period.calendar.label;
    if (declares('from') && (!byName || r.chance(0.5))) {
      values.from = period.from;
      values.to = period.to;
    }
    return { op, values, extra: {}, key: r.pick(o.keys), rawEncoded: {} };
  };

  /** Whether the answer is for another party than the city itself or an admin (see publishedRefusal). */
  const published = (d: Draft): boolean => {
    const k = d.key;
    if (!k || k.role === 'admin' || !d.op.params.some((p) => p.name === 'period')) return false;
    return d.op.params.some((p) => p.in === 'path' && p.name === 'city') ? k.role === 'consortium' : true;
  };

  const expectedStatus = (d: Draft): number => {
    const params = d.op.params.filter((p) => p.in === 'path' || p.in === 'query');
    for (const p of params.filter((q) => q.in === 'path')) {
      const sent = d.rawEncoded[p.name] ?? encodeAny(String(d.values[p.name]));
      if (sent.length > MAX_PARAM_LENGTH) return 404;
    }
    if (d.op.secured && !d.key) return 401;
    const declaresQuery = params.some((p) => p.in === 'query');
    if (declaresQuery && Object.keys(d.extra).length > 0) return 400;
    for (const p of params) {
      if (d.rawEncoded[p.name] !== undefined) return 400;
      const value = d.values[p.name];
      if (value === undefined ? p.required : !isValidValue(p.schema, value)) return 400;
    }
    if (refusedPeriod(d.values)) return 400;
    // The audit log and data quality are for admins; open data needs no key, and this warehouse holds no release.
    if ((d.op.path === '/v1/audit-log' || d.op.path === '/v1/quality') && d.key?.role !== 'admin') return 403;
    if (d.op.path.startsWith('/open-data/releases/')) return 404;
    // The statutory reports are a city's own exact numbers: its team and admins; the all-cities file not for teams.
    const statutory = d.op.tags.includes('statutory');
    if (statutory && d.op.path === '/v1/zsk' && d.key?.role === 'city') return 403;
    const city = d.values.city as string | undefined;
    if (city !== undefined) {
      const known = o.cities.get(city);
      if (!known) return 404;
      const k = d.key as ApiKey;
      const realtime = d.op.path.endsWith('/realtime');
      const own = k.role === 'admin' || (k.role === 'city' && k.city === city);
      // Of a named city, the consortium reads the published reports and every key the shared annotations.
      const others =
        known.named &&
        (d.op.tags.includes('annotations') || (k.role === 'consortium' && !realtime && !statutory));
      if (!own && !others) return 403;
    }
    const service = d.values.service as string | undefined;
    if (service !== undefined && !o.services.includes(service)) return 404;
    return 200;
  };

  /** The status as above; a request that passes it and is published must still meet the period rules. */
  const expected = (d: Draft): Answer => {
    const status = expectedStatus(d);
    if (status !== 200 || !published(d)) return { status };
    return publishedRefusal(d.values, days) ?? { status };
  };

  const toRequest = (
    category: Category,
    d: Draft,
    opts: { method?: string; headers?: Record<string, string | string[]>; expect?: Expectation } = {},
  ): HostileRequest => {
    const pathValues: Record<string, string> = {};
    const query: string[] = [];
    for (const p of d.op.params) {
      const value = d.values[p.name];
      const raw = d.rawEncoded[p.name];
      if (p.in === 'path') pathValues[p.name] = raw ?? encodeAny(String(value));
      else if (raw !== undefined) query.push(`${p.name}=${raw}`);
      else if (value !== undefined)
        for (const v of [value].flat()) query.push(`${encodeAny(p.name)}=${encodeAny(v)}`);
    }
    for (const [name, value] of Object.entries(d.extra)) query.push(`${encodeAny(name)}=${encodeAny(value)}`);
    const path = fillPath(d.op.path, pathValues) + (query.length > 0 ? `?${query.join('&')}` : '');
    return {
      category,
      method: opts.method ?? 'GET',
      path,
      headers: { ...(d.key ? { authorization: `Bearer ${d.key.key}` } : {}), ...opts.headers },
      expect: opts.expect ?? statusExpectation(expected(d), opts.method ?? 'GET'),
    };
  };

  /**
   * A body sent with a method the path serves besides GET (the annotations' POST), made for no operation: 404 for
   * a path parameter longer than the router takes, 401 without a key, 413 over the api's 1 MiB body limit, else 400
   * (it is not the body the route takes; the role is looked at only after the body is valid).
   */
  const bodyRefusal = (d: Draft, huge: boolean): Expectation => {
    for (const p of d.op.params.filter((q) => q.in === 'path')) {
      if (encodeAny(String(d.values[p.name])).length > MAX_PARAM_LENGTH)
        return { kind: 'status', status: 404 };
    }
    if (d.op.secured && !d.key) return { kind: 'status', status: 401 };
    return { kind: 'status', status: huge ? 413 : 400 };
  };
  /** The answer to a body-taking method on the draft's path: 405 unless the path serves it. */
  const methodWithBody = (d: Draft, method: string, huge: boolean): Expectation =>
    d.op.methods.includes(method) ? bodyRefusal(d, huge) : { kind: 'status', status: 405 };

  /** Replaces one path or query parameter (or adds an undeclared one) by `value`. */
  const spoil = (d: Draft, value: string): Draft => {
    const params = d.op.params.filter((p) => p.in === 'path' || p.in === 'query');
    if (params.length === 0 || r.chance(0.1))
      d.extra[r.pick(['x', 'from[a]', 'limit ', '__proto__', value.length < 200 ? value || 'y' : 'z'])] =
        value;
    else d.values[r.pick(params).name] = value;
    return d;
  };

  const generators: Record<Category, () => HostileRequest> = {
    valid: () => toRequest('valid', draft()),

    'wrong-types': () => {
      const d = draft();
      const roll = r.next();
      if (roll < 0.15) {
        const p = d.op.params.find((q) => q.in === 'query');
        if (p) d.values[p.name] = [paramValue(p, pickPeriod()), r.pick(WRONG_VALUES)];
        return toRequest('wrong-types', d);
      }
      if (roll < 0.25) {
        const required = d.op.params.find((q) => q.in === 'query' && q.required);
        if (required) delete d.values[required.name];
        return toRequest('wrong-types', d);
      }
      return toRequest('wrong-types', spoil(d, r.pick(WRONG_VALUES)));
    },

    injection: () => {
      const d = draft();
      const inj = r.pick(INJECTIONS);
      const roll = r.next();
      if (roll < 0.75) return toRequest('injection', spoil(d, inj));
      const header = r.pick(HEADER_INJECTIONS);
      if (roll < 0.85) {
        d.key = undefined;
        return toRequest('injection', d, {
          headers: { authorization: r.pick([`Bearer ${header}`, header]) },
        });
      }
      return toRequest('injection', d, {
        headers: {
          [r.pick([
            'x-forwarded-for',
            'referer',
            'accept-language',
            'cookie',
            'origin',
            'x-request-id',
            'user-agent',
          ])]: header,
        },
      });
    },

    'header-abuse': () => {
      const d = draft();
      const roll = r.next();
      if (roll < 0.08)
        return {
          ...toRequest('header-abuse', d, {
            headers: { 'x-junk': 'h'.repeat(17_000 + r.int(20_000)) },
            expect: REFUSED,
          }),
          mayClose: true,
        };
      if (roll < 0.35) {
        const valid = d.key?.key ?? (o.keys[0] as ApiKey).key;
        const bad = r.pick([
          'Bearer',
          'Bearer ',
          `Bearer  ${valid}`,
          `bearer ${valid}x`,
          `Bearer ${valid} x`,
          `Bearer ${valid.slice(0, -1)}`,
          `Bearer ${valid.replace(/_[^_]+$/, '_')}`,
          `Bearer gdk_00000000_${'A'.repeat(43)}`,
          `Bearer ${'k'.repeat(5000)}`,
          `Basic ${Buffer.from(`admin:${valid}`).toString('base64')}`,
          valid,
          `Token ${valid}`,
        ]);
        d.key = undefined;
        // Node keeps the first of duplicate Authorization headers: a bad one first is a bad key.
        return toRequest('header-abuse', d, {
          headers: { authorization: r.chance(0.2) ? [bad, `Bearer ${valid}`] : bad },
        });
      }
      return toRequest('header-abuse', d, {
        headers: r.pick<Record<string, string | string[]>>([
          { accept: 'text/csv' },
          {
            accept: r.pick([
              '*/*;q=abc',
              'text/csv, application/json',
              'application/xml',
              ',,,;;;',
              'x'.repeat(4000),
            ]),
          },
          {
            'x-forwarded-for': r.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']),
            forwarded: 'for=evil;proto=gopher',
          },
          {
            origin: r.pick(['https://evil.example', 'null', 'file://']),
            'access-control-request-method': 'DELETE',
          },
          { host: r.pick(['evil.example', 'localhost:1', 'a'.repeat(300)]) },
          { cookie: `session=${'c'.repeat(8000)}` },
          { 'if-none-match': '*', 'if-modified-since': 'yesterday', range: 'bytes=0-1,5-9' },
          { 'content-type': r.pick(['application/json', 'text/csv', ';;;', 'multipart/form-data']) },
          { 'accept-encoding': r.pick(['br;q=abc', 'gzip;q=0, *;q=0', 'x'.repeat(200)]) },
          { 'x-http-method-override': 'DELETE', 'x-original-url': '/admin', 'x-rewrite-url': '/v1/me' },
          Object.fromEntries(Array.from({ length: 50 + r.int(300) }, (_, i) => [`x-h-${i}`, 'v'])),
          { 'accept-language': ['de', 'en', 'xx'], 'x-dup': ['a', 'b'] },
        ]),
      });
    },

    'wrong-methods': () => {
      const d = draft();
      const method = r.pick([
        'POST',
        'PUT',
        'DELETE',
        'PATCH',
        'OPTIONS',
        'TRACE',
        'PROPFIND',
        'SEARCH',
        'HEAD',
        'FOO',
        'QUERY',
      ]);
      if (method === 'HEAD') return toRequest('wrong-methods', d, { method });
      // Methods Fastify serves get 405 and Allow (unless the path serves them too); others are refused by Node's
      // parser or by Fastify's router.
      const expect: Expectation = FASTIFY_METHODS.has(method) ? methodWithBody(d, method, false) : REFUSED;
      // Node's parser closes the connection after refusing a method it does not know.
      const mayClose = !FASTIFY_METHODS.has(method);
      if (method === 'TRACE') return toRequest('wrong-methods', d, { method, expect });
      return {
        ...toRequest('wrong-methods', d, { method, expect, headers: { 'content-type': 'application/json' } }),
        body: '{"a":1}',
        mayClose,
      };
    },

    'random-paths': (): HostileRequest => {
      const seg = () => encodeAny(r.pick(HOSTILE_STRINGS)) || 'x';
      if (r.chance(0.3))
        return {
          category: 'random-paths',
          method: 'GET',
          path: r.pick([
            '/..%2f..%2fpackage.json',
            '/%2e%2e/%2e%2e/package.json',
            '/..%2f..%2f..%2f..%2fetc%2fpasswd',
            '/src/..%2f..%2f..%2fpackage.json',
            '/docs/static/..%2f..%2f..%2f..%2fpackage.json',
            '/%2e%2e%2f%2e%2e%2f.env',
            '/.env',
            '/.git/config',
            '/..\\..\\package.json',
            '/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
          ]),
          headers: {},
          expect: REFUSED,
          mustNotContain: OUTSIDE_WEB_ROOT,
        };
      return {
        category: 'random-paths',
        method: r.pick(['GET', 'GET', 'POST', 'DELETE']),
        path: r.pick([
          () => `/v1/${seg()}`,
          () => `/v1/cities/${seg()}/${seg()}`,
          () => `/v2/cities/giessen/report`,
          () => `/${seg()}/${seg()}/${seg()}`,
          () => `/docs/${seg()}`,
          () => `/openapi.json?${seg()}=${seg()}`,
          () => `/metrics?${seg()}`,
          () => `/${'a'.repeat(1 + r.int(6000))}`,
          () => '/v1//me',
          () => '/V1/ME',
          () => '/v1/me/',
          () => '/v1/me%00',
          () => '/admin',
        ])(),
        headers: { authorization: `Bearer ${(o.keys[0] as ApiKey).key}` },
        expect: UNHARMED,
        mustNotContain: OUTSIDE_WEB_ROOT,
      };
    },

    'deep-nesting': () => {
      const d = draft();
      // Percent-encoded, a bracket takes three bytes: 2,000 pairs stay below Node's 16 KiB for the request head.
      const depth = 100 + r.int(1900);
      const roll = r.next();
      if (roll < 0.4) return toRequest('deep-nesting', spoil(d, `${'['.repeat(depth)}${']'.repeat(depth)}`));
      if (roll < 0.6) {
        d.extra[`from${'[a]'.repeat(depth / 10)}`] = '1';
        return toRequest('deep-nesting', d);
      }
      const body = `${'{"a":'.repeat(depth * 5)}1${'}'.repeat(depth * 5)}`;
      if (roll < 0.8)
        return {
          ...toRequest('deep-nesting', d, {
            method: 'POST',
            expect: methodWithBody(d, 'POST', false),
            headers: { 'content-type': 'application/json' },
          }),
          body,
        };
      return {
        category: 'deep-nesting',
        method: 'POST',
        path: `/v1/${seg404()}`,
        headers: { 'content-type': 'application/json' },
        body,
        expect: REFUSED,
      };
    },

    'invalid-utf8': () => {
      const d = draft();
      const bad = [...r.pick(INVALID_UTF8)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
      const roll = r.next();
      const params = d.op.params.filter((p) => p.in === 'path' || p.in === 'query');
      if (roll < 0.6 && params.length > 0) {
        const p = r.pick(params);
        d.rawEncoded[p.name] = `${r.pick(['', 'giessen', '2025-01-'])}${bad}`;
        // A path parameter that cannot be decoded is refused by the router, before the key is looked at.
        return toRequest('invalid-utf8', d, p.in === 'path' ? { expect: REFUSED } : {});
      }
      const latin1 = Buffer.from(bad.replaceAll('%', ''), 'hex').toString('latin1');
      if (roll < 0.8) {
        d.key = undefined;
        return toRequest('invalid-utf8', d, { headers: { authorization: `Bearer ${latin1}` } });
      }
      return toRequest('invalid-utf8', d, { headers: { 'accept-language': latin1, 'x-request-id': latin1 } });
    },

    'huge-bodies': () => {
      const d = draft();
      const roll = r.next();
      if (roll < 0.4) {
        const method = r.pick(['POST', 'PUT']);
        return {
          ...toRequest('huge-bodies', d, {
            method,
            expect: methodWithBody(d, method, true),
            headers: { 'content-type': 'application/json' },
          }),
          body: HUGE_BODY,
          mayClose: true,
        };
      }
      if (roll < 0.7)
        return {
          category: 'huge-bodies',
          method: 'POST',
          path: `/v1/${seg404()}`,
          headers: { 'content-type': 'application/json' },
          body: HUGE_BODY,
          expect: REFUSED,
          mayClose: true,
        };
      // A GET with a body: the body means nothing, the answer is the GET's.
      return { ...toRequest('huge-bodies', d), body: HUGE_BODY.subarray(0, 300_000), mayClose: true };
    },
  };

  const categories = Object.entries(API_WEIGHTS) as [Category, number][];
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

/** A HEAD answer has no body to read an error code from. */
function statusExpectation(answer: Answer, method: string): Expectation {
  return answer.error === undefined || method === 'HEAD'
    ? { kind: 'status', status: answer.status }
    : { kind: 'status', status: answer.status, error: answer.error };
}

/** Fastify's methods besides GET and HEAD; WebDAV's and unknown ones are not among them. */
const FASTIFY_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']);

/** Over the api's 1 MiB body limit. */
const HUGE_BODY = Buffer.from(`{"a":"${'x'.repeat(1_200_000)}"}`);
