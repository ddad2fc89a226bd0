import type { BuiltQuery } from '../warehouse.ts';
import { SITE_PERIOD, TABLES } from './tables.ts';

export const BREAKDOWNS = ['channel', 'device', 'browser', 'os'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export interface CityBreakdownRow {
  dimension: Breakdown;
  value: string;
  visitors: number;
  visits: number;
  pageviews: number;
  bounces: number;
  visit_duration_ms: number;
}

/** Breakdown → (roll-up, column). Each roll-up's visits add up to the city's visits for the period. */
const SOURCES: Record<Breakdown, { table: string; column: string }> = {
  channel: { table: TABLES.channelDaily, column: 'channel' },
  device: { table: TABLES.techDaily, column: 'device' },
  browser: { table: TABLES.techDaily, column: 'browser' },
  os: { table: TABLES.techDaily, column: 'os' },
};

function one(by: Breakdown): string {
  const { table, column } = SOURCES[by];
  return `
SELECT
  '${by}' AS dimension,
  toString(${column}) AS value,
  uniqMerge(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms
FROM ${table}
WHERE ${SITE_PERIOD}
GROUP BY value`;
}

/** Several breakdowns of one city's visits in one round trip, each sorted by visits. */
export function cityBreakdownQuery(p: {
  site: string;
  from: string;
  to: string;
  by: readonly Breakdown[];
}): BuiltQuery {
  const dims = BREAKDOWNS.filter((b) => p.by.includes(b));
  if (dims.length === 0) throw new Error('cityBreakdownQuery needs at least one breakdown');
  return {
    name: `city_breakdown_${dims.join('_')}`,
    query: `SELECT * FROM (${dims.map(one).join('\nUNION ALL\n')})\nORDER BY dimension, visits DESC, value`,
    params: { site: p.site, from: p.from, to: p.to },
  };
}
