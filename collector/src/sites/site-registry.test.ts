import { readFileSync } from 'node:fs';
import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { SITES } from '../test-support/fixtures.ts';
import { createSiteRegistry, loadSiteRegistry } from './site-registry.ts';

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

  it('accepts the demo ingest key of every configured city', () => {
    const file = loadConfig({}).GODONU_SITES_FILE;
    const sites = loadSiteRegistry(file);
    const cities = parseSitesConfig(readFileSync(file, 'utf8')).cities.map((c) => c.key);
    expect(cities.map((c) => sites.siteForIngestKey(`demo-ingest-${c}`))).toEqual(cities);
  });
});
