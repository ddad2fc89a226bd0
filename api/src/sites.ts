import { readFileSync } from 'node:fs';
import { type CatalogService, type CityConfig, parseSitesConfig, type SitesConfig } from '@godonu/contract';

/** The sites configuration, indexed for lookups by key. Read once at start (it is configuration, not data). */
export interface Sites {
  config: SitesConfig;
  cities: ReadonlyMap<string, CityConfig>;
  services: ReadonlyMap<string, CatalogService>;
}

export function indexSites(config: SitesConfig): Sites {
  return {
    config,
    cities: new Map(config.cities.map((c) => [c.key, c])),
    services: new Map(config.services.map((s) => [s.key, s])),
  };
}

export function loadSites(file: string): Sites {
  return indexSites(parseSitesConfig(readFileSync(file, 'utf8')));
}
