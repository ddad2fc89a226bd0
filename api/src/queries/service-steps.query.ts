import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceStepRow = z
  .object({
    site: z.string(),
    step: z.number().int(),
    reached: count,
    steps: z.number().int(),
    step_name: z.string(),
  })
  .strict();
export type ServiceStepRow = z.output<typeof serviceStepRow>;

/**
 * Distinct visitors who reached each step index of the service's form(s), per city. A city with two forms for one
 * service counts a visitor once per step index, whichever form it was.
 */
export function serviceStepsQuery(p: {
  sites: readonly string[];
  service: string;
  from: string;
  to: string;
}): Query<ServiceStepRow> {
  const sites = param.arrayString('sites', p.sites);
  const service = param.string('service', p.service);
  return defineQuery(
    'service_steps',
    sql`
SELECT site, step, ${UNIQ_MERGE}(reached) AS reached, max(steps) AS steps, anyLast(step_name) AS step_name
FROM ${TABLES.serviceStepsDaily}
WHERE site IN ${sites} AND service = ${service} AND ${dayBetween(p)}
GROUP BY site, step
ORDER BY site, step`,
    serviceStepRow,
  );
}
