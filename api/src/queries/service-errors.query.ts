import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceErrorFieldRow = z
  .object({ field: z.string(), step: z.number().int(), visitors: count, errors: count })
  .strict();
export type ServiceErrorFieldRow = z.output<typeof serviceErrorFieldRow>;

/** Error hot spots of one city's service: the fields with the most validation errors. */
export function serviceErrorFieldsQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
  limit: number;
}): Query<ServiceErrorFieldRow> {
  const site = param.string('site', p.site);
  const service = param.string('service', p.service);
  return defineQuery(
    'service_error_fields',
    sql`
SELECT toString(field) AS field, step, ${UNIQ_MERGE}(visitors) AS visitors, sum(errors) AS errors
FROM ${TABLES.serviceErrorsDaily}
WHERE site = ${site} AND service = ${service} AND ${dayBetween(p)}
GROUP BY field, step
ORDER BY errors DESC, field, step
LIMIT ${param.uint32('limit', p.limit)}`,
    serviceErrorFieldRow,
  );
}
