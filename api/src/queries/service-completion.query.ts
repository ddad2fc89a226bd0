import type { BuiltQuery } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

export interface ServiceCompletionRow {
  bucket: string;
  starters: number;
  confirmers: number;
}

const BUCKETS: Record<'day' | 'week' | 'month', string> = {
  day: 'toString(day)',
  week: 'toString(toMonday(day))',
  month: 'toString(toStartOfMonth(day))',
};

/** Starters and confirmers of one city's service per bucket: the completion rate over time. */
export function serviceCompletionQuery(p: {
  site: string;
  service: string;
  from: string;
  to: string;
  interval: 'day' | 'week' | 'month';
}): BuiltQuery {
  return {
    name: `service_completion_${p.interval}`,
    query: `
SELECT ${BUCKETS[p.interval]} AS bucket, ${UNIQ_MERGE}(starters) AS starters, ${UNIQ_MERGE}(confirmers) AS confirmers
FROM ${TABLES.serviceDaily}
WHERE site = {site:String} AND service = {service:String} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY bucket
ORDER BY bucket`,
    params: { site: p.site, service: p.service, from: p.from, to: p.to },
  };
}
