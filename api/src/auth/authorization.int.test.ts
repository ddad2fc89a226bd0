/*
 * Every role against every endpoint: who gets 200 (and with which access), 401 or 403. A city key never reads
 * another city's detail; the consortium never reads a city that opted out of being named, nor anyone's realtime
 * view; no key, a malformed, an unknown or a revoked key is 401 everywhere under /v1. The period is the closed
 * week of the fixture, which every role may ask for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  KEY_ROLES,
  type KeyRole,
  startHarness,
} from '../../../tests/support/api-fixture/api.harness.ts';
import { FIXTURE_WEEK, S1 } from '../../../tests/support/api-fixture/journeys.fixture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_authz');
});
afterAll(async () => {
  await h?.close();
});

const P = `period=${FIXTURE_WEEK}`;
const detail = (city: string) => [
  `/v1/cities/${city}/report?${P}`,
  `/v1/cities/${city}/realtime`,
  `/v1/cities/${city}/services/${S1}/funnel?${P}`,
];
const SHARED = [
  '/v1/me',
  '/v1/cities',
  `/v1/services?${P}`,
  `/v1/services/${S1}/comparison?${P}`,
  `/v1/comparison/matrix?${P}&metric=completionRate`,
];
const CITIES = ['offenbach', 'giessen', 'marburg', 'fulda', 'wetzlar', 'limburg'] as const;
const ALL = [...SHARED, ...CITIES.flatMap(detail)];

/** Expected answer of a detail endpoint: 'full', 'published' or 403. */
function expectedDetail(role: KeyRole, city: string, url: string): 'full' | 'published' | 403 {
  if (role === 'admin') return 'full';
  if (role === 'consortium') {
    // A realtime window would show single visitors arriving: the city itself and admins only.
    if (url.includes('/realtime')) return 403;
    return city === 'limburg' ? 403 : 'published';
  }
  return role === city ? 'full' : 403;
}

describe('authorisation', () => {
  it.each(KEY_ROLES)('%s key: shared endpoints 200, detail endpoints by city', async (role) => {
    for (const url of SHARED) expect([url, (await h.get(url, h.keys[role])).statusCode]).toEqual([url, 200]);
    for (const city of CITIES) {
      for (const url of detail(city)) {
        const want = expectedDetail(role, city, url);
        const res = await h.get(url, h.keys[role]);
        if (want === 403) {
          expect([url, res.statusCode, res.json()]).toEqual([
            url,
            403,
            { error: 'API_FORBIDDEN', message: 'this API key may not read this resource', details: { city } },
          ]);
        } else {
          expect([url, res.statusCode, res.json().access]).toEqual([url, 200, want]);
        }
      }
    }
  });

  it('answers 401 for no key, a malformed, an unknown and a revoked key, on every /v1 endpoint', async () => {
    const unknown = `gdk_0123abcd_${'A'.repeat(43)}`;
    const variants: [string, Record<string, string>][] = [
      ['none', {}],
      ['malformed', { authorization: 'Bearer not-a-key' }],
      ['basic', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ['unknown', { authorization: `Bearer ${unknown}` }],
      ['revoked', { authorization: `Bearer ${h.keys.revoked}` }],
    ];
    for (const url of ALL) {
      for (const [name, headers] of variants) {
        const res = await h.get(url, undefined, headers);
        expect([url, name, res.statusCode, res.headers['www-authenticate']]).toEqual([
          url,
          name,
          401,
          'Bearer',
        ]);
        expect(res.json().error).toBe('API_UNAUTHORIZED');
      }
    }
  });

  it('lists a city that opted out of being named only to itself and admins', async () => {
    const listed = async (role: KeyRole) =>
      (await h.get('/v1/cities', h.keys[role]))
        .json()
        .cities.map((c: { key: string; detail: string }) => `${c.key}:${c.detail}`);
    const NAMED = ['offenbach', 'giessen', 'marburg', 'fulda', 'wetzlar'];
    expect(await listed('consortium')).toEqual(NAMED.map((c) => `${c}:published`));
    expect(await listed('giessen')).toEqual(
      NAMED.map((c) => `${c}:${c === 'giessen' ? 'full' : 'forbidden'}`),
    );
    expect(await listed('wetzlar')).toEqual(
      NAMED.map((c) => `${c}:${c === 'wetzlar' ? 'full' : 'forbidden'}`),
    );
    expect(await listed('limburg')).toEqual([...NAMED.map((c) => `${c}:forbidden`), 'limburg:full']);
    expect(await listed('admin')).toEqual([...NAMED, 'limburg'].map((c) => `${c}:full`));
    const limburg = (await h.get('/v1/cities', h.keys.limburg)).json().cities[5];
    expect(limburg).toEqual({
      key: 'limburg',
      name: 'Limburg a.d. Lahn',
      ags: '06533009',
      population: {
        inhabitants: 36_000,
        asOf: '2024-12-31',
        source: 'Destatis GV-ISys, rounded; verify before publishing',
      },
      namedInComparisons: false,
      detail: 'full',
    });
    const csv = await h.get('/v1/cities?format=csv', h.keys.consortium);
    expect(csv.body).not.toContain('limburg');
  });

  it('looks up the city before the key may read it: unknown city 404, unknown service 404', async () => {
    expect((await h.get('/v1/cities/atlantis/report', h.keys.giessen)).json()).toEqual({
      error: 'API_UNKNOWN_CITY',
      message: 'unknown city',
      details: { city: 'atlantis' },
    });
    const unknownService = await h.get('/v1/services/99999999999999/comparison', h.keys.giessen);
    expect([unknownService.statusCode, unknownService.json().error]).toEqual([404, 'API_UNKNOWN_SERVICE']);
    const funnel = await h.get('/v1/cities/giessen/services/99999999999999/funnel', h.keys.giessen);
    expect(funnel.statusCode).toBe(404);
  });

  it('takes a revocation into account on the next request, without restart', async () => {
    const { key, record } = await h.store.create({ role: 'consortium', city: null, label: 'short-lived' });
    expect((await h.get('/v1/me', key)).json()).toEqual({
      keyId: record.id,
      role: 'consortium',
      city: null,
      k: 5,
      disclosure: {
        k: 5,
        epsilonPerCell: 0.5,
        noise: 'discrete Laplace',
        noiseScale: 2,
        noiseStandardDeviation: 2.8,
        periods: 'ISO week, month, quarter, year; closed',
      },
    });
    // The scheme is case-insensitive (RFC 9110 §11.1); the key is not.
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const res = await h.get('/v1/me', undefined, { authorization: `${scheme} ${key}` });
      expect([scheme, res.statusCode]).toEqual([scheme, 200]);
    }
    const flipped = key.replace(/[a-z]/, (c) => c.toUpperCase());
    expect((await h.get('/v1/me', undefined, { authorization: `Bearer ${flipped}` })).statusCode).toBe(401);
    await h.store.revoke(record.id);
    expect((await h.get('/v1/me', key)).statusCode).toBe(401);
    const stored = (await h.store.list()).find((k) => k.id === record.id);
    expect(stored?.revokedAt).not.toBeNull();
    expect(JSON.stringify(await h.store.list())).not.toContain(key);
  });

  it('answers 405 with Allow, without a key, for a method a route does not take', async () => {
    for (const url of ['/v1/me', `/v1/cities/giessen/report?${P}`, '/healthz']) {
      const res = await h.app.inject({ method: 'DELETE', url });
      expect([url, res.statusCode, res.headers.allow, res.json().error]).toEqual([
        url,
        405,
        'GET, HEAD',
        'API_METHOD_NOT_ALLOWED',
      ]);
    }
  });

  it('serves health, metrics, the OpenAPI document and its UI without a key', async () => {
    expect((await h.get('/healthz')).json()).toEqual({ status: 'ok', warehouse: 'up' });
    const metrics = await h.get('/metrics');
    expect(metrics.body).toContain(
      'godonu_api_requests_total{route="/v1/cities/:city/report",method="GET",status="403"}',
    );
    const doc = (await h.get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/open-data/',
      '/open-data/catalog.jsonld',
      '/open-data/index.json',
      '/open-data/releases/{month}.json',
      '/open-data/releases/{month}/{table}.csv',
      '/v1/audit-log',
      '/v1/cities',
      '/v1/cities/{city}/annotations',
      '/v1/cities/{city}/annotations/{id}',
      '/v1/cities/{city}/engagement',
      '/v1/cities/{city}/links',
      '/v1/cities/{city}/offline-cases',
      '/v1/cities/{city}/realtime',
      '/v1/cities/{city}/report',
      '/v1/cities/{city}/sdg/feedback',
      '/v1/cities/{city}/sdg/feedback/pages',
      '/v1/cities/{city}/sdg/statistics',
      '/v1/cities/{city}/sdg/transmissions',
      '/v1/cities/{city}/services/{service}/funnel',
      '/v1/cities/{city}/zsk',
      '/v1/comparison/matrix',
      '/v1/me',
      '/v1/open-data/releases',
      '/v1/quality',
      '/v1/services',
      '/v1/services/{service}/comparison',
      '/v1/zsk',
    ]);
    // The document requires a key everywhere but where none is needed.
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    const publicPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/open-data/'));
    expect(publicPaths.map((p) => doc.paths[p].get.security)).toEqual(publicPaths.map(() => []));
    // A tabular 200 is JSON or a CSV string; errors are JSON only.
    const responses = doc.paths['/v1/cities/{city}/report'].get.responses;
    expect(Object.keys(responses['200'].content)).toEqual(['application/json', 'text/csv']);
    expect(responses['200'].content['text/csv'].schema.type).toBe('string');
    expect(Object.keys(responses['400'].content)).toEqual(['application/json']);
    const interval = doc.paths['/v1/cities/{city}/report'].get.parameters.find(
      (p: { name: string }) => p.name === 'interval',
    );
    expect(interval.schema.enum).toEqual(['hour', 'day', 'week', 'month']);
    const ui = await h.get('/docs/');
    expect([ui.statusCode, ui.body.includes('swagger-ui')]).toEqual([200, true]);
    expect(ui.body).not.toMatch(/https?:\/\/(?!localhost)/);
  });
});
