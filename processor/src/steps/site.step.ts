import type { CityConfig, SitesConfig } from '@godonu/contract';
import type { DeadLetterReason } from './step.ts';

/** The sites configuration, indexed for the steps. */
export interface SiteIndex {
  city(key: string): CityConfig | undefined;
  /**
   * The cities that list this portal host. A form vendor's host serves many cities, so a host may have several:
   * the record's site says whose event it is, the host only whether it may be that city's page.
   */
  portalHostCities(host: string): ReadonlySet<string>;
  serviceRules(key: string): { pattern: RegExp; service: string }[];
}

export function indexSites(config: SitesConfig): SiteIndex {
  const cities = new Map(config.cities.map((c) => [c.key, c]));
  const hosts = new Map<string, Set<string>>();
  for (const c of config.cities) {
    for (const h of c.portalHosts) {
      const host = h.toLowerCase();
      const owners = hosts.get(host) ?? new Set<string>();
      owners.add(c.key);
      hosts.set(host, owners);
    }
  }
  const none: ReadonlySet<string> = new Set();
  const rules = new Map(
    config.cities.map((c) => [
      c.key,
      c.serviceRules.map((r) => ({ pattern: new RegExp(r.pathPattern), service: r.service })),
    ]),
  );
  return {
    city: (key) => cities.get(key),
    portalHostCities: (host) => hosts.get(host.toLowerCase()) ?? none,
    serviceRules: (key) => rules.get(key) ?? [],
  };
}

/** A record for a city this processor does not know is dead-lettered: good data, to replay once configured. */
export function resolveSite(
  sites: SiteIndex,
  site: string,
): { kind: 'ok'; city: CityConfig } | { kind: 'dead_letter'; reason: DeadLetterReason; detail: string } {
  const city = sites.city(site);
  return city
    ? { kind: 'ok', city }
    : { kind: 'dead_letter', reason: 'unknown_site', detail: `site ${site} is not configured` };
}
