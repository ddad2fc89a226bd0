/*
 * Offline case numbers in force: for each city and month the lines of its latest import (an import replaces the
 * months it names, so lines it left out are gone). Months are bound as the first day of the month. The parameters
 * are not named `from`/`to` on purpose: the result cache keeps answers over closed days for a while, and an import
 * must show at once.
 */
import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import type { Warehouse } from '../warehouse.ts';
import { count } from './columns.ts';
import { TABLES } from './tables.ts';

export const offlineCaseRow = z
  .object({
    site: z.string(),
    service: z.string(),
    /** First day of the month, `YYYY-MM-01`. */
    month: z.iso.date(),
    counter: count,
    post: count,
    phone: count,
    email: count,
    other: count,
  })
  .strict();
export type OfflineCaseRow = z.output<typeof offlineCaseRow>;

export function offlineCasesQuery(p: {
  sites: readonly string[];
  /** One service, or every service. */
  service: string | null;
  /** First days of the first and last month, `YYYY-MM-01`. */
  firstMonth: string;
  lastMonth: string;
}): Query<OfflineCaseRow> {
  const sites = param.arrayString('sites', p.sites);
  const months = sql`${param.date('firstMonth', p.firstMonth)} AND ${param.date('lastMonth', p.lastMonth)}`;
  const service = p.service === null ? sql`` : sql`AND line.service = ${param.string('service', p.service)}`;
  return defineQuery(
    p.service === null ? 'offline_cases_all' : 'offline_cases',
    sql`
SELECT l.site AS site, l.service AS service, toString(l.month) AS month,
       l.counter AS counter, l.post AS post, l.phone AS phone, l.email AS email, l.other AS other
FROM (
  SELECT toString(site) AS site, import_id, line.month AS month, toString(line.service) AS service,
         line.counter AS counter, line.post AS post, line.phone AS phone, line.email AS email, line.other AS other
  FROM ${TABLES.offlineCaseImports}
  ARRAY JOIN lines AS line
  WHERE site IN ${sites} AND line.month BETWEEN ${months}
    ${service}
) AS l
INNER JOIN (
  SELECT toString(site) AS site, month, argMax(import_id, (imported_at, import_id)) AS latest
  FROM ${TABLES.offlineCaseImports}
  ARRAY JOIN months AS month
  WHERE site IN ${sites} AND month BETWEEN ${months}
  GROUP BY site, month
) AS v ON l.site = v.site AND l.month = v.month AND l.import_id = v.latest
ORDER BY site, service, month`,
    offlineCaseRow,
  );
}

/** The offline case numbers in force. */
export async function readOfflineCases(
  w: Warehouse,
  p: Parameters<typeof offlineCasesQuery>[0],
): Promise<OfflineCaseRow[]> {
  return w.rows(offlineCasesQuery(p));
}

export const offlineImportRow = z
  .object({
    import_id: z.string(),
    /** `YYYY-MM-DD hh:mm:ss.sss`, UTC. */
    imported_at: z.string(),
    source: z.enum(['api', 'cli']),
    key_id: z.string(),
    actor: z.string(),
    file_sha256: z.string(),
    /** First days of the months the import replaced. */
    months: z.array(z.iso.date()),
    lines: count,
    added: count,
    changed: count,
    removed: count,
    unchanged: count,
  })
  .strict();
export type OfflineImportRow = z.output<typeof offlineImportRow>;

/** The record of each import of one city, newest first. */
export function offlineImportsQuery(p: { site: string; limit: number }): Query<OfflineImportRow> {
  return defineQuery(
    'offline_case_imports',
    sql`
SELECT toString(import_id) AS import_id, toString(imported_at) AS imported_at, toString(source) AS source,
       key_id, actor, file_sha256, arrayMap(m -> toString(m), months) AS months, length(lines.month) AS lines,
       added, changed, removed, unchanged
FROM ${TABLES.offlineCaseImports}
WHERE site = ${param.string('site', p.site)}
ORDER BY imported_at DESC, import_id DESC
LIMIT ${param.uint32('limit', p.limit)}`,
    offlineImportRow,
  );
}

export async function readOfflineImports(
  w: Warehouse,
  p: Parameters<typeof offlineImportsQuery>[0],
): Promise<OfflineImportRow[]> {
  return w.rows(offlineImportsQuery(p));
}
