import type { BuiltQuery } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

export interface ServiceErrorFieldRow {
  field: string;
  step: number;
  visitors: number;
  errors: number;
}

/** Error hot spots of one city's service: the fields with the most validation errors. */
export function serviceErrorFieldsQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
  limit: number;
}): BuiltQuery {
  return {
    name: 'service_error_fields',
    query: `
SELECT toString(field) AS field, step, ${UNIQ_MERGE}(visitors) AS visitors, sum(errors) AS errors
FROM ${TABLES.serviceErrorsDaily}
WHERE site = {site:String} AND service = {service:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY field, step
ORDER BY errors DESC, field, step
LIMIT {limit:UInt32}`,
    params: { site: p.site, service: p.service, from: p.from, to: p.to, limit: p.limit },
  };
}
