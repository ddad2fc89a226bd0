import { readFileSync } from 'node:fs';
import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { SITES } from '../test-support/fixtures.ts';
import { createSiteRegistry, loadSiteRegistry, sha256Hex } from './site-registry.ts';

describe('site registry', () => {
  it('finds sites by key, origin and ingest key', () => {
    const sites = createSiteRegistry(SITES);
    expect(sites.keys).toEqual(['giessen', 'fulda']);
    expect([...(sites.get('giessen')?.allowedOrigins ?? [])]).toEqual([
      'https://www.giessen.de',
      'https://formulare.giessen.de',
    ]);
    expect(sites.get('kassel')).toBeUndefined();
    expect(sites.isKnownOrigin('https://WWW.FULDA.DE/')).toBe(true);
    expect(sites.isKnownOrigin('https://www.fulda.de.evil.example')).toBe(false);
    expect(sites.siteForIngestKey('test-ingest-giessen')).toBe('giessen');
    expect(sites.siteForIngestKey('test-ingest-kassel')).toBeUndefined();
  });

  it('refuses one ingest key shared by two cities', () => {
    const [giessen, fulda] = SITES.cities as [(typeof SITES.cities)[0], (typeof SITES.cities)[0]];
    expect(() =>
      createSiteRegistry({
        ...SITES,
        cities: [giessen, { ...fulda, ingestKeySha256: giessen.ingestKeySha256 }],
      }),
    ).toThrow('ingest key shared by sites giessen and fulda');
  });

  it('accepts the demo ingest key of every configured city in demo mode', () => {
    const file = loadConfig({}).GODONU_SITES_FILE;
    const sites = loadSiteRegistry(file, { demo: true });
    const cities = parseSitesConfig(readFileSync(file, 'utf8')).cities.map((c) => c.key);
    expect(cities).toEqual(['offenbach', 'giessen', 'marburg', 'fulda', 'wetzlar', 'limburg']);
    expect(cities.map((c) => sites.siteForIngestKey(`demo-ingest-${c}`))).toEqual(cities);
    expect(sites.isKnownOrigin('http://127.0.0.1:8082')).toBe(true);
  });

  it("refuses the repository's demo sites file outside demo mode, naming every demo entry", () => {
    const file = loadConfig({}).GODONU_SITES_FILE;
    const key = (city: string) =>
      `  ${city} ingestKeySha256 "${sha256Hex(`demo-ingest-${city}`)}": SHA-256 of the public demo key ` +
      `"demo-ingest-${city}"; replace it with the hash of the city's own key (printf %s "$KEY" | sha256sum)`;
    expect(() => loadSiteRegistry(file, { demo: false })).toThrow(
      new Error(
        [
          `${file} holds demo entries, which are refused outside demo mode:`,
          key('offenbach'),
          key('giessen'),
          '  giessen allowedOrigins "http://127.0.0.1:8082": a loopback origin, only a local demo portal sends from it; remove it',
          '  giessen allowedOrigins "http://localhost:8082": a loopback origin, only a local demo portal sends from it; remove it',
          '  giessen portalHosts "127.0.0.1": a loopback host, only a local demo portal is served from it; remove it',
          '  giessen portalHosts "localhost": a loopback host, only a local demo portal is served from it; remove it',
          key('marburg'),
          key('fulda'),
          key('wetzlar'),
          key('limburg'),
          'Fix the sites file before going live (see infra/config/README.md), or set GODONU_DEMO=1 for a local demo.',
        ].join('\n'),
      ),
    );
  });
});
