import type { BuiltQuery } from '../warehouse.ts';
import { TABLES } from './tables.ts';

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
SELECT toString(field) AS field, step, uniqMerge(visitors) AS visitors, sum(errors) AS errors
FROM ${TABLES.serviceErrorsDaily}
WHERE site = {site:String} AND service = {service:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY field, step
ORDER BY errors DESC, field, step
LIMIT {limit:UInt32}`,
    params: { site: p.site, service: p.service, from: p.from, to: p.to, limit: p.limit },
  };
}

export interface ServiceErrorVisitorsRow {
  site: string;
  service: string;
  visitors: number;
  errors: number;
}

/** Distinct visitors who met at least one validation error, per city and service (the error rate's numerator). */
export function serviceErrorVisitorsQuery(p: {
  sites: readonly string[];
  service: string | null;
  from: string;
  to: string;
}): BuiltQuery {
  return {
    name: p.service === null ? 'service_error_visitors_all' : 'service_error_visitors',
    query: `
SELECT site, toString(service) AS service, uniqMerge(visitors) AS visitors, sum(errors) AS errors
FROM ${TABLES.serviceErrorsDaily}
WHERE site IN {sites:Array(String)}
  ${p.service === null ? '' : 'AND service = {service:String}'}
  AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY site, service
ORDER BY site, service`,
    params: {
      sites: [...p.sites],
      from: p.from,
      to: p.to,
      ...(p.service === null ? {} : { service: p.service }),
    },
  };
}
