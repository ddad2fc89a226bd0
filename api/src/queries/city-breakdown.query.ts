import { defineQuery, identifiers, joinSql, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { count, signedSum } from './columns.ts';
import { sitePeriod, TABLES, UNIQ_MERGE } from './tables.ts';

export const BREAKDOWNS = ['channel', 'device', 'browser', 'os'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
const TECH = ['device', 'browser', 'os'] as const;
type Tech = (typeof TECH)[number];
const TECH_COLUMNS = identifiers({ device: 'device', browser: 'browser', os: 'os' });
/** Each tech column's name as the `dimension` of its rows. */
const TECH_LABELS: Record<Tech, Sql> = { device: sql`'device'`, browser: sql`'browser'`, os: sql`'os'` };

export const cityBreakdownRow = z
  .object({
    dimension: z.enum(BREAKDOWNS),
    value: z.string(),
    visitors: count,
    visits: count,
    pageviews: count,
    bounces: signedSum,
    visit_duration_ms: count,
  })
  .strict();
export type CityBreakdownRow = z.output<typeof cityBreakdownRow>;

const MEASURES = sql`
  ${UNIQ_MERGE}(visitors) AS visitors,
  sum(visits) AS visits,
  sum(pageviews) AS pageviews,
  sum(bounces) AS bounces,
  sum(visit_duration_ms) AS visit_duration_ms`;

function channels(period: Sql): Sql {
  return sql`
SELECT 'channel' AS dimension, toString(channel) AS value,${MEASURES}
FROM ${TABLES.channelDaily}
WHERE ${period}
GROUP BY value`;
}

/**
 * Device, browser and OS come from one roll-up: grouping sets read each visitor state once for all of them
 * (`grouping(col) = 0` marks the rows grouped by that column). Column names come from the TECH list only.
 */
function tech(dims: readonly Tech[], period: Sql): Sql {
  const comma = sql`, `;
  // With one dimension a row's column is that one; with several, the one of the grouping set the row belongs to.
  const which = (pick: (d: Tech) => Sql) =>
    dims.length === 1
      ? pick(dims[0] as Tech)
      : sql`multiIf(${joinSql(
          dims.map((d) => sql`grouping(${TECH_COLUMNS[d]}) = 0, ${pick(d)}`),
          comma,
        )}, '')`;
  const dimension = which((d) => TECH_LABELS[d]);
  const value = which((d) => sql`toString(${TECH_COLUMNS[d]})`);
  const sets = joinSql(
    dims.map((d) => sql`(${TECH_COLUMNS[d]})`),
    comma,
  );
  return sql`
SELECT ${dimension} AS dimension, ${value} AS value,${MEASURES}
FROM ${TABLES.techDaily}
WHERE ${period}
GROUP BY GROUPING SETS (${sets})`;
}

/** Several breakdowns of one city's visits in one round trip, each sorted by visits. */
export function cityBreakdownQuery(p: {
  site: string;
  from: string;
  to: string;
  by: readonly Breakdown[];
}): Query<CityBreakdownRow> {
  const period = sitePeriod(p);
  const techDims = TECH.filter((d) => p.by.includes(d));
  const parts = [
    ...(p.by.includes('channel') ? [channels(period)] : []),
    ...(techDims.length > 0 ? [tech(techDims, period)] : []),
  ];
  if (parts.length === 0) throw new Error('cityBreakdownQuery needs at least one breakdown');
  const dims = BREAKDOWNS.filter((b) => p.by.includes(b));
  return defineQuery(
    `city_breakdown_${dims.join('_')}`,
    sql`SELECT * FROM (${joinSql(parts, sql`\nUNION ALL\n`)})\nORDER BY dimension, visits DESC, value`,
    cityBreakdownRow,
  );
}
