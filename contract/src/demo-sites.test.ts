import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assertNoDemoEntries, findDemoEntries, godonuDemo } from './demo-sites.ts';
import { parseSitesConfig, type SitesConfig } from './sites.schema.ts';

const REPO_SITES = parseSitesConfig(
  readFileSync(new URL('../../infra/config/sites.json', import.meta.url), 'utf8'),
);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const KEY_FIX = (key: string) =>
  `SHA-256 of the public demo key "${key}"; replace it with the hash of the city's own key (printf %s "$KEY" | sha256sum)`;
const ORIGIN_FIX = 'a loopback origin, only a local demo portal sends from it; remove it';
const HOST_FIX = 'a loopback host, only a local demo portal is served from it; remove it';

function city(key: string, overrides: Partial<SitesConfig['cities'][number]> = {}) {
  return {
    key,
    name: key,
    ags: '06531005',
    population: { inhabitants: 1000, asOf: '2024-12-31', source: 'test' },
    portalHosts: [`www.${key}.de`],
    allowedOrigins: [`https://www.${key}.de`],
    ingestKeySha256: [sha256(`live-key-${key}`)],
    queryAllowlist: [],
    serviceRules: [],
    namedInComparisons: true,
    ...overrides,
  };
}

describe('findDemoEntries', () => {
  it("finds every demo entry of the repository's sites file", () => {
    expect(findDemoEntries(REPO_SITES).map((e) => [e.city, e.field, e.value])).toEqual([
      ['offenbach', 'ingestKeySha256', sha256('demo-ingest-offenbach')],
      ['giessen', 'ingestKeySha256', sha256('demo-ingest-giessen')],
      ['giessen', 'allowedOrigins', 'http://127.0.0.1:8082'],
      ['giessen', 'allowedOrigins', 'http://localhost:8082'],
      ['giessen', 'portalHosts', '127.0.0.1'],
      ['giessen', 'portalHosts', 'localhost'],
      ['marburg', 'ingestKeySha256', sha256('demo-ingest-marburg')],
      ['fulda', 'ingestKeySha256', sha256('demo-ingest-fulda')],
      ['wetzlar', 'ingestKeySha256', sha256('demo-ingest-wetzlar')],
      ['limburg', 'ingestKeySha256', sha256('demo-ingest-limburg')],
    ]);
  });

  it('finds nothing in a configuration with live keys and public origins', () => {
    expect(findDemoEntries({ cities: [city('giessen'), city('fulda')], services: [] })).toEqual([]);
  });

  it("finds another city's demo key, demo keys of new cities, and every loopback spelling", () => {
    const sites = parseSitesConfig(
      JSON.stringify({
        cities: [
          city('kassel', {
            ingestKeySha256: [sha256('live-key-kassel'), sha256('demo-ingest-fulda')],
            allowedOrigins: [
              'https://www.kassel.de',
              'http://[::1]:8082',
              'http://portal.localhost',
              'http://127.1.2.3',
            ],
            portalHosts: ['www.kassel.de', 'LOCALHOST', '::1'],
          }),
          city('fulda', { ingestKeySha256: [sha256('demo-ingest-fulda')] }),
        ],
        services: [],
      }),
    );
    expect(findDemoEntries(sites)).toEqual([
      {
        city: 'kassel',
        field: 'ingestKeySha256',
        value: sha256('demo-ingest-fulda'),
        fix: KEY_FIX('demo-ingest-fulda'),
      },
      { city: 'kassel', field: 'allowedOrigins', value: 'http://[::1]:8082', fix: ORIGIN_FIX },
      { city: 'kassel', field: 'allowedOrigins', value: 'http://portal.localhost', fix: ORIGIN_FIX },
      { city: 'kassel', field: 'allowedOrigins', value: 'http://127.1.2.3', fix: ORIGIN_FIX },
      { city: 'kassel', field: 'portalHosts', value: 'LOCALHOST', fix: HOST_FIX },
      { city: 'kassel', field: 'portalHosts', value: '::1', fix: HOST_FIX },
      {
        city: 'fulda',
        field: 'ingestKeySha256',
        value: sha256('demo-ingest-fulda'),
        fix: KEY_FIX('demo-ingest-fulda'),
      },
    ]);
  });
});

describe('assertNoDemoEntries', () => {
  it('names each offending city and entry and says how to fix it', () => {
    const sites = parseSitesConfig(
      JSON.stringify({
        cities: [
          city('giessen', {
            ingestKeySha256: [sha256('demo-ingest-giessen')],
            allowedOrigins: ['https://www.giessen.de', 'http://localhost:8082'],
          }),
          city('fulda'),
        ],
        services: [],
      }),
    );
    expect(() => assertNoDemoEntries(sites, '/etc/godonu/sites.json')).toThrow(
      new Error(
        [
          '/etc/godonu/sites.json holds demo entries, which are refused outside demo mode:',
          `  giessen ingestKeySha256 "${sha256('demo-ingest-giessen')}": ${KEY_FIX('demo-ingest-giessen')}`,
          `  giessen allowedOrigins "http://localhost:8082": ${ORIGIN_FIX}`,
          'Fix the sites file before going live (see infra/config/README.md), or set GODONU_DEMO=1 for a local demo.',
        ].join('\n'),
      ),
    );
  });

  it('passes a configuration without demo entries', () => {
    expect(() =>
      assertNoDemoEntries({ cities: [city('giessen')], services: [] }, 'sites.json'),
    ).not.toThrow();
  });
});

describe('godonuDemo (GODONU_DEMO)', () => {
  const schema = z.object({ GODONU_DEMO: godonuDemo });
  it.each([
    [{}, false],
    [{ GODONU_DEMO: '0' }, false],
    [{ GODONU_DEMO: '1' }, true],
  ])('reads %j as %s', (env, demo) => {
    expect(schema.parse(env).GODONU_DEMO).toBe(demo);
  });

  it('refuses anything else', () => {
    const result = schema.safeParse({ GODONU_DEMO: 'true' });
    expect(result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['GODONU_DEMO', 'GODONU_DEMO is 1 (demo mode) or 0 (the default: demo entries are refused)'],
    ]);
  });
});
