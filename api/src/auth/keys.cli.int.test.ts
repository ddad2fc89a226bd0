/*
 * The `keys` command as the READMEs document it (`pnpm --filter @godonu/api keys …`, which runs it in api/): the file
 * it writes, its refusals as the first line on stderr, and the demo keys `npm start` renews through it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'godonu-keys-cli-'));
const sitesFile = path.join(dir, 'sites.json');
const sites = JSON.parse(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8')) as {
  cities: { key: string }[];
};
writeFileSync(sitesFile, JSON.stringify(sites));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pnpm --filter @godonu/api keys <args>` from the repository root, with only the variables given. */
function keys(args: string[], vars: Record<string, string>): Promise<Result> {
  const env: NodeJS.ProcessEnv = { ...process.env, GODONU_SITES_FILE: sitesFile, ...vars };
  for (const name of ['API_KEYS_FILE', 'GODONU_DATA_DIR', 'DISCLOSURE_SECRET', 'GODONU_DEMO'])
    if (!(name in vars)) delete env[name];
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['--filter', '@godonu/api', 'keys', ...args],
      { cwd: REPO_ROOT, env },
      (err, stdout, stderr) =>
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    );
  });
}

/** Each call starts pnpm and tsx: seconds apiece on a busy two-core machine. */
const CLI_TEST_TIMEOUT_MS = 120_000;

/** The last line of stdout: pnpm prints its banner before the command's own output. */
const lastLine = (text: string) => text.trim().split('\n').at(-1) as string;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pnpm --filter @godonu/api keys', () => {
  it(
    'writes $GODONU_DATA_DIR/api-keys.json by default, needing no disclosure secret',
    async () => {
      const dataDir = path.join(dir, 'data');
      const r = await keys(['create', '--role', 'admin'], { GODONU_DATA_DIR: dataDir });
      const file = path.join(dataDir, 'api-keys.json');
      const id = /^gdk_([0-9a-f]{8})_/.exec(lastLine(r.stdout))?.[1];
      expect([r.code, r.stderr]).toEqual([0, `created key ${id} (admin) in ${file}\n`]);
      // Hashed, never in clear.
      expect(readFileSync(file, 'utf8').includes(lastLine(r.stdout))).toBe(false);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'takes a relative API_KEYS_FILE from the directory it was run in, not from api/',
    async () => {
      const relative = path.relative(REPO_ROOT, path.join(dir, 'relative-keys.json'));
      const r = await keys(['create', '--role', 'consortium'], { API_KEYS_FILE: relative });
      const id = /^gdk_([0-9a-f]{8})_/.exec(lastLine(r.stdout))?.[1];
      expect([r.code, r.stderr]).toEqual([
        0,
        `created key ${id} (consortium) in ${dir}/relative-keys.json\n`,
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'names the sites file when the city is not in it, on the first line of stderr, with exit code 2',
    async () => {
      const r = await keys(['create', '--role', 'city', '--city', 'kassel'], {
        API_KEYS_FILE: path.join(dir, 'refused.json'),
      });
      expect([r.code, r.stderr]).toEqual([
        2,
        `keys: no city "kassel" in the sites file ${sitesFile} (GODONU_SITES_FILE); it has ${sites.cities.map((c) => c.key).join(', ')}. Set GODONU_SITES_FILE to the file the services read.\n`,
      ]);
      const noCity = await keys(['create', '--role', 'city'], {
        API_KEYS_FILE: path.join(dir, 'refused.json'),
      });
      expect([noCity.code, noCity.stderr]).toEqual([2, 'keys: a city key needs --city <city key>\n']);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'renews the demo keys: the earlier ones are revoked, every other key stays',
    async () => {
      const vars = { API_KEYS_FILE: path.join(dir, 'demo-keys.json') };
      const own = await keys(
        ['create', '--role', 'city', '--city', 'giessen', '--label', 'Digitalteam'],
        vars,
      );
      const first = await keys(['demo'], vars);
      const second = await keys(['demo'], vars);
      expect([own.code, first.code, second.code]).toEqual([0, 0, 0]);
      const roles = (r: Result) =>
        r.stdout
          .trim()
          .split('\n')
          .slice(-3)
          .map((l) => l.split('\t').slice(0, 2));
      expect(roles(second)).toEqual([
        ['city', 'giessen'],
        ['consortium', '-'],
        ['admin', '-'],
      ]);
      expect(second.stderr).toBe(
        `created 3 demo keys in ${vars.API_KEYS_FILE}; revoked 3 demo keys of earlier runs; every other key stays\n`,
      );
      const listed = (await keys(['list'], vars)).stdout
        .trim()
        .split('\n')
        .filter((l) => /^[0-9a-f]{8}\t/.test(l))
        .map((l) => {
          const [, role, city, state, , label] = l.split('\t');
          return [role, city, state?.startsWith('revoked') ? 'revoked' : state, label];
        });
      const demo = 'demo key (npm start)';
      expect(listed).toEqual([
        ['city', 'giessen', 'active', 'Digitalteam'],
        ['city', 'giessen', 'revoked', demo],
        ['consortium', '-', 'revoked', demo],
        ['admin', '-', 'revoked', demo],
        ['city', 'giessen', 'active', demo],
        ['consortium', '-', 'active', demo],
        ['admin', '-', 'active', demo],
      ]);
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
