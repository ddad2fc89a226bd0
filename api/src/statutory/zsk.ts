/*
 * The ZSK export's rows (zsk-format.ts): a city's own exact form confirmations, or, for the consortium, every named
 * city's published completions per catalog service — every city × service of the catalog, so that a missing row
 * cannot tell "nobody" from "a few".
 */
import type { CatalogService, CityConfig } from '@godonu/contract';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { serviceCell } from '../disclosure/service-cells.ts';
import type { TransactionsRow } from '../queries/statutory.query.ts';
import type { ZskRow } from './zsk-format.ts';

const nameOf = (services: ReadonlyMap<string, CatalogService>, key: string) =>
  services.get(key)?.name.de ?? '';

/** The city's own file: each service with any event in the month, its confirmations exactly. */
export function ownZskRows(
  city: CityConfig,
  month: string,
  services: ReadonlyMap<string, CatalogService>,
  rows: readonly TransactionsRow[],
): ZskRow[] {
  return rows
    .filter((r) => r.site === city.key)
    .map((r) => ({
      leikaKey: r.service,
      serviceName: nameOf(services, r.service),
      ags: city.ags,
      municipality: city.name,
      month,
      transactions: r.transactions,
      status: 'exact' as const,
    }));
}

/** All named cities in one file: exact for admins (`d` exact), published through the disclosure layer otherwise. */
export function consortiumZskRows(
  cities: readonly CityConfig[],
  month: string,
  services: ReadonlyMap<string, CatalogService>,
  rows: readonly TransactionsRow[],
  d: Disclosure,
): ZskRow[] {
  const found = new Map(rows.map((r) => [`${r.site}\t${r.service}`, r]));
  const out: ZskRow[] = [];
  for (const city of cities) {
    for (const service of [...services.keys()].sort()) {
      const r = found.get(`${city.key}\t${service}`);
      const base = {
        leikaKey: service,
        serviceName: nameOf(services, service),
        ags: city.ags,
        municipality: city.name,
        month,
      };
      if (!d.perturbed) {
        out.push({ ...base, transactions: r?.transactions ?? 0, status: 'exact' });
        continue;
      }
      const published = d.count(serviceCell(city.key, service, 'confirmers'), r?.completions ?? 0);
      out.push(
        d.belowK(published)
          ? { ...base, transactions: null, status: 'below_k' }
          : { ...base, transactions: published, status: 'published' },
      );
    }
  }
  return out;
}
