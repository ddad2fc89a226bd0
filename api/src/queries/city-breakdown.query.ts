import type { BuiltQuery } from '../warehouse.ts';
import { SITE_PERIOD, TABLES, UNIQ_MERGE } from './tables.ts';

export const BREAKDOWNS = ['channel', 'device', 'browser', 'os'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
const TECH = ['device', 'browser', 'os'] as const;

export interface CityBreakdownRow {
  dimension: Breakdown;
  value: string;
  visitors: number;
  visits: number;
  pageviews: number;
  bounces: number;
  visit_duration_ms: number;
}

const MEASURES = `
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms`;

const CHANNELS = `
SELECT 'channel' AS dimension, toString(channel) AS value,${MEASURES}
FROM ${TABLES.channelDaily}
WHERE ${SITE_PERIOD}
GROUP BY value`;

/**
 * Device, browser and OS come from one roll-up: grouping sets read each visitor state once for all of them
 * (`grouping(col) = 0` marks the rows grouped by that column). Column names come from the TECH list only.
 */
function tech(dims: readonly (typeof TECH)[number][]): string {
  const which = (pick: (d: string) => string) =>
    dims.length === 1
      ? pick(dims[0] as string)
      : `multiIf(${dims.map((d) => `grouping(${d}) = 0, ${pick(d)}`).join(', ')}, '')`;
  return `
SELECT ${which((d) => `'${d}'`)} AS dimension, ${which((d) => `toString(${d})`)} AS value,${MEASURES}
FROM ${TABLES.techDaily}
WHERE ${SITE_PERIOD}
GROUP BY GROUPING SETS (${dims.map((d) => `(${d})`).join(', ')})`;
}

/** Several breakdowns of one city's visits in one round trip, each sorted by visits. */
export function cityBreakdownQuery(p: {
  site: string;
  from: string;
  to: string;
  by: readonly Breakdown[];
}): BuiltQuery {
  const techDims = TECH.filter((d) => p.by.includes(d));
  const parts = [
    ...(p.by.includes('channel') ? [CHANNELS] : []),
    ...(techDims.length > 0 ? [tech(techDims)] : []),
  ];
  if (parts.length === 0) throw new Error('cityBreakdownQuery needs at least one breakdown');
  const dims = BREAKDOWNS.filter((b) => p.by.includes(b));
  return {
    name: `city_breakdown_${dims.join('_')}`,
    query: `SELECT * FROM (${parts.join('\nUNION ALL\n')})\nORDER BY dimension, visits DESC, value`,
    params: { site: p.site, from: p.from, to: p.to },
  };
}
