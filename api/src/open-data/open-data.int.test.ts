/*
 * Open-data releases against the real ClickHouse, over the truth of release.fixture.ts (k = 5, ε = 0.5, the tests'
 * disclosure secret): January 2025 is released while Gießen and Fulda are named, February after both withdrew their
 * consent. Expected numbers are the fixture's hand-counted truth through the disclosure layer's own noise
 * (perturbedDisclosure with the same secret), and the rates worked out here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '@godonu/warehouse';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REALTIME_NOW, TEST_DISCLOSURE_SECRET } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import {
  GIESSEN_OFFLINE,
  NAMED_MONTH,
  releaseFixtureRows,
  S1,
  S2,
  TRUTH,
  WITHDRAWN_MONTH,
} from '../../../tests/support/api-fixture/release.fixture.ts';
import { testDatabase } from '../../../tests/support/infra.ts';
import { buildApp } from '../app.ts';
import { KeyStore } from '../auth/key-store.ts';
import { type ApiConfig, loadConfig, REPO_ROOT } from '../config.ts';
import { parseCalendarPeriod } from '../disclosure/calendar-period.ts';
import { type Cell, perturbedDisclosure } from '../disclosure/disclosure.ts';
import { disclosurePolicy } from '../disclosure/policy.ts';
import { loadSites } from '../sites.ts';
import { clickhouseWarehouse, type Warehouse, WarehouseUnavailableError } from '../warehouse.ts';
import { sha256 } from './release-document.ts';

const K = 5;
const EPSILON = 0.5;
const BASE_URL = 'https://daten.example.org/godonu';
const DL_DE = 'Datenlizenz Deutschland – Namensnennung – Version 2.0';
/** What Limburg, which never agreed to be named, could be recognised by. */
const LIMBURG_MARKS = ['limburg', 'Limburg', '06533009', '36000'];

// biome-ignore lint/suspicious/noExplicitAny: release documents are read as any client reads JSON
type Json = any;

interface RunningApp {
  app: FastifyInstance;
  warehouse: Warehouse;
}

let db: Awaited<ReturnType<typeof testDatabase>>;
let dir: string;
let store: KeyStore;
const keys = {} as Record<'giessen' | 'consortium' | 'admin', { key: string; id: string; label: string }>;
let clock = REALTIME_NOW;
const running: RunningApp[] = [];
let app: FastifyInstance;
let withdrawnSites: string;

function config(vars: Record<string, string> = {}): ApiConfig {
  return loadConfig({
    CLICKHOUSE_URL: inject('clickhouseUrl'),
    CLICKHOUSE_DATABASE: db.database,
    API_KEYS_FILE: path.join(dir, 'keys.json'),
    K_ANONYMITY: String(K),
    DISCLOSURE_EPSILON: String(EPSILON),
    DISCLOSURE_SECRET: TEST_DISCLOSURE_SECRET,
    OPEN_DATA_BASE_URL: BASE_URL,
    LOG_LEVEL: 'silent',
    ...vars,
  });
}

/** A new api process as far as the releases go: its own app, warehouse client and release cache. */
async function start(vars: Record<string, string> = {}): Promise<FastifyInstance> {
  const c = config(vars);
  const warehouse = clickhouseWarehouse({ url: c.CLICKHOUSE_URL, database: c.CLICKHOUSE_DATABASE });
  const built = await buildApp({
    config: c,
    sites: loadSites(c.GODONU_SITES_FILE),
    keys: store,
    warehouse,
    logger: pino({ level: 'silent' }),
    now: () => clock,
  });
  running.push({ app: built, warehouse });
  return built;
}

function post(on: FastifyInstance, month: string, key: string | null) {
  return on.inject({
    method: 'POST',
    url: '/v1/open-data/releases',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    payload: { month },
  });
}

const get = (on: FastifyInstance, url: string, key?: string) =>
  on.inject({ url, headers: key ? { authorization: `Bearer ${key}` } : {} });

const filesOf = (month: string) => [
  `/open-data/releases/${month}.json`,
  `/open-data/releases/${month}/services.csv`,
  `/open-data/releases/${month}/cities.csv`,
  `/open-data/releases/${month}/shares.csv`,
];
const OPEN_DATA_PATHS = [
  '/open-data/',
  '/open-data/index.json',
  '/open-data/catalog.jsonld',
  ...filesOf(NAMED_MONTH),
  ...filesOf(WITHDRAWN_MONTH),
];

async function bodies(on: FastifyInstance, paths: readonly string[], key?: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const res = await get(on, p, key);
    expect([p, res.statusCode]).toEqual([p, 200]);
    out.push(res.body);
  }
  return out;
}

async function release(month: string): Promise<Json> {
  return (await get(app, `/open-data/releases/${month}.json`)).json();
}

beforeAll(async () => {
  db = await testDatabase('opendata');
  await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 3650 });
  await db.client.insert({
    table: 'events',
    values: [...releaseFixtureRows(NAMED_MONTH), ...releaseFixtureRows(WITHDRAWN_MONTH)],
    format: 'JSONEachRow',
  });
  await db.client.insert({
    table: 'offline_case_imports_v1',
    format: 'JSONEachRow',
    values: [
      {
        import_id: '00000000-0000-4000-8000-000000000001',
        site: 'giessen',
        imported_at: '2025-02-05 09:00:00.000',
        source: 'cli',
        key_id: '',
        actor: 'Bürgerbüro Gießen',
        file_sha256: '',
        months: [`${NAMED_MONTH}-01`],
        'lines.month': [`${NAMED_MONTH}-01`],
        'lines.service': [S1],
        'lines.counter': [GIESSEN_OFFLINE.counter],
        'lines.post': [GIESSEN_OFFLINE.post],
        'lines.phone': [GIESSEN_OFFLINE.phone],
        'lines.email': [GIESSEN_OFFLINE.email],
        'lines.other': [GIESSEN_OFFLINE.other],
        added: 1,
        changed: 0,
        removed: 0,
        unchanged: 0,
      },
    ],
  });
  dir = await mkdtemp(path.join(tmpdir(), 'godonu-open-data-'));
  store = new KeyStore(path.join(dir, 'keys.json'));
  for (const [holder, spec] of [
    ['giessen', { role: 'city', city: 'giessen', label: 'team giessen' }],
    ['consortium', { role: 'consortium', city: null, label: 'Programmbüro' }],
    ['admin', { role: 'admin', city: null, label: 'admin' }],
  ] as const) {
    const created = await store.create(spec);
    keys[holder] = { key: created.key, id: created.record.id, label: spec.label };
  }
  // Gießen and Fulda withdraw their consent to being named in open data (the other fields as they were).
  const sites = JSON.parse(
    await (await import('node:fs/promises')).readFile(
      path.join(REPO_ROOT, 'infra/config/sites.json'),
      'utf8',
    ),
  );
  for (const c of sites.cities) if (c.key === 'giessen' || c.key === 'fulda') c.namedInOpenData = false;
  withdrawnSites = path.join(dir, 'sites-withdrawn.json');
  await writeFile(withdrawnSites, JSON.stringify(sites));
  app = await start();
});

afterAll(async () => {
  for (const r of running) {
    await r.app.close();
    await r.warehouse.close();
  }
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const d = (month: string) =>
  perturbedDisclosure(
    disclosurePolicy({ k: K, epsilon: EPSILON, secret: TEST_DISCLOSURE_SECRET }),
    parseCalendarPeriod(month) as NonNullable<ReturnType<typeof parseCalendarPeriod>>,
  );
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One metric as the release must show it: the value when its bases reach k, else null with the reason. */
function metric(name: string, value: number | null, bases: number[], disclosure = d(NAMED_MONTH)) {
  const below = bases.some((b) => disclosure.belowK(b));
  const status = below ? 'below_k' : value === null ? 'no_data' : 'ok';
  return { [name]: status === 'ok' ? value : null, [`${name}Status`]: status };
}

/** The service row of one unit (a named city, or the aggregate with its cell and member count). */
function serviceRow(
  unit: { city: string | null; cityName: string; ags: string | null; cell: string; members: number },
  service: string,
  serviceName: string,
  t: {
    viewers: number;
    starters: number;
    confirmers: number;
    medianSec: number | null;
    raters: number;
    ratings: number;
    ratingSum: number;
  },
  offline: number | null,
  month: string,
) {
  const disclosure = d(month);
  const n = (quantity: string, value: number, sensitivity = 1) =>
    disclosure.count({ city: unit.cell, scope: `service:${service}`, quantity }, value, {
      sensitivity: sensitivity * unit.members,
    });
  const viewers = n('viewers', t.viewers);
  const starters = n('starters', t.starters);
  const confirmers = n('confirmers', t.confirmers);
  const raters = n('raters', t.raters);
  const ratings = n('ratings', t.ratings);
  const ratingSum = n('ratingSum', t.ratingSum, 5);
  const mean = ratings === 0 ? null : Math.min(5, Math.max(1, round(ratingSum / ratings, 2)));
  const median =
    unit.members > 1 ? null : t.medianSec === null || disclosure.belowK(confirmers) ? null : t.medianSec;
  const m = (name: string, value: number | null, bases: number[]) => metric(name, value, bases, disclosure);
  const medianMetric = m('medianTimeToCompleteSec', median, [confirmers]);
  if (unit.members > 1 && medianMetric.medianTimeToCompleteSecStatus === 'no_data')
    medianMetric.medianTimeToCompleteSecStatus = 'withheld';
  return {
    city: unit.city,
    cityName: unit.cityName,
    ags: unit.ags,
    service,
    serviceName,
    ...m('viewers', viewers, [viewers]),
    ...m('starters', starters, [starters]),
    ...m('completions', confirmers, [confirmers]),
    ...m('completionRate', starters === 0 ? null : round(Math.min(confirmers, starters) / starters), [
      confirmers,
      starters,
    ]),
    ...medianMetric,
    ...m('satisfaction', mean, [raters, ratings]),
    ...(offline === null
      ? { digitalTakeUp: null, digitalTakeUpStatus: 'no_offline_data' }
      : m('digitalTakeUp', confirmers + offline === 0 ? null : round(confirmers / (confirmers + offline)), [
          confirmers,
        ])),
  };
}

const GIESSEN = { city: 'giessen', cityName: 'Gießen', ags: '06531005', cell: 'giessen', members: 1 };
const FULDA = { city: 'fulda', cityName: 'Fulda', ags: '06631009', cell: 'fulda', members: 1 };
const WOHNSITZ = 'Wohnsitz anmelden';

describe('creating a release', () => {
  it('is the consortium’s, for a closed calendar month only', async () => {
    const refused = [
      [keys.giessen.key, NAMED_MONTH, 403, 'API_FORBIDDEN'],
      [keys.admin.key, NAMED_MONTH, 403, 'API_FORBIDDEN'],
      [null, NAMED_MONTH, 401, 'API_UNAUTHORIZED'],
      [keys.consortium.key, '2025-03', 400, 'API_PERIOD_NOT_PUBLISHED'],
      [keys.consortium.key, '2025-13', 400, 'API_BAD_REQUEST'],
      [keys.consortium.key, '2025-W05', 400, 'API_BAD_REQUEST'],
    ] as const;
    for (const [key, month, status, error] of refused) {
      const res = await post(app, month, key);
      expect([month, res.statusCode, res.json().error]).toEqual([month, status, error]);
    }
    expect((await get(app, '/open-data/index.json')).json().releases).toEqual([]);

    clock = new Date('2025-03-10T12:00:00Z');
    const created = await post(app, NAMED_MONTH, keys.consortium.key);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual((await get(app, '/open-data/index.json')).json().releases[0]);
    expect(created.json()).toMatchObject({
      release: NAMED_MONTH,
      title: 'Nutzung kommunaler Online-Dienste, Januar 2025',
      period: { label: NAMED_MONTH, from: '2025-01-01', to: '2025-01-31', days: 31 },
      createdAt: '2025-03-10T12:00:00.000Z',
      licence: {
        name: DL_DE,
        url: 'https://www.govdata.de/dl-de/by-2-0',
        uri: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
        attribution: `GoDoNu – Digitale Kommune@Hessen, ${NAMED_MONTH}, ${DL_DE} (https://www.govdata.de/dl-de/by-2-0)`,
      },
      disclosure: {
        policyVersion: 1,
        k: K,
        epsilonPerCell: EPSILON,
        noise: 'discrete Laplace',
        noiseScale: 2,
        noiseStandardDeviation: 2.8,
        privacyBudget: { epsilonPerCell: 0.5, epsilonPerVisitorDay: 3.5 },
      },
      cities: {
        named: [
          { key: 'fulda', name: 'Fulda', ags: '06631009' },
          { key: 'giessen', name: 'Gießen', ags: '06531005' },
          { key: 'marburg', name: 'Marburg', ags: '06534014' },
          { key: 'offenbach', name: 'Offenbach am Main', ags: '06413000' },
          { key: 'wetzlar', name: 'Wetzlar', ags: '06532023' },
        ],
        notNamed: { count: 1, aggregated: false },
      },
    });
  });

  it('publishes the hand-counted truth through the disclosure layer', async () => {
    const r = await release(NAMED_MONTH);
    const row = (city: string, service: string) =>
      r.tables.services.find((x: Json) => x.city === city && x.service === service);
    expect(r.tables.services).toHaveLength(5 * 6);
    expect(row('giessen', S1)).toEqual(serviceRow(GIESSEN, S1, WOHNSITZ, TRUTH.giessen[S1], 40, NAMED_MONTH));
    expect(row('giessen', S2)).toEqual(
      serviceRow(GIESSEN, S2, 'Hund zur Hundesteuer anmelden', TRUTH.giessen[S2], null, NAMED_MONTH),
    );
    expect(row('fulda', S1)).toEqual(serviceRow(FULDA, S1, WOHNSITZ, TRUTH.fulda[S1], null, NAMED_MONTH));
    // A city without a single event: nothing reaches k, nothing is 0.
    expect(row('marburg', S1)).toMatchObject({
      viewers: null,
      viewersStatus: 'below_k',
      completionRate: null,
    });

    const disclosure = d(NAMED_MONTH);
    const traffic = (city: string, quantity: string, truth: number, label?: string, scope = 'traffic') =>
      disclosure.count({ city, scope, quantity, ...(label === undefined ? {} : { label }) } as Cell, truth);
    const giessenVisits = traffic('giessen', 'visits', 51);
    expect(r.tables.cities.find((c: Json) => c.city === 'giessen')).toEqual({
      city: 'giessen',
      cityName: 'Gießen',
      ags: '06531005',
      inhabitants: 92000,
      populationAsOf: '2024-12-31',
      visitors: traffic('giessen', 'visitors', 51),
      visitorsStatus: 'ok',
      visits: giessenVisits,
      visitsStatus: 'ok',
    });
    // Devices and channels as the consortium's city report lists them: perturbed, by visits, the small ones folded
    // into "(other)" with the noise of its own cell. 3 tablets alone would stay below k, so the next smallest row
    // (18 mobile) goes with them; likewise 3 from social media take the 20 direct visits along.
    const share = (visits: number) => round(Math.min(visits, giessenVisits) / giessenVisits);
    const shareRow = (dimension: string, value: string, visits: number) => ({
      city: 'giessen',
      cityName: 'Gießen',
      ags: '06531005',
      dimension,
      value,
      share: share(visits),
      shareStatus: 'ok',
    });
    const list = (dimension: string, entries: [string, number][], folded: number) => [
      ...entries
        .map(([value, truth]) => [value, traffic('giessen', 'visits', truth, value, dimension)] as const)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .map(([value, visits]) => shareRow(dimension, value, visits)),
      shareRow(dimension, '(other)', traffic('giessen', 'visits', folded, '(other)', dimension)),
    ];
    expect(r.tables.shares.filter((s: Json) => s.city === 'giessen')).toEqual([
      ...list('device', [['desktop', 30]], 18 + 3),
      ...list('channel', [['search', 28]], 20 + 3),
    ]);
    // The CSV holds the same rows: header, then one line per row, empty cells where nothing is published.
    const csv = (await get(app, `/open-data/releases/${NAMED_MONTH}/services.csv`)).body;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]?.split(',')).toEqual(r.dictionary.services.map((c: Json) => c.name));
    expect(lines).toHaveLength(1 + 30);
    const g = row('giessen', S1);
    expect(lines).toContain(
      r.dictionary.services.map((c: Json) => (g[c.name] === null ? '' : String(g[c.name]))).join(','),
    );
  });

  it('names no city that did not agree, in no file, page or catalog', async () => {
    const all = (
      await bodies(app, [
        '/open-data/',
        '/open-data/index.json',
        '/open-data/catalog.jsonld',
        ...filesOf(NAMED_MONTH),
      ])
    ).join('\n');
    for (const mark of LIMBURG_MARKS) expect([mark, all.includes(mark)]).toEqual([mark, false]);
    const r = await release(NAMED_MONTH);
    expect(new Set(r.tables.services.map((x: Json) => x.city))).toEqual(
      new Set(['fulda', 'giessen', 'marburg', 'offenbach', 'wetzlar']),
    );
    expect(r.notes[0]).toBe(
      'Eine Stadt will nicht namentlich genannt werden. Zusammengefasst werden Städte erst ab drei; ihre Zahlen sind in dieser Veröffentlichung daher nicht enthalten.',
    );
  });
});

describe('withdrawing consent', () => {
  it('affects later releases only: the three cities not named form one aggregate, the earlier release stays as it was', async () => {
    const before = await bodies(app, filesOf(NAMED_MONTH));
    const later = await start({ GODONU_SITES_FILE: withdrawnSites });
    clock = new Date('2025-03-10T12:05:00Z');
    expect((await post(later, WITHDRAWN_MONTH, keys.consortium.key)).statusCode).toBe(201);
    expect(await bodies(later, filesOf(NAMED_MONTH))).toEqual(before);

    const r = (await get(later, `/open-data/releases/${WITHDRAWN_MONTH}.json`)).json();
    expect(r.cities).toEqual({
      named: [
        { key: 'marburg', name: 'Marburg', ags: '06534014' },
        { key: 'offenbach', name: 'Offenbach am Main', ags: '06413000' },
        { key: 'wetzlar', name: 'Wetzlar', ags: '06532023' },
      ],
      notNamed: { count: 3, aggregated: true },
    });
    const aggregate = {
      city: null,
      cityName: 'Weitere Städte (3, nicht namentlich genannt)',
      ags: null,
      cell: '(unnamed:fulda,giessen,limburg)',
      members: 3,
    };
    const sum = (field: 'viewers' | 'starters' | 'confirmers') =>
      TRUTH.giessen[S1][field] + TRUTH.fulda[S1][field] + TRUTH.limburg[S1][field];
    expect(r.tables.services.find((x: Json) => x.city === null && x.service === S1)).toEqual(
      serviceRow(
        aggregate,
        S1,
        WOHNSITZ,
        {
          viewers: sum('viewers'),
          starters: sum('starters'),
          confirmers: sum('confirmers'),
          medianSec: null,
          raters: 12,
          ratings: 12,
          ratingSum: 48,
        },
        null,
        WITHDRAWN_MONTH,
      ),
    );
    const disclosure = d(WITHDRAWN_MONTH);
    expect(r.tables.cities.find((c: Json) => c.city === null)).toEqual({
      city: null,
      cityName: aggregate.cityName,
      ags: null,
      inhabitants: null,
      populationAsOf: null,
      visitors: disclosure.count(
        { city: aggregate.cell, scope: 'traffic', quantity: 'visitors' },
        51 + 20 + 50,
        {
          sensitivity: 3,
        },
      ),
      visitorsStatus: 'ok',
      visits: disclosure.count({ city: aggregate.cell, scope: 'traffic', quantity: 'visits' }, 51 + 20 + 50, {
        sensitivity: 3,
      }),
      visitsStatus: 'ok',
    });
    // Not one of the three is named, in the release, the index, the catalog or the page.
    const text = (await bodies(later, filesOf(WITHDRAWN_MONTH))).join('\n');
    for (const mark of [...LIMBURG_MARKS, 'giessen', 'Gießen', '06531005', 'fulda', 'Fulda', '06631009'])
      expect([mark, text.includes(mark)]).toEqual([mark, false]);
    expect(r.notes[0]).toBe(
      '3 Städte wollen nicht namentlich genannt werden: Ihre Zahlen stehen nur zusammengefasst in der Zeile „Weitere Städte“.',
    );
    const page = (await get(later, '/open-data/')).body;
    expect(page).toContain(
      'Zieht eine Stadt ihre Zustimmung zurück, gilt das für spätere Veröffentlichungen; frühere Veröffentlichungen werden nicht geändert.',
    );
  });
});

describe('a release once stored', () => {
  it('is the same bytes when fetched twice, and after a restart of the api', async () => {
    const first = await bodies(app, OPEN_DATA_PATHS);
    expect(await bodies(app, OPEN_DATA_PATHS)).toEqual(first);
    const restarted = await start();
    expect(await bodies(restarted, OPEN_DATA_PATHS)).toEqual(first);
    // The files carry their checksum as ETag, and the index states size and SHA-256 of exactly these bytes.
    const index = (await get(restarted, '/open-data/index.json')).json();
    for (const r of index.releases)
      for (const f of r.files) {
        const res = await get(restarted, f.url);
        expect([f.url, Buffer.byteLength(res.body), sha256(res.body), res.headers.etag]).toEqual([
          f.url,
          f.bytes,
          f.sha256,
          `"${f.sha256}"`,
        ]);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
  });

  it('is never recomputed: an api with another secret, k and licence serves the same files', async () => {
    const before = await bodies(app, [
      '/open-data/index.json',
      ...filesOf(NAMED_MONTH),
      ...filesOf(WITHDRAWN_MONTH),
    ]);
    const changed = await start({
      K_ANONYMITY: '10',
      DISCLOSURE_SECRET: 'another secret of at least thirty-two characters',
      OPEN_DATA_LICENCE_NAME: 'Creative Commons Namensnennung 4.0',
    });
    expect(
      await bodies(changed, ['/open-data/index.json', ...filesOf(NAMED_MONTH), ...filesOf(WITHDRAWN_MONTH)]),
    ).toEqual(before);
  });

  it('refuses a second creation of its month and changes nothing, also when two creations race', async () => {
    const rows = async () =>
      (
        await (
          await db.client.query({
            query: 'SELECT month, count() AS n FROM open_data_releases_v1 GROUP BY month ORDER BY month',
            format: 'JSONEachRow',
          })
        ).json()
      ).map((x) => x as { month: string; n: number });
    const before = await bodies(app, OPEN_DATA_PATHS);
    clock = new Date('2025-03-10T12:07:00Z');
    const again = await post(app, NAMED_MONTH, keys.consortium.key);
    expect([again.statusCode, again.json()]).toEqual([
      409,
      {
        error: 'API_RELEASE_EXISTS',
        message:
          'this month has been released already: a release is never recomputed or replaced (see /open-data/)',
        details: { month: NAMED_MONTH, createdAt: '2025-03-10T12:00:00.000Z' },
      },
    ]);
    expect(await rows()).toEqual([
      { month: NAMED_MONTH, n: 1 },
      { month: WITHDRAWN_MONTH, n: 1 },
    ]);
    expect(await bodies(app, OPEN_DATA_PATHS)).toEqual(before);

    // Two api processes asked for the same new month at once: one release, one refusal.
    const other = await start();
    const raced = await Promise.all([
      post(app, '2024-12', keys.consortium.key),
      post(other, '2024-12', keys.consortium.key),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect((await rows()).find((r) => r.month === '2024-12')).toEqual({ month: '2024-12', n: 1 });
    const served = await Promise.all(
      [app, other].map(async (a) => (await get(a, '/open-data/releases/2024-12.json')).body),
    );
    expect(served[0]).toBe(served[1]);
  });
});

describe('/open-data/', () => {
  it('needs no key: with one the bytes are the same, and none of them holds a key or the secret', async () => {
    const open = await bodies(app, OPEN_DATA_PATHS);
    for (const holder of Object.values(keys))
      expect(await bodies(app, OPEN_DATA_PATHS, holder.key)).toEqual(open);
    const all = open.join('\n');
    for (const secret of [
      ...Object.values(keys).flatMap((k) => [k.key, k.id]),
      'gdk_',
      TEST_DISCLOSURE_SECRET,
      'Bearer',
    ])
      expect([secret, all.includes(secret)]).toEqual([secret, false]);
    const page = await get(app, '/open-data/');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await get(app, '/open-data/index.json')).headers['access-control-allow-origin']).toBe('*');
  });

  it('publishes no count below k: every count is null with status below_k, or at least k', async () => {
    const counts = {
      services: ['viewers', 'starters', 'completions'],
      cities: ['visitors', 'visits'],
    } as const;
    let checked = 0;
    for (const month of [NAMED_MONTH, WITHDRAWN_MONTH, '2024-12']) {
      const r = await release(month);
      for (const table of ['services', 'cities'] as const)
        for (const row of r.tables[table])
          for (const column of counts[table]) {
            const value = row[column];
            expect([month, row.city, column, value === null ? row[`${column}Status`] : value >= K]).toEqual([
              month,
              row.city,
              column,
              value === null ? 'below_k' : true,
            ]);
            checked += 1;
          }
      // Every share is of a list whose shown rows and folded rest each reach k.
      for (const s of r.tables.shares) expect([s.shareStatus, s.share === null]).toEqual(['ok', false]);
    }
    expect(checked).toBe(3 * (30 * 3 + 5 * 2) - (30 * 3 + 5 * 2) + (6 * 4 * 3 + 4 * 2));
    // Truth below k stays unpublished, and so does what is computed from it: Gießen's 3 starters and 1 completion
    // of S2 (and the 120 s the single completion took).
    const s2 = (await release(NAMED_MONTH)).tables.services.find(
      (x: Json) => x.city === 'giessen' && x.service === S2,
    );
    expect(s2).toMatchObject({
      starters: null,
      startersStatus: 'below_k',
      completions: null,
      completionRate: null,
      medianTimeToCompleteSec: null,
      medianTimeToCompleteSecStatus: 'below_k',
    });
  });

  it('has a DCAT-AP.de catalog with a dataset per release and a distribution per file, as served', async () => {
    const res = await get(app, '/open-data/catalog.jsonld');
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const catalog = JSON.parse(res.body);
    expect(catalog['@context']).toEqual({
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      spdx: 'http://spdx.org/rdf/terms#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    });
    expect(catalog).toMatchObject({
      '@id': `${BASE_URL}/open-data/catalog.jsonld`,
      '@type': 'dcat:Catalog',
      'dct:title': { '@value': 'Offene Daten: Nutzung kommunaler Online-Dienste', '@language': 'de' },
      'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'GoDoNu – Digitale Kommune@Hessen' },
      'dct:license': { '@id': 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' },
      'foaf:homepage': { '@id': `${BASE_URL}/open-data/` },
    });
    expect(catalog['dcat:dataset'].map((x: Json) => x['dct:identifier'])).toEqual([
      `godonu-open-data-${WITHDRAWN_MONTH}`,
      `godonu-open-data-${NAMED_MONTH}`,
      'godonu-open-data-2024-12',
    ]);
    const january = catalog['dcat:dataset'][1];
    expect(january).toMatchObject({
      '@id': `${BASE_URL}/open-data/releases/${NAMED_MONTH}.json#dataset`,
      '@type': 'dcat:Dataset',
      'dct:title': { '@value': 'Nutzung kommunaler Online-Dienste, Januar 2025', '@language': 'de' },
      'dct:issued': { '@value': '2025-03-10T12:00:00.000Z', '@type': 'xsd:dateTime' },
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@value': '2025-01-01', '@type': 'xsd:date' },
        'dcat:endDate': { '@value': '2025-01-31', '@type': 'xsd:date' },
      },
      'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
      'dcatde:politicalGeocodingLevelURI': {
        '@id': 'http://dcat-ap.de/def/politicalGeocoding/Level/municipality',
      },
    });
    expect(january['dcatde:politicalGeocodingURI'].map((x: Json) => x['@id'])).toEqual(
      ['06631009', '06531005', '06534014', '06413000', '06532023'].map(
        (ags) => `http://dcat-ap.de/def/politicalGeocoding/municipalityKey/${ags}`,
      ),
    );
    const files = january['dcat:distribution'];
    expect(files.map((f: Json) => f['dcat:downloadURL']['@id'])).toEqual(
      filesOf(NAMED_MONTH).map((p) => `${BASE_URL}${p}`),
    );
    for (const f of files) {
      const body = (await get(app, (f['dcat:downloadURL']['@id'] as string).slice(BASE_URL.length))).body;
      expect(f).toMatchObject({
        '@type': 'dcat:Distribution',
        'dct:license': { '@id': 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' },
        'dcatde:licenseAttributionByText': `GoDoNu – Digitale Kommune@Hessen, ${NAMED_MONTH}, ${DL_DE} (https://www.govdata.de/dl-de/by-2-0)`,
        'dcat:byteSize': { '@value': String(Buffer.byteLength(body)), '@type': 'xsd:nonNegativeInteger' },
        'spdx:checksum': {
          '@type': 'spdx:Checksum',
          'spdx:algorithm': { '@id': 'http://spdx.org/rdf/terms#checksumAlgorithm_sha256' },
          'spdx:checksumValue': { '@value': sha256(body), '@type': 'xsd:hexBinary' },
        },
      });
    }
    expect(files.map((f: Json) => f['dct:format']['@id'].split('/').at(-1))).toEqual([
      'JSON',
      'CSV',
      'CSV',
      'CSV',
    ]);
    // Every IRI is absolute: harvesters resolve nothing relative.
    const ids = [...res.body.matchAll(/"@id": "([^"]+)"/g)].map((m) => m[1] as string);
    expect(ids.filter((iri) => !/^https?:\/\//.test(iri))).toEqual([]);
  });
});

describe('the audit log', () => {
  it('records each release and each CSV export with who, when and which parameters; only admins read it', async () => {
    clock = new Date('2025-03-10T12:10:00Z');
    const url = `/v1/services/${S1}/comparison?period=${NAMED_MONTH}&format=csv`;
    const exported = await get(app, url, keys.giessen.key);
    expect([exported.statusCode, exported.headers['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    // JSON answers are not exports.
    expect(
      (await get(app, `/v1/services/${S1}/comparison?period=${NAMED_MONTH}`, keys.giessen.key)).statusCode,
    ).toBe(200);

    const log = await get(app, '/v1/audit-log', keys.admin.key);
    expect(log.statusCode).toBe(200);
    const release = (month: string, at: string, named: string) => ({
      at,
      action: 'release_created',
      keyId: keys.consortium.id,
      actor: 'Programmbüro',
      role: 'consortium',
      target: month,
      parameters: {
        month,
        k: '5',
        epsilonPerCell: '0.5',
        policyVersion: '1',
        epsilonPerVisitorDay: '3.5',
        licence: DL_DE,
        namedCities: named,
      },
    });
    expect(log.json()).toEqual({
      entries: [
        {
          at: '2025-03-10T12:10:00.000Z',
          action: 'export',
          keyId: keys.giessen.id,
          actor: 'team giessen',
          role: 'city',
          target: '/v1/services/:service/comparison',
          parameters: { service: S1, period: NAMED_MONTH, format: 'csv', table: 'cities' },
        },
        release('2024-12', '2025-03-10T12:07:00.000Z', 'fulda,giessen,marburg,offenbach,wetzlar'),
        release(WITHDRAWN_MONTH, '2025-03-10T12:05:00.000Z', 'marburg,offenbach,wetzlar'),
        release(NAMED_MONTH, '2025-03-10T12:00:00.000Z', 'fulda,giessen,marburg,offenbach,wetzlar'),
      ],
    });
    const releases = await get(app, '/v1/audit-log?action=release_created&limit=1', keys.admin.key);
    expect(releases.json().entries.map((e: Json) => e.target)).toEqual(['2024-12']);
    for (const holder of [keys.giessen.key, keys.consortium.key]) {
      const refused = await get(app, '/v1/audit-log', holder);
      expect([refused.statusCode, refused.json().error]).toEqual([403, 'API_FORBIDDEN']);
    }
    expect((await get(app, '/v1/audit-log')).statusCode).toBe(401);
    // Besides the route's answer: the rows ClickHouse holds are these four.
    const stored = await db.client.query({
      query: 'SELECT count() AS n FROM audit_log_v1',
      format: 'JSONEachRow',
    });
    expect(await stored.json()).toEqual([{ n: 4 }]);
  });

  it('delivers no export it cannot record', async () => {
    const c = config();
    const inner = clickhouseWarehouse({ url: c.CLICKHOUSE_URL, database: c.CLICKHOUSE_DATABASE });
    const warehouse: Warehouse = {
      ...inner,
      insert: () => Promise.reject(new WarehouseUnavailableError('ClickHouse unreachable')),
    };
    const built = await buildApp({
      config: c,
      sites: loadSites(c.GODONU_SITES_FILE),
      keys: store,
      warehouse,
      logger: pino({ level: 'silent' }),
      now: () => clock,
    });
    running.push({ app: built, warehouse: inner });
    const url = `/v1/services/${S1}/comparison?period=${NAMED_MONTH}&format=csv`;
    const res = await get(built, url, keys.giessen.key);
    expect([res.statusCode, res.json()]).toEqual([
      503,
      { error: 'API_WAREHOUSE_UNAVAILABLE', message: 'the warehouse did not answer; retry shortly' },
    ]);
  });
});
