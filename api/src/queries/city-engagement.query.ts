import { defineQuery, joinSql, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { serviceFilter } from './city-links.query.ts';
import { count } from './columns.ts';
import { sitePeriod, TABLES } from './tables.ts';

/** Lower bounds of the visible-time buckets in ms: under 10 s, 10–30 s, 30–60 s, 1–3 min, 3–10 min, 10 min and more. */
export const VISIBLE_BUCKETS_MS = [0, 10_000, 30_000, 60_000, 180_000, 600_000] as const;
/** Lower bounds of the scroll-depth buckets in percent: 0–24, 25–49, 50–74, 75–99, 100 (the whole page). */
export const SCROLL_BUCKETS_PCT = [0, 25, 50, 75, 100] as const;

export const ENGAGEMENT_PARTS = ['page', 'service'] as const;

export const cityEngagementRow = z
  .object({
    /** `page`: one row per path, whatever service its events had; `service`: one per service and path. */
    part: z.enum(ENGAGEMENT_PARTS),
    path: z.string(),
    /** The service of a `service` row; for a `page` row one of its events' services (see `services`). */
    service: z.string(),
    /** Distinct service keys (the empty key included) of a `page` row's events; 1 for a `service` row. */
    services: count,
    visitors: count,
    visible_median_ms: z.number(),
    scroll_median_pct: z.number(),
    /** Visitors per bucket of VISIBLE_BUCKETS_MS and SCROLL_BUCKETS_PCT. */
    visible_buckets: z.array(count),
    scroll_buckets: z.array(count),
  })
  .strict();
export type CityEngagementRow = z.output<typeof cityEngagementRow>;

/** `[visitors in bucket 0, …]` of a column over the lower bounds, each bound a parameter `<name><i>`. */
function histogram(column: Sql, name: string, bounds: readonly number[]): Sql {
  const bound = (i: number) => param.uint32(`${name}${i}`, bounds[i] as number);
  const buckets = bounds.map((_, i) =>
    i + 1 < bounds.length
      ? sql`toUInt32(countIf(${column} >= ${bound(i)} AND ${column} < ${bound(i + 1)}))`
      : sql`toUInt32(countIf(${column} >= ${bound(i)}))`,
  );
  return sql`[${joinSql(buckets, sql`, `)}]`;
}

const MEASURES = sql`count() AS visitors,
  quantileExactInclusive(0.5)(visible_ms) AS visible_median_ms,
  quantileExactInclusive(0.5)(scroll) AS scroll_median_pct,
  ${histogram(sql`visible_ms`, 'visible', VISIBLE_BUCKETS_MS)} AS visible_buckets,
  ${histogram(sql`scroll`, 'scroll', SCROLL_BUCKETS_PCT)} AS scroll_buckets`;

/**
 * Visible time and scroll depth per page and per service page of one city, from the raw engagement events (no
 * roll-up keeps them). The unit is the visitor: a visitor's reports on a page are one observation, their visible
 * times summed (the SDK reports the time since its last report, several times per page view when the page is hidden
 * and shown again) and the deepest scroll kept. Visitor ids are salted per day, so an observation is a visitor-day,
 * as every visitor count of the api is. Medians are exact (interpolated between the two middle values when their
 * number is even). `limit` rows of each part, by visitors, then (service pages) service and path in byte order.
 */
export function cityEngagementQuery(p: {
  site: string;
  from: string;
  to: string;
  service: string | null;
  limit: number;
}): Query<CityEngagementRow> {
  return defineQuery(
    'city_engagement',
    sql`
WITH engagement AS (
  SELECT path, toString(service) AS svc, visitor, engaged_ms, scroll_pct
  FROM ${TABLES.events}
  WHERE ${sitePeriod(p)} AND event_type = 'engagement'${serviceFilter(p.service)}
)
SELECT * FROM (
  SELECT 'page' AS part, path, arrayElement(any(svcs), 1) AS service,
    length(groupUniqArrayArray(svcs)) AS services, ${MEASURES}
  FROM (
    SELECT path, visitor, sum(engaged_ms) AS visible_ms, max(scroll_pct) AS scroll, groupUniqArray(svc) AS svcs
    FROM engagement
    GROUP BY path, visitor
  )
  GROUP BY path
  UNION ALL
  SELECT 'service' AS part, path, svc AS service, toUInt64(1) AS services, ${MEASURES}
  FROM (
    SELECT path, svc, visitor, sum(engaged_ms) AS visible_ms, max(scroll_pct) AS scroll
    FROM engagement
    WHERE svc != ''
    GROUP BY path, svc, visitor
  )
  GROUP BY svc, path
)
ORDER BY part, visitors DESC, if(part = 'page', '', service), path
LIMIT ${param.uint32('limit', p.limit)} BY part`,
    cityEngagementRow,
  );
}
