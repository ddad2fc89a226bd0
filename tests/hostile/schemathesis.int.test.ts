/*
 * Schemathesis against the api's served OpenAPI document, as the real process, with a key of each role, over a
 * warehouse with real traffic (so answers carry numbers and suppressed cells): every check it has (no 5xx,
 * statuses, content types, headers and bodies as documented, negative data refused, valid data accepted, auth
 * enforced, 405 for other methods) must pass.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import { seedCities, withIngestKeys } from './city-traffic.ts';
import { ensureSchemathesis, runSchemathesis, SCHEMATHESIS_VERSION } from './schemathesis.ts';

/** Test cases per operation and phase: about 450 requests per role, three roles in well under a minute. */
const MAX_EXAMPLES = 20;
const SEED = 20_251_125;
const HOOKS_DIR = path.dirname(fileURLToPath(import.meta.url));

let p: Pipeline;
let st: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  [st, p] = await Promise.all([ensureSchemathesis(), startPipeline({ sites: withIngestKeys })]);
  // Named cities above and below k (10), and one that opted out of being named.
  await seedCities(
    {
      collectorUrl: p.services.collector.url,
      clickhouse: p.clickhouse,
      service: p.sites.services[0]?.key as string,
    },
    { giessen: 12, fulda: 11, wetzlar: 3, limburg: 12 },
  );
  keys.admin = await p.apiKey('admin');
  keys.consortium = await p.apiKey('consortium');
  keys['city (giessen)'] = await p.apiKey('city', 'giessen');
});
afterAll(async () => {
  await p?.stop();
});

describe(`schemathesis ${SCHEMATHESIS_VERSION} against GET /openapi.json`, () => {
  it.each(['admin', 'consortium', 'city (giessen)'])(
    'finds no failure with a %s key',
    { timeout: 120_000 },
    async (role) => {
      const args = [
        `${p.services.api.url}/openapi.json`,
        '--header',
        `Authorization: Bearer ${keys[role]}`,
        '--checks',
        'all',
        '--max-examples',
        String(MAX_EXAMPLES),
        '--seed',
        String(SEED),
        '--generation-database',
        'none',
        '--no-color',
        '--output-truncate',
        'true',
      ];
      const result = await runSchemathesis(st, args, {
        ...process.env,
        PYTHONPATH: HOOKS_DIR,
        SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
        GODONU_CITY_KEYS: p.sites.cities.map((c) => c.key).join(','),
        GODONU_SERVICE_KEYS: p.sites.services.map((s) => s.key).join(','),
      });
      console.log(
        `st run ${args.map((a) => (a.startsWith('Authorization') ? 'Authorization: Bearer <key>' : a)).join(' ')}\n${result.summary}`,
      );
      if (result.exitCode !== 0) console.log(result.output.slice(0, 20_000));
      expect(result.summary).toMatch(/Test cases:\s+\d+ generated, \d+ passed/);
      expect(result.summary).not.toMatch(/failures?|errors?/i);
      expect(result.exitCode).toBe(0);
    },
  );
});
