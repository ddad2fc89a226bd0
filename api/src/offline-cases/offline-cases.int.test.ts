/*
 * Importing offline case numbers through the api (`POST /v1/cities/{city}/offline-cases`) and the command
 * (`pnpm --filter @godonu/api offline-cases import`), against the real ClickHouse: a file with a problem changes
 * nothing and names its line; an import replaces its months and nothing else; every import is recorded.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { REPO_ROOT } from '../config.ts';
import { ERRORS } from '../errors.ts';
import { readOfflineCases, readOfflineImports } from '../queries/offline-cases.query.ts';

const WOHNSITZ = '99115001000000';
const HUND = '99036010000000';
const PARKEN = '99107003000000';
/** The api's clock: 2025-03 is the last month that is over. */
const NOW = new Date('2025-04-10T08:00:00Z');
const HEADER = 'Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige';
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\r\n')}\r\n`;
/** Six good lines and, in line 7, a service that is not in the catalog. */
const LINE_7_WRONG = csv(
  `2025-01;${WOHNSITZ};400;20;10;5;1`,
  `2025-01;${HUND};30;2;0;0;0`,
  `2025-02;${WOHNSITZ};380;18;9;4;0`,
  `2025-02;${HUND};28;1;0;1;0`,
  `2025-03;${WOHNSITZ};350;15;8;3;2`,
  '2025-03;99999999999999;10;0;0;0;0',
);
const SERVICE_7 = {
  line: 7,
  column: 'service',
  message: 'service 99999999999999 is not in the service catalog',
};

let h: Harness;
const dir = mkdtempSync(path.join(os.tmpdir(), 'godonu-offline-cases-'));
beforeAll(async () => {
  h = await startHarness('api_offline', { now: NOW });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(city: string, body: string, key?: string, contentType = 'text/csv') {
  return h.app.inject({
    method: 'POST',
    url: `/v1/cities/${city}/offline-cases`,
    headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
}

/** The numbers in force for a city, as `month service counter,post,phone,email,other`, sorted. */
async function inForce(city: string): Promise<string[]> {
  const rows = await readOfflineCases(h.warehouse, {
    sites: [city],
    service: null,
    firstMonth: '2000-01-01',
    lastMonth: '2099-12-01',
  });
  return rows
    .map(
      (r) =>
        `${r.month.slice(0, 7)} ${r.service} ${[r.counter, r.post, r.phone, r.email, r.other].join(',')}`,
    )
    .sort();
}

const imports = async (city: string) => readOfflineImports(h.warehouse, { site: city, limit: 100 });
const keyId = (key: string) => key.split('_')[1] as string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pnpm --filter @godonu/api offline-cases <args>` from the repository root, against the test's database. */
function command(args: string[]): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLICKHOUSE_URL: inject('clickhouseUrl'),
    CLICKHOUSE_DATABASE: h.database,
  };
  for (const name of ['GODONU_SITES_FILE', 'DISCLOSURE_SECRET', 'GODONU_DEMO']) delete env[name];
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['--filter', '@godonu/api', 'offline-cases', ...args],
      { cwd: REPO_ROOT, env },
      (err, stdout, stderr) =>
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    );
  });
}
/** Each run starts pnpm and tsx: seconds apiece on a busy two-core machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;
const lastLine = (text: string) => text.trim().split('\n').at(-1) as string;

describe('POST /v1/cities/{city}/offline-cases', () => {
  it('changes nothing for a file with an error in line 7, and names line 7', async () => {
    const first = await post('giessen', csv(`2025-01;${PARKEN};5;0;0;0;0`), h.keys.giessen);
    expect(first.statusCode).toBe(201);
    const before = { inForce: await inForce('giessen'), imports: await imports('giessen') };
    expect(before.inForce).toEqual([`2025-01 ${PARKEN} 5,0,0,0,0`]);

    const res = await post('giessen', LINE_7_WRONG, h.keys.giessen);
    expect([res.statusCode, res.json()]).toEqual([
      422,
      {
        error: 'API_OFFLINE_CASES_INVALID',
        message: ERRORS.API_OFFLINE_CASES_INVALID.message,
        details: { issues: [SERVICE_7], more: 0 },
      },
    ]);
    // Not the five good lines, not a record: the months of the file keep what they had.
    expect(await inForce('giessen')).toEqual(before.inForce);
    expect(await imports('giessen')).toEqual(before.imports);
  });

  it('replaces the months it names, and nothing else; every import is recorded with who and what changed', async () => {
    const a = await post(
      'wetzlar',
      csv(
        `2025-01;${WOHNSITZ};100;10;5;5;0`,
        `2025-02;${WOHNSITZ};90;9;4;4;1`,
        `2025-02;${HUND};12;0;0;0;0`,
        `2025-02;${PARKEN};7;1;0;0;0`,
      ),
      h.keys.wetzlar,
    );
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({
      city: 'wetzlar',
      importedAt: NOW.toISOString(),
      source: 'api',
      keyId: keyId(h.keys.wetzlar),
      actor: 'team wetzlar',
      months: ['2025-01', '2025-02'],
      lines: 4,
      added: 4,
      changed: 0,
      removed: 0,
      unchanged: 0,
    });

    // February again, by an admin: Wohnsitz changed, Hund as it was, Parken left out (removed), Sperrmüll new.
    const again = csv(
      `02.2025;${WOHNSITZ};95;9;4;4;1`,
      `02.2025;${HUND};12;0;0;0;0`,
      `02.2025;99124001000000;3;0;0;0;0`,
    );
    const b = await post('wetzlar', again, h.keys.admin, 'text/plain; charset=utf-8');
    expect(b.statusCode).toBe(201);
    expect(b.json()).toMatchObject({
      source: 'api',
      keyId: keyId(h.keys.admin),
      actor: 'admin',
      months: ['2025-02'],
      lines: 3,
      added: 1,
      changed: 1,
      removed: 1,
      unchanged: 1,
    });
    const expected = [
      `2025-01 ${WOHNSITZ} 100,10,5,5,0`,
      `2025-02 ${HUND} 12,0,0,0,0`,
      `2025-02 ${WOHNSITZ} 95,9,4,4,1`,
      '2025-02 99124001000000 3,0,0,0,0',
    ];
    expect(await inForce('wetzlar')).toEqual(expected);

    // The same file once more: the same numbers (idempotent), one more record saying nothing changed.
    const c = await post('wetzlar', again, h.keys.admin);
    expect(c.json()).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 3 });
    expect(await inForce('wetzlar')).toEqual(expected);

    // The records as stored, newest first, equal the answers; the api's clock stands still, so each import is
    // recorded a millisecond after the one before (and so is in force after it).
    const answered = [c, b, a].map((r) => r.json());
    expect(answered.map((r) => r.importedAt)).toEqual([
      '2025-04-10T08:00:00.002Z',
      '2025-04-10T08:00:00.001Z',
      '2025-04-10T08:00:00.000Z',
    ]);
    const stored = (await imports('wetzlar')).map((r) => ({
      importId: r.import_id,
      city: 'wetzlar',
      importedAt: `${r.imported_at.replace(' ', 'T')}Z`,
      source: r.source,
      keyId: r.key_id,
      actor: r.actor,
      fileSha256: r.file_sha256,
      months: r.months.map((m) => m.slice(0, 7)),
      lines: r.lines,
      added: r.added,
      changed: r.changed,
      removed: r.removed,
      unchanged: r.unchanged,
    }));
    expect(stored).toEqual(answered);
  });

  it('is for the city team of that city and admins: others 403, unknown city 404, no key 401', async () => {
    const file = csv(`2025-01;${WOHNSITZ};1;0;0;0;0`);
    const forbidden = {
      error: 'API_FORBIDDEN',
      message: ERRORS.API_FORBIDDEN.message,
      details: { city: 'giessen' },
    };
    for (const key of [h.keys.consortium, h.keys.limburg]) {
      const res = await post('giessen', file, key);
      expect([res.statusCode, res.json()]).toEqual([403, forbidden]);
    }
    const unknown = await post('atlantis', file, h.keys.admin);
    expect([unknown.statusCode, unknown.json().error]).toEqual([404, 'API_UNKNOWN_CITY']);
    expect((await post('giessen', file)).statusCode).toBe(401);
    expect((await post('giessen', file, h.keys.revoked)).statusCode).toBe(401);
    expect(await inForce('giessen')).toEqual([`2025-01 ${PARKEN} 5,0,0,0,0`]);
  });
});

describe('pnpm --filter @godonu/api offline-cases import', () => {
  it(
    'changes nothing for a file with an error in line 7: its refusal first on stderr, line 7 next, exit code 2',
    async () => {
      const file = path.join(dir, 'line7.csv');
      writeFileSync(file, LINE_7_WRONG);
      const before = await imports('marburg');
      const r = await command(['import', '--city', 'marburg', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').slice(0, 2)).toEqual([
        `offline-cases: ${file} has 1 problem; nothing was imported`,
        '  line 7 (service): service 99999999999999 is not in the service catalog',
      ]);
      expect([await inForce('marburg'), await imports('marburg')]).toEqual([[], before]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'imports a file taken from the directory it was run in, recorded as the command with its --by text',
    async () => {
      const file = path.join(dir, 'marburg.csv');
      writeFileSync(file, `month,service,counter,post,phone,email,other\n2025-03,${WOHNSITZ},41,3,2,1,0\n`);
      const r = await command([
        'import',
        '--city',
        'marburg',
        '--by',
        'Bürgerbüro',
        path.relative(REPO_ROOT, file),
      ]);
      const [record] = await imports('marburg');
      expect([r.code, lastLine(r.stdout)]).toEqual([
        0,
        `imported 1 lines for marburg, months 2025-03: 1 added, 0 changed, 0 removed, 0 unchanged (import ${record?.import_id})`,
      ]);
      expect(record).toMatchObject({
        source: 'cli',
        key_id: '',
        actor: 'Bürgerbüro',
        months: ['2025-03-01'],
      });
      expect(await inForce('marburg')).toEqual([`2025-03 ${WOHNSITZ} 41,3,2,1,0`]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'refuses an unknown city and a missing --city on the first line of stderr, with exit code 2',
    async () => {
      const file = path.join(dir, 'marburg.csv');
      const unknown = await command(['import', '--city', 'atlantis', file]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr.split('\n')[0]).toMatch(
        /^offline-cases: no city "atlantis" in the sites file .*infra\/config\/sites\.json \(GODONU_SITES_FILE\); it has offenbach, giessen, marburg, fulda, wetzlar, limburg$/,
      );
      const missing = await command(['import', file]);
      expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([
        2,
        'offline-cases: --city <city key> is required',
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
