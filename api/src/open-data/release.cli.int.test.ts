/*
 * The release command as the READMEs document it (`pnpm --filter @godonu/api release …`) against the real
 * ClickHouse: what it prints, the release and the audit entry it stores (the same cells as the api's), and its
 * refusals as the first line on stderr with exit code 2, leaving everything as it was.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '@godonu/warehouse';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REALTIME_NOW, TEST_DISCLOSURE_SECRET } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { NAMED_MONTH, releaseFixtureRows, S1 } from '../../../tests/support/api-fixture/release.fixture.ts';
import { testDatabase } from '../../../tests/support/infra.ts';
import { buildApp } from '../app.ts';
import { KeyStore } from '../auth/key-store.ts';
import { loadConfig, REPO_ROOT } from '../config.ts';
import { latestClosed } from '../disclosure/published-period.ts';
import { loadSites } from '../sites.ts';
import { clickhouseWarehouse } from '../warehouse.ts';

const BASE_URL = 'https://daten.example.org';
/** Each call starts pnpm and tsx: seconds apiece on a busy two-core machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

let db: Awaited<ReturnType<typeof testDatabase>>;
let vars: Record<string, string>;

/** The command's own lines on stdout: pnpm prints its banner (`> @godonu/api@ release …`) before them. */
const own = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('> '))
    .map((l) => `${l}\n`)
    .join('');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pnpm --filter @godonu/api release <args>` from the repository root, with the api's environment. */
function release(args: string[], extra: Record<string, string> = {}): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...vars, ...extra };
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['--filter', '@godonu/api', 'release', ...args],
      { cwd: REPO_ROOT, env },
      (err, stdout, stderr) =>
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    );
  });
}

async function count(query: string): Promise<unknown> {
  return (await db.client.query({ query, format: 'JSONEachRow' })).json();
}

beforeAll(async () => {
  db = await testDatabase('releasecli');
  await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 3650 });
  await db.client.insert({ table: 'events', values: releaseFixtureRows(NAMED_MONTH), format: 'JSONEachRow' });
  vars = {
    CLICKHOUSE_URL: inject('clickhouseUrl'),
    CLICKHOUSE_DATABASE: db.database,
    GODONU_DEMO: '1',
    K_ANONYMITY: '5',
    DISCLOSURE_EPSILON: '0.5',
    DISCLOSURE_SECRET: TEST_DISCLOSURE_SECRET,
    OPEN_DATA_BASE_URL: BASE_URL,
    LOG_LEVEL: 'silent',
  };
});
afterAll(async () => {
  await db?.drop();
});

describe('pnpm --filter @godonu/api release', () => {
  it(
    'creates a closed month once: the files’ addresses on stdout, the release and its audit entry in ClickHouse, the api’s own cells',
    async () => {
      const r = await release(['create', '--month', NAMED_MONTH, '--by', 'Programmbüro']);
      expect([r.code, own(r.stdout)]).toEqual([
        0,
        [
          `${BASE_URL}/open-data/releases/${NAMED_MONTH}.json`,
          `${BASE_URL}/open-data/releases/${NAMED_MONTH}/services.csv`,
          `${BASE_URL}/open-data/releases/${NAMED_MONTH}/cities.csv`,
          `${BASE_URL}/open-data/releases/${NAMED_MONTH}/shares.csv`,
          '',
        ].join('\n'),
      ]);
      const created =
        /^created open-data release 2025-01\tcreated (\S+) by command\tk 5, ε 0.5 per cell, 3.5 per visitor-day\tfulda,giessen,marburg,offenbach,wetzlar\n$/.exec(
          r.stderr,
        );
      expect(created).not.toBeNull();
      const createdAt = created?.[1] as string;

      // The api serves it, and a named city's numbers are the very cells the consortium's comparison shows.
      const dir = await mkdtemp(path.join(tmpdir(), 'godonu-release-cli-'));
      const config = loadConfig({ ...vars, API_KEYS_FILE: path.join(dir, 'keys.json') });
      const store = new KeyStore(config.API_KEYS_FILE);
      const admin = await store.create({ role: 'admin', city: null, label: 'admin' });
      const consortium = await store.create({ role: 'consortium', city: null, label: 'consortium' });
      const warehouse = clickhouseWarehouse({
        url: config.CLICKHOUSE_URL,
        database: config.CLICKHOUSE_DATABASE,
      });
      const app = await buildApp({
        config,
        sites: loadSites(config.GODONU_SITES_FILE),
        keys: store,
        warehouse,
        logger: pino({ level: 'silent' }),
        now: () => REALTIME_NOW,
      });
      try {
        const doc = (await app.inject({ url: `/open-data/releases/${NAMED_MONTH}.json` })).json();
        expect([doc.createdAt, doc.createdBy]).toEqual([createdAt, 'command']);
        const comparison = (
          await app.inject({
            url: `/v1/services/${S1}/comparison?period=${NAMED_MONTH}`,
            headers: { authorization: `Bearer ${consortium.key}` },
          })
        ).json();
        const giessen = doc.tables.services.find(
          (x: { city: string; service: string }) => x.city === 'giessen' && x.service === S1,
        );
        const shown = comparison.cities.find(
          (c: { city: { key: string } }) => c.city.key === 'giessen',
        ).metrics;
        expect([giessen.viewers, giessen.starters, giessen.completions]).toEqual([
          shown.viewers.value,
          shown.starters.value,
          shown.completions.value,
        ]);
        const log = (
          await app.inject({ url: '/v1/audit-log', headers: { authorization: `Bearer ${admin.key}` } })
        ).json();
        expect(log.entries).toEqual([
          {
            at: createdAt,
            action: 'release_created',
            keyId: '',
            actor: 'Programmbüro',
            role: 'command',
            target: NAMED_MONTH,
            parameters: {
              month: NAMED_MONTH,
              k: '5',
              epsilonPerCell: '0.5',
              policyVersion: '1',
              epsilonPerVisitorDay: '3.5',
              licence: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
              namedCities: 'fulda,giessen,marburg,offenbach,wetzlar',
            },
          },
        ]);
      } finally {
        await app.close();
        await warehouse.close();
        await rm(dir, { recursive: true, force: true });
      }

      const listed = await release(['list']);
      expect([listed.code, own(listed.stdout)]).toEqual([
        0,
        `${NAMED_MONTH}\tcreated ${createdAt} by command\tk 5, ε 0.5 per cell, 3.5 per visitor-day\tfulda,giessen,marburg,offenbach,wetzlar\n`,
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a month released already, a month not closed and a malformed month on the first line of stderr (exit code 2), storing nothing',
    async () => {
      const before = await count('SELECT count() AS n FROM open_data_releases_v1');
      const audit = await count('SELECT count() AS n FROM audit_log_v1');
      const createdAt = (
        (await count('SELECT toString(created_at) AS t FROM open_data_releases_v1')) as { t: string }[]
      )[0]?.t as string;
      const again = await release(['create', '--month', NAMED_MONTH]);
      expect([again.code, again.stderr]).toEqual([
        2,
        `release: ${NAMED_MONTH} has been released already (${createdAt.replace(' ', 'T')}Z): a release is never recomputed or replaced\n`,
      ]);
      const open = await release(['create', '--month', '2099-01']);
      expect([open.code, open.stderr]).toEqual([
        2,
        `release: 2099-01 is not a closed month yet; the latest closed month is ${latestClosed(new Date()).month}\n`,
      ]);
      const malformed = await release(['create', '--month', '2025-1']);
      expect([malformed.code, malformed.stderr]).toEqual([
        2,
        'release: --month 2025-1 is not a calendar month (YYYY-MM, e.g. 2026-11)\n',
      ]);
      const usage = await release(['publish']);
      expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([2, 'release: usage:']);
      expect(await count('SELECT count() AS n FROM open_data_releases_v1')).toEqual(before);
      expect(await count('SELECT count() AS n FROM audit_log_v1')).toEqual(audit);
      expect(before).toEqual([{ n: 1 }]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'names an unreachable ClickHouse on the first line of stderr (exit code 1)',
    async () => {
      const r = await release(['create', '--month', NAMED_MONTH], { CLICKHOUSE_URL: 'http://127.0.0.1:9' });
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([
        1,
        'release: ClickHouse unreachable at http://127.0.0.1:9 (CLICKHOUSE_URL)',
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
