import type { BuiltQuery } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

export interface ServiceStepRow {
  site: string;
  step: number;
  reached: number;
  steps: number;
  step_name: string;
}

/**
 * Distinct visitors who reached each step index of the service's form(s), per city. A city with two forms for one
 * service counts a visitor once per step index, whichever form it was.
 */
export function serviceStepsQuery(p: {
  sites: readonly string[];
  service: string;
  from: string;
  to: string;
}): BuiltQuery {
  return {
    name: 'service_steps',
    query: `
SELECT site, step, ${UNIQ_MERGE}(reached) AS reached, max(steps) AS steps, anyLast(step_name) AS step_name
FROM ${TABLES.serviceStepsDaily}
WHERE site IN {sites:Array(String)} AND service = {service:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY site, step
ORDER BY site, step`,
    params: { sites: [...p.sites], service: p.service, from: p.from, to: p.to },
  };
}
