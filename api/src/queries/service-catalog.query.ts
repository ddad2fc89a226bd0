import type { BuiltQuery } from '../warehouse.ts';
import { TABLES } from './tables.ts';

export interface ServiceSeenRow {
  service: string;
  cities: number;
}

/** Which services had events in a period, and in how many cities: no distinct-visitor state is read. */
export function serviceCatalogQuery(p: { sites: readonly string[]; from: string; to: string }): BuiltQuery {
  return {
    name: 'service_catalog',
    query: `
SELECT toString(service) AS service, uniqExact(site) AS cities
FROM ${TABLES.serviceDaily}
WHERE site IN {sites:Array(String)} AND service != '' AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY service
ORDER BY service`,
    params: { sites: [...p.sites], from: p.from, to: p.to },
  };
}
