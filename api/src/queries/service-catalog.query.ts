import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES } from './tables.ts';

export const serviceSeenRow = z.object({ service: z.string(), cities: count }).strict();
export type ServiceSeenRow = z.output<typeof serviceSeenRow>;

/** Which services had events in a period, and in how many cities: no distinct-visitor state is read. */
export function serviceCatalogQuery(p: {
  sites: readonly string[];
  from: string;
  to: string;
}): Query<ServiceSeenRow> {
  const sites = param.arrayString('sites', p.sites);
  return defineQuery(
    'service_catalog',
    sql`
SELECT toString(service) AS service, uniqExact(site) AS cities
FROM ${TABLES.serviceDaily}
WHERE site IN ${sites} AND service != '' AND ${dayBetween(p)}
GROUP BY service
ORDER BY service`,
    serviceSeenRow,
  );
}
