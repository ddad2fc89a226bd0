/*
 * No key reads another city's detail, on every route the api's OpenAPI document lists (a new route is covered as
 * soon as it is documented), in every format it offers (JSON, each CSV table, `Accept: text/csv`), against the
 * running api over real traffic. Every city's page carries a marker naming it: an answer that shows a marker
 * other than its own city's has leaked that city's detail.
 *
 * api/src/auth/authorization.int.test.ts checks the role rules in-process on fixed URLs; here they are checked
 * on the served process and its document, with the bodies of refusals and of comparisons read for leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import { seedCities, withIngestKeys } from './city-traffic.ts';
import { fetchOperations, fillPath, type Operation, pathParamNames } from './openapi-operations.ts';

/** Visitors per city: above and below k (10), and Limburg, which opted out of being named in comparisons. */
const VISITORS = { offenbach: 10, giessen: 12, marburg: 10, fulda: 11, wetzlar: 3, limburg: 12 } as const;
const SMALL_CITY = 'wetzlar';
const FORBIDDEN_BODY = { error: 'API_FORBIDDEN', message: 'this API key may not read this resource' };

type Holder = 'admin' | 'consortium' | `city:${string}`;

interface Variant {
  label: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

let p: Pipeline;
let operations: Operation[];
let markers: Record<string, string>;
let service: string;
const keys = new Map<Holder, string>();

beforeAll(async () => {
  p = await startPipeline({ sites: withIngestKeys });
  service = p.sites.services[0]?.key as string;
  markers = await seedCities(
    { collectorUrl: p.services.collector.url, clickhouse: p.clickhouse, service },
    VISITORS,
  );
  keys.set('admin', await p.apiKey('admin'));
  keys.set('consortium', await p.apiKey('consortium'));
  for (const city of p.sites.cities) keys.set(`city:${city.key}`, await p.apiKey('city', city.key));
  operations = (await fetchOperations(p.services.api.url)).filter((op) => op.secured);
});
afterAll(async () => {
  await p?.stop();
});

/** The documented rule: admins read every city in full, a city team its own, the consortium every named city. */
function expectedAccess(holder: Holder, city: string): 'full' | 'published' | 403 {
  if (holder === 'admin') return 'full';
  if (holder === 'consortium')
    return p.sites.cities.find((c) => c.key === city)?.namedInComparisons ? 'published' : 403;
  return holder === `city:${city}` ? 'full' : 403;
}

/** JSON, the same as CSV by `Accept`, and each CSV table the operation offers (`all` false: the first only). */
function variants(op: Operation, all: boolean): Variant[] {
  const query: Record<string, string> = {};
  for (const param of op.params) {
    if (param.in === 'query' && param.required) query[param.name] = param.schema.enum?.[0] ?? '1';
  }
  const out: Variant[] = [
    { label: 'json', query, headers: {} },
    { label: 'Accept: text/csv', query, headers: { accept: 'text/csv' } },
  ];
  if (op.params.some((q) => q.name === 'format')) {
    const tables = op.params.find((q) => q.name === 'table')?.schema.enum ?? [''];
    for (const table of all ? tables : tables.slice(0, 1)) {
      out.push({
        label: `csv ${table}`.trim(),
        query: { ...query, format: 'csv', ...(table ? { table } : {}) },
        headers: {},
      });
    }
  }
  return out;
}

async function get(op: Operation, pathValues: Record<string, string>, v: Variant, holder: Holder) {
  const qs = new URLSearchParams(v.query).toString();
  const url = `${p.services.api.url}${fillPath(op.path, pathValues)}${qs ? `?${qs}` : ''}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${keys.get(holder)}`, ...v.headers } });
  return { url, status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

function eachHolder(check: (holder: Holder) => Promise<void>): Promise<unknown> {
  return Promise.all([...keys.keys()].map(check));
}

function markersIn(body: string): string[] {
  return Object.entries(markers)
    .filter(([, marker]) => body.includes(marker))
    .map(([city]) => city);
}

describe('city detail on every documented route, for every key', () => {
  it('is refused (403, no data) to every key but the city, admins and, for named cities, the consortium', {
    timeout: 180_000,
  }, async () => {
    const detail = operations.filter((op) => pathParamNames(op.path).includes('city'));
    expect(detail.length, 'documented routes with a city in the path').toBeGreaterThanOrEqual(3);
    const seen = { refused: 0, served: 0, shownOwnMarker: new Set<string>() };
    // One key's requests after another, the keys side by side.
    await eachHolder(async (holder) => {
      for (const op of detail) {
        for (const city of Object.keys(VISITORS)) {
          const want = expectedAccess(holder, city);
          for (const v of variants(op, want === 403)) {
            const res = await get(op, { city, service }, v, holder);
            const where = `${holder} ${res.url} (${v.label})`;
            if (want === 403) {
              expect([where, res.status, res.type, JSON.parse(res.body)]).toEqual([
                where,
                403,
                'application/json; charset=utf-8',
                { ...FORBIDDEN_BODY, details: { city } },
              ]);
              seen.refused++;
              continue;
            }
            expect([where, res.status]).toEqual([where, 200]);
            if (v.label === 'json') expect([where, JSON.parse(res.body).access]).toEqual([where, want]);
            else expect([where, res.type]).toEqual([where, 'text/csv; charset=utf-8']);
            // An answer about one city shows no other city's pages.
            const shown = markersIn(res.body);
            expect([where, shown.filter((c) => c !== city)]).toEqual([where, []]);
            if (shown.includes(city)) seen.shownOwnMarker.add(city);
            seen.served++;
          }
        }
      }
    });
    console.log(
      `${detail.length} detail routes (${detail.map((op) => op.path).join(', ')}): ${seen.refused} refusals, ${seen.served} answers; cities whose own pages were shown: ${[...seen.shownOwnMarker].sort().join(', ')}`,
    );
    // The markers are there to be found: each city's pages were shown to those who may read them.
    expect([...seen.shownOwnMarker].sort()).toEqual(Object.keys(VISITORS).sort());
  });

  it("is never in an answer of the routes without a city: other cities' small cells and an opted-out city's name stay hidden", {
    timeout: 180_000,
  }, async () => {
    const shared = operations.filter((op) => !pathParamNames(op.path).includes('city'));
    const optedOut = p.sites.cities.filter((c) => !c.namedInComparisons);
    expect(optedOut.map((c) => c.key)).toEqual(['limburg']);
    let checked = 0;
    await eachHolder(async (holder) => {
      for (const op of shared) {
        for (const v of variants(op, true)) {
          const res = await get(op, { service }, v, holder);
          const where = `${holder} ${res.url} (${v.label})`;
          expect([where, res.status]).toEqual([where, 200]);
          expect([where, markersIn(res.body)]).toEqual([where, []]);
          if (op.tags.includes('comparison')) {
            for (const city of optedOut) {
              const mayName = holder === 'admin' || holder === `city:${city.key}`;
              expect([where, city.key, res.body.includes(city.name) || res.body.includes(city.key)]).toEqual([
                where,
                city.key,
                mayName,
              ]);
            }
            if (v.label === 'json')
              expect(smallCityCells(JSON.parse(res.body)), where).toEqual(smallCityExpected(holder));
          }
          checked++;
        }
      }
    });
    console.log(
      `${shared.length} routes without a city (${shared.map((op) => op.path).join(', ')}): ${checked} answers`,
    );
  });

  it('lists for every key which cities it may read, as the roles say', async () => {
    const op = operations.find((o) => o.path === '/v1/cities') as Operation;
    for (const holder of keys.keys()) {
      const res = await get(op, {}, { label: 'json', query: {}, headers: {} }, holder);
      const detail = Object.fromEntries(
        (JSON.parse(res.body).cities as { key: string; detail: string }[]).map((c) => [c.key, c.detail]),
      );
      const want = Object.fromEntries(
        Object.keys(VISITORS).map((city) => {
          const access = expectedAccess(holder, city);
          return [city, access === 403 ? 'forbidden' : access];
        }),
      );
      expect([holder, detail]).toEqual([holder, want]);
    }
  });
});

/** The small city's viewer counts as a comparison or matrix answer shows them (status, value). */
function smallCityCells(report: {
  cities: ({ key: string | null } | { city: { key: string | null }; metrics: { viewers: Cell } })[];
  rows?: { service: { key: string }; cells: Cell[] }[];
}): [string, number | null][] {
  if (report.rows) {
    const column = report.cities.findIndex((c) => 'key' in c && c.key === SMALL_CITY);
    const row = report.rows.find((r) => r.service.key === service);
    const cell = row?.cells[column] as Cell;
    return [[cell.status, cell.value]];
  }
  const entry = report.cities.find((c) => 'city' in c && c.city.key === SMALL_CITY) as {
    metrics: { viewers: Cell };
  };
  return [[entry.metrics.viewers.status, entry.metrics.viewers.value]];
}

interface Cell {
  value: number | null;
  status: string;
}

/** Fewer visitors than k: marked so for everyone, the number shown to the city itself and admins only. */
function smallCityExpected(holder: Holder): [string, number | null][] {
  const full = holder === 'admin' || holder === `city:${SMALL_CITY}`;
  return [['below_k', full ? VISITORS[SMALL_CITY] : null]];
}
