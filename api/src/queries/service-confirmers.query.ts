/*
 * Online completions (distinct visitors who reached the confirmation) per city and service: over the whole period
 * (`part` = 'period') and per calendar month (`part` = 'month', `month` its first day) for the months that lie
 * wholly inside it. The numerator of digital take-up, which is defined per month. A month or period without any
 * completion has no row.
 */
import { z } from 'zod';
import type { BuiltQuery, Warehouse } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

export const serviceConfirmersRow = z
  .object({
    site: z.string(),
    service: z.string(),
    part: z.enum(['period', 'month']),
    /** `YYYY-MM-01` for a month, '' for the period. */
    month: z.string(),
    confirmers: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
  })
  .strict();
export type ServiceConfirmersRow = z.infer<typeof serviceConfirmersRow>;

export function serviceConfirmersQuery(p: {
  sites: readonly string[];
  service: string | null;
  from: string;
  to: string;
  /** The days of the whole months inside the period; null when there are none. */
  months: { from: string; to: string } | null;
}): BuiltQuery {
  const service = p.service === null ? "service != ''" : 'service = {service:String}';
  const monthly = `
  UNION ALL
  SELECT toString(site) AS site, toString(service) AS service, 'month' AS part,
         toString(toStartOfMonth(day)) AS month, ${UNIQ_MERGE}(confirmers) AS confirmers
  FROM ${TABLES.serviceDaily}
  WHERE site IN {sites:Array(String)} AND ${service} AND day BETWEEN {monthsFrom:Date} AND {monthsTo:Date}
  GROUP BY site, service, month`;
  return {
    name: p.service === null ? 'service_confirmers_all' : 'service_confirmers',
    query: `
SELECT * FROM (
  SELECT toString(site) AS site, toString(service) AS service, 'period' AS part, '' AS month,
         ${UNIQ_MERGE}(confirmers) AS confirmers
  FROM ${TABLES.serviceDaily}
  WHERE site IN {sites:Array(String)} AND ${service} AND day BETWEEN {from:Date} AND {to:Date}
  GROUP BY site, service${p.months === null ? '' : monthly}
)
ORDER BY site, service, part, month`,
    params: {
      sites: [...p.sites],
      from: p.from,
      to: p.to,
      ...(p.months === null ? {} : { monthsFrom: p.months.from, monthsTo: p.months.to }),
      ...(p.service === null ? {} : { service: p.service }),
    },
  };
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
  return z.array(serviceConfirmersRow).parse(await w.rows<unknown>(serviceConfirmersQuery(p)));
}
