/*
 * No key reads another city's detail, on every route the api's OpenAPI document lists (a new route is covered as
 * soon as it is documented), in every format it offers (JSON, each CSV table, `Accept: text/csv`), against the
 * running api over real traffic. Every city's page carries a marker naming it: an answer that shows a marker
 * other than its own city's has leaked that city's detail.
 *
 * Whoever is not the city itself or an admin reads through the disclosure layer: one closed calendar period
 * (`period=` the last closed month here), perturbed counts, and no realtime at all. The journeys are sent today
 * and copied into the middle of last month, so that those answers carry real numbers too.
 *
 * api/src/auth/authorization.int.test.ts checks the role rules in-process on fixed URLs; here they are checked
 * on the served process and its document, with the bodies of refusals and of comparisons read for leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarPeriod,
  DEFAULT_K,
  DEMO_SECRET,
  latestClosed,
  publishedDisclosure,
  reportDay,
  serviceCell,
} from '../support/disclosure.ts';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import { copyEventsBack, daysBackToMidMonth, seedCities, withIngestKeys } from './city-traffic.ts';
import { fetchOperations, fillPath, type Operation, pathParamNames } from './openapi-operations.ts';

/** Visitors per city: above and below k (10), and Limburg, which opted out of being named in comparisons. */
const VISITORS = { offenbach: 10, giessen: 12, marburg: 10, fulda: 11, wetzlar: 3, limburg: 12 } as const;
const SMALL_CITY = 'wetzlar';
const OPTED_OUT = 'limburg';
const FORBIDDEN_BODY = { error: 'API_FORBIDDEN', message: 'this API key may not read this resource' };
/** The period of every answer others may read; the pipeline runs in demo mode, its noise keyed by DEMO_SECRET. */
const CLOSED_MONTH = latestClosed().month;
const COUNT_METRICS = ['viewers', 'starters', 'completions'];

type Holder = 'admin' | 'consortium' | `city:${string}`;

interface Variant {
  label: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

interface Cell {
  value: number | null;
  per1000: number | null;
  rank: number | null;
  status: string;
}

interface CityRef {
  key: string | null;
  name: string | null;
  peer: number | null;
  own: boolean;
  inhabitants: number | null;
  populationAsOf: string | null;
  exact: boolean;
}

/** A comparison (cities with their cells) or a matrix (city refs; rows of cells in the same order). */
interface SharedReport {
  disclosure: { perturbed: boolean; calendarPeriod: string | null };
  cities: (CityRef | { city: CityRef; metrics: Record<string, Cell> })[];
  rows?: { service: { key: string }; cells: Cell[] }[];
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
    {
      collectorUrl: p.services.collector.url,
      processorUrl: p.services.processor.url,
      clickhouse: p.clickhouse,
      service,
    },
    VISITORS,
  );
  await copyEventsBack(p.clickhouse, daysBackToMidMonth(calendarPeriod(CLOSED_MONTH), reportDay()));
  keys.set('admin', await p.apiKey('admin'));
  keys.set('consortium', await p.apiKey('consortium'));
  for (const city of p.sites.cities) keys.set(`city:${city.key}`, await p.apiKey('city', city.key));
  operations = (await fetchOperations(p.services.api.url)).filter((op) => op.secured);
});
afterAll(async () => {
  await p?.stop();
});

const isRealtime = (op: Operation) => op.path.endsWith('/realtime');
/** The statutory reports (SDG, ZSK): a city's exact numbers to its own supervisors, in the formats those take. */
const isStatutory = (op: Operation) => op.tags.includes('statutory');
const takesPeriod = (op: Operation) => op.params.some((q) => q.name === 'period');
/** A city's notes: text, not counts; every key reads those the city shared, of the cities it may name. */
const isAnnotations = (op: Operation) => op.tags.includes('annotations');

/**
 * The documented rule: admins read every city in full, a city team its own, the consortium every named city in
 * the published form; realtime and the statutory reports are for the city itself and admins only. A named city's
 * shared annotations every key reads.
 */
function expectedAccess(holder: Holder, city: string, op: Operation): 'full' | 'published' | 'shared' | 403 {
  if (holder === 'admin' || holder === `city:${city}`) return 'full';
  const named = p.sites.cities.find((c) => c.key === city)?.namedInComparisons;
  if (isAnnotations(op)) return named ? 'shared' : 403;
  if (holder !== 'consortium' || isRealtime(op) || isStatutory(op)) return 403;
  return named ? 'published' : 403;
}

/** Whether an answer of a route without a city is published (every key but an admin's). */
function sharedPublished(holder: Holder, op: Operation): boolean {
  return holder !== 'admin' && takesPeriod(op);
}

/**
 * JSON, the same as CSV by `Accept`, and each CSV table the operation offers (`all` false: the first only).
 * `published`: the answer is for another party, so it asks for the closed month.
 */
function variants(op: Operation, all: boolean, published: boolean): Variant[] {
  const query: Record<string, string> = published ? { period: CLOSED_MONTH } : {};
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

/** How the answer's disclosure reads: exact for the city itself and admins, else one perturbed closed month. */
function disclosureOf(published: boolean): { perturbed: boolean; calendarPeriod: string | null } {
  return { perturbed: published, calendarPeriod: published ? CLOSED_MONTH : null };
}

describe('city detail on every documented route, for every key', () => {
  it('is refused (403, no data) to every key but the city, admins and, for named cities, the consortium (the shared annotations: every key)', {
    timeout: 180_000,
  }, async () => {
    const detail = operations.filter((op) => pathParamNames(op.path).includes('city'));
    expect(detail.length, 'documented routes with a city in the path').toBeGreaterThanOrEqual(3);
    const seen = { refused: 0, served: 0, shownOwnMarker: new Set<string>() };
    // One key's requests after another, the keys side by side.
    await eachHolder(async (holder) => {
      for (const op of detail) {
        for (const city of Object.keys(VISITORS)) {
          const want = expectedAccess(holder, city, op);
          const published = want === 'published' || (want === 403 && takesPeriod(op));
          for (const v of variants(op, want === 403, published)) {
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
            if (v.label === 'json') {
              const body = JSON.parse(res.body);
              // A statutory answer is the body its recipient takes (the Commission's API, the ZSK), always exact.
              if (!isStatutory(op)) expect([where, body.access]).toEqual([where, want]);
              if (!isRealtime(op) && !isStatutory(op) && !isAnnotations(op))
                expect([where, body.disclosure]).toMatchObject([where, disclosureOf(want === 'published')]);
            } else expect([where, res.type]).toEqual([where, 'text/csv; charset=utf-8']);
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

  it('refuses realtime to the consortium for every city, named or not', async () => {
    const op = operations.find(isRealtime) as Operation;
    for (const city of Object.keys(VISITORS)) {
      const res = await get(op, { city }, { label: 'json', query: {}, headers: {} }, 'consortium');
      expect([city, res.status, JSON.parse(res.body)]).toEqual([
        city,
        403,
        { ...FORBIDDEN_BODY, details: { city } },
      ]);
    }
  });

  it("is never in an answer of the routes without a city: other cities' numbers perturbed, an opted-out city unnamed", {
    timeout: 180_000,
  }, async () => {
    const shared = operations.filter((op) => !pathParamNames(op.path).includes('city'));
    const optedOut = p.sites.cities.filter((c) => !c.namedInComparisons);
    expect(optedOut.map((c) => c.key)).toEqual([OPTED_OUT]);
    let checked = 0;
    await eachHolder(async (holder) => {
      for (const op of shared) {
        const published = sharedPublished(holder, op);
        for (const v of variants(op, true, published)) {
          const res = await get(op, { service }, v, holder);
          const where = `${holder} ${res.url} (${v.label})`;
          // The audit log (who exported what) and data quality are for admins only; the all-cities ZSK file for admins
          // and the consortium.
          if (
            ((op.tags.includes('audit') || op.tags.includes('quality')) && holder !== 'admin') ||
            (isStatutory(op) && holder.startsWith('city:'))
          ) {
            const role = holder === 'consortium' ? 'consortium' : 'city';
            expect([where, res.status, JSON.parse(res.body)]).toEqual([
              where,
              403,
              { ...FORBIDDEN_BODY, details: { role } },
            ]);
            checked++;
            continue;
          }
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
            if (v.label === 'json') {
              const report = JSON.parse(res.body) as SharedReport;
              expect([where, report.disclosure]).toMatchObject([where, disclosureOf(published)]);
              expect([where, cityRefs(report)]).toEqual([where, expectedRefs(holder)]);
              expect([where, peerCells(report)]).toEqual([where, expectedPeerCells(holder, report)]);
              expect([where, smallCityCells(report)]).toEqual([where, smallCityExpected(holder)]);
            }
          }
          checked++;
        }
      }
    });
    console.log(
      `${shared.length} routes without a city (${shared.map((op) => op.path).join(', ')}): ${checked} answers`,
    );
  });

  it('lists for every key which cities it may read; an opted-out city only to itself and admins', async () => {
    const op = operations.find((o) => o.path === '/v1/cities') as Operation;
    for (const holder of keys.keys()) {
      const res = await get(op, {}, { label: 'json', query: {}, headers: {} }, holder);
      const detail = Object.fromEntries(
        (JSON.parse(res.body).cities as { key: string; detail: string }[]).map((c) => [c.key, c.detail]),
      );
      const report = operations.find((o) => o.path.endsWith('/report')) as Operation;
      const want = Object.fromEntries(
        Object.keys(VISITORS)
          .filter((city) => city !== OPTED_OUT || holder === 'admin' || holder === `city:${city}`)
          .map((city) => {
            const access = expectedAccess(holder, city, report);
            return [city, access === 403 ? 'forbidden' : access];
          }),
      );
      expect([holder, detail]).toEqual([holder, want]);
    }
  });
});

function refsOf(report: SharedReport): CityRef[] {
  return report.cities.map((c) => ('city' in c ? c.city : c));
}

/** Every city as the answer names it: [key or peer number, own, exact]. */
function cityRefs(report: SharedReport): [string, boolean, boolean][] {
  return refsOf(report)
    .map((r): [string, boolean, boolean] => [r.key ?? `peer-${r.peer}`, r.own, r.exact])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The city's own numbers and, for admins, every city's are exact; the opted-out city is a peer to others. */
function expectedRefs(holder: Holder): [string, boolean, boolean][] {
  return Object.keys(VISITORS)
    .map((city): [string, boolean, boolean] => {
      const own = holder === `city:${city}`;
      const named = city !== OPTED_OUT || own || holder === 'admin';
      return [named ? city : 'peer-1', own, own || holder === 'admin'];
    })
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** An anonymous peer as the answer shows it: its reference and the count cells of the service. */
function peerCells(report: SharedReport): unknown[] {
  const refs = refsOf(report);
  const at = refs.findIndex((r) => r.peer !== null);
  if (at < 0) return [];
  const ref = refs[at] as CityRef;
  const cells = report.rows
    ? { viewers: report.rows.find((r) => r.service.key === service)?.cells[at] as Cell }
    : Object.fromEntries(
        COUNT_METRICS.map((m) => [
          m,
          (report.cities[at] as { metrics: Record<string, Cell> }).metrics[m] as Cell,
        ]),
      );
  return [
    ref,
    Object.fromEntries(Object.entries(cells).map(([m, c]) => [m, [c.value, c.per1000, c.rank, c.status]])),
  ];
}

/**
 * No name, key or population, and no count: withheld where others would see one (its perturbed count reaches k),
 * below k otherwise; never a rank.
 */
function expectedPeerCells(holder: Holder, report: SharedReport): unknown[] {
  if (holder === 'admin' || holder === `city:${OPTED_OUT}`) return [];
  const d = publishedDisclosure({ secret: DEMO_SECRET, k: DEFAULT_K, period: CLOSED_MONTH });
  // Every journey views the service and starts the form; all but the first confirm.
  const truth: Record<string, [string, number]> = {
    viewers: ['viewers', VISITORS[OPTED_OUT]],
    starters: ['starters', VISITORS[OPTED_OUT]],
    completions: ['confirmers', VISITORS[OPTED_OUT] - 1],
  };
  const metrics = report.rows ? ['viewers'] : COUNT_METRICS;
  return [
    {
      key: null,
      name: null,
      peer: 1,
      own: false,
      inhabitants: null,
      populationAsOf: null,
      exact: false,
    },
    Object.fromEntries(
      metrics.map((m) => {
        const [quantity, count] = truth[m] as [string, number];
        const shown = !d.belowK(d.count(serviceCell(OPTED_OUT, service, quantity), count));
        return [m, [null, null, null, shown ? 'withheld' : 'below_k']];
      }),
    ),
  ];
}

/** The small city's viewer count as a comparison or matrix answer shows it (status, value). */
function smallCityCells(report: SharedReport): [string, number | null] {
  const at = refsOf(report).findIndex((r) => r.key === SMALL_CITY);
  const cell = report.rows
    ? (report.rows.find((r) => r.service.key === service)?.cells[at] as Cell)
    : ((report.cities[at] as { metrics: Record<string, Cell> }).metrics.viewers as Cell);
  return [cell.status, cell.value];
}

/**
 * Fewer visitors than k. Admins read it exactly over the default 30 days; everyone else reads last month, where
 * its perturbed count decides: below k it is hidden from others and marked for the city itself, which sees its
 * exact count.
 */
function smallCityExpected(holder: Holder): [string, number | null] {
  const truth = VISITORS[SMALL_CITY];
  if (holder === 'admin') return ['ok', truth];
  const d = publishedDisclosure({ secret: DEMO_SECRET, k: DEFAULT_K, period: CLOSED_MONTH });
  const published = d.count(serviceCell(SMALL_CITY, service, 'viewers'), truth);
  const status = d.belowK(published) ? 'below_k' : 'ok';
  if (holder === `city:${SMALL_CITY}`) return [status, truth];
  return [status, status === 'ok' ? published : null];
}
