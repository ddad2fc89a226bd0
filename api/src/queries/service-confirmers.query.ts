/*
 * Online completions (distinct visitors who reached the confirmation) per city and service: over the whole period
 * (`part` = 'period') and per calendar month (`part` = 'month', `month` its first day) for the months that lie
 * wholly inside it. The numerator of digital take-up, which is defined per month. A month or period without any
 * completion has no row.
 */
import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import type { Warehouse } from '../warehouse.ts';
import { count } from './columns.ts';
import { dayBetween, TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceConfirmersRow = z
  .object({
    site: z.string(),
    service: z.string(),
    part: z.enum(['period', 'month']),
    /** `YYYY-MM-01` for a month, '' for the period. */
    month: z.string(),
    confirmers: count,
  })
  .strict();
export type ServiceConfirmersRow = z.output<typeof serviceConfirmersRow>;

export function serviceConfirmersQuery(p: {
  sites: readonly string[];
  service: string | null;
  from: string;
  to: string;
  /** The days of the whole months inside the period; null when there are none. */
  months: { from: string; to: string } | null;
}): Query<ServiceConfirmersRow> {
  const sites = param.arrayString('sites', p.sites);
  const service =
    p.service === null ? sql`service != ''` : sql`service = ${param.string('service', p.service)}`;
  const monthly = (months: { from: string; to: string }): Sql => {
    const days = sql`day BETWEEN ${param.date('monthsFrom', months.from)} AND ${param.date('monthsTo', months.to)}`;
    return sql`
  UNION ALL
  SELECT toString(site) AS site, toString(service) AS service, 'month' AS part,
         toString(toStartOfMonth(day)) AS month, ${UNIQ_MERGE}(confirmers) AS confirmers
  FROM ${TABLES.serviceDaily}
  WHERE site IN ${sites} AND ${service} AND ${days}
  GROUP BY site, service, month`;
  };
  return defineQuery(
    p.service === null ? 'service_confirmers_all' : 'service_confirmers',
    sql`
SELECT * FROM (
  SELECT toString(site) AS site, toString(service) AS service, 'period' AS part, '' AS month,
         ${UNIQ_MERGE}(confirmers) AS confirmers
  FROM ${TABLES.serviceDaily}
  WHERE site IN ${sites} AND ${service} AND ${dayBetween(p)}
  GROUP BY site, service${p.months === null ? sql`` : monthly(p.months)}
)
ORDER BY site, service, part, month`,
    serviceConfirmersRow,
  );
}

/** Online completions keyed `city|service`: of the period, and per month (`YYYY-MM`). */
export function confirmersByCityService(
  rows: readonly ServiceConfirmersRow[],
): Map<string, { period: number; months: Map<string, number> }> {
  const out = new Map<string, { period: number; months: Map<string, number> }>();
  for (const r of rows) {
    const key = `${r.site}|${r.service}`;
    const entry = out.get(key) ?? { period: 0, months: new Map<string, number>() };
    if (r.part === 'period') entry.period = r.confirmers;
    else entry.months.set(r.month.slice(0, 7), r.confirmers);
    out.set(key, entry);
  }
  return out;
}

export async function readServiceConfirmers(
  w: Warehouse,
  p: Parameters<typeof serviceConfirmersQuery>[0],
): Promise<ServiceConfirmersRow[]> {
  return w.rows(serviceConfirmersQuery(p));
}
