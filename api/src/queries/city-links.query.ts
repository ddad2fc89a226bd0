import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { sitePeriod, TABLES } from './tables.ts';

export const LINK_KINDS = ['download', 'outbound'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const cityLinkRow = z
  .object({
    kind: z.enum(LINK_KINDS),
    host: z.string(),
    /** A download's path template; empty for outbound links, which count by host only. */
    path: z.string(),
    clicks: count,
    visitors: count,
    /** Distinct service keys (the empty key included) of the clicks' pages, and one of them. */
    services: count,
    one_service: z.string(),
  })
  .strict();
export type CityLinkRow = z.output<typeof cityLinkRow>;

/** Restricts raw events to one service's pages, or to none. */
export function serviceFilter(service: string | null): Sql {
  return service === null ? sql`` : sql` AND service = ${param.string('service', service)}`;
}

/**
 * Downloads (by host and path) and outbound links (by host) of one city, read from the raw events: no roll-up
 * keeps them. `limit` rows of each kind, by clicks, then host and path in byte order.
 */
export function cityLinksQuery(p: {
  site: string;
  from: string;
  to: string;
  service: string | null;
  limit: number;
}): Query<CityLinkRow> {
  return defineQuery(
    'city_links',
    sql`
SELECT toString(event_type) AS kind, target_host AS host, target_path AS path, count() AS clicks,
       uniqExact(visitor) AS visitors, uniqExact(service) AS services, toString(any(service)) AS one_service
FROM ${TABLES.events}
WHERE ${sitePeriod(p)} AND event_type IN ('download', 'outbound')${serviceFilter(p.service)}
GROUP BY kind, host, path
ORDER BY kind, clicks DESC, host, path
LIMIT ${param.uint32('limit', p.limit)} BY kind`,
    cityLinkRow,
  );
}
