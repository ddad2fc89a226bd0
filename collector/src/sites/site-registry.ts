import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { assertNoDemoEntries, type CityConfig, parseSitesConfig, type SitesConfig } from '@godonu/contract';

export interface Site {
  readonly key: string;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly queryAllowlist: ReadonlySet<string>;
}

/** The cities as the collector needs them: lookups by key, by ingest-key hash and by browser origin. */
export interface SiteRegistry {
  readonly keys: readonly string[];
  get(key: string): Site | undefined;
  /** Any configured city's origin: answers CORS preflights, which carry no body and so no site. */
  isKnownOrigin(origin: string): boolean;
  /** The site whose backends use this ingest key, if any. */
  siteForIngestKey(key: string): string | undefined;
}

function toSite(city: CityConfig): Site {
  return {
    key: city.key,
    allowedOrigins: new Set(city.allowedOrigins.map(normalizeOrigin)),
    queryAllowlist: new Set(city.queryAllowlist),
  };
}

/** Origins compare as the browser sends them: scheme://host[:port], lowercase, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function createSiteRegistry(config: SitesConfig): SiteRegistry {
  const sites = new Map(config.cities.map((c) => [c.key, toSite(c)]));
  const origins = new Set(config.cities.flatMap((c) => c.allowedOrigins.map(normalizeOrigin)));
  const keyHashes = new Map<string, string>();
  for (const city of config.cities) {
    for (const hash of city.ingestKeySha256) {
      const other = keyHashes.get(hash);
      if (other && other !== city.key) throw new Error(`ingest key shared by sites ${other} and ${city.key}`);
      keyHashes.set(hash, city.key);
    }
  }
  return {
    keys: [...sites.keys()],
    get: (key) => sites.get(key),
    isKnownOrigin: (origin) => origins.has(origin) || origins.has(normalizeOrigin(origin)),
    // Looking up the key's SHA-256 leaks nothing through timing: an attacker would need a preimage.
    siteForIngestKey: (key) => keyHashes.get(sha256Hex(key)),
  };
}

/** Reads the sites file; outside demo mode a file with demo keys, origins or hosts is refused. */
export function loadSiteRegistry(file: string, options: { demo: boolean }): SiteRegistry {
  const config = parseSitesConfig(readFileSync(file, 'utf8'));
  if (!options.demo) assertNoDemoEntries(config, file);
  return createSiteRegistry(config);
}
