import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceCompletionRow = z
  .object({ bucket: z.string(), starters: count, confirmers: count })
  .strict();
export type ServiceCompletionRow = z.output<typeof serviceCompletionRow>;

const BUCKETS: Record<'day' | 'week' | 'month', Sql> = {
  day: sql`toString(day)`,
  week: sql`toString(toMonday(day))`,
  month: sql`toString(toStartOfMonth(day))`,
};

/** Starters and confirmers of one city's service per bucket: the completion rate over time. */
export function serviceCompletionQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
  interval: 'day' | 'week' | 'month';
}): Query<ServiceCompletionRow> {
  const site = param.string('site', p.site);
  const service = param.string('service', p.service);
  return defineQuery(
    `service_completion_${p.interval}`,
    sql`
SELECT ${BUCKETS[p.interval]} AS bucket, ${UNIQ_MERGE}(starters) AS starters, ${UNIQ_MERGE}(confirmers) AS confirmers
FROM ${TABLES.serviceDaily}
WHERE site = ${site} AND service = ${service} AND ${dayBetween(p)}
GROUP BY bucket
ORDER BY bucket`,
    serviceCompletionRow,
  );
}
