/*
 * Reading the stored open-data releases (0007_open_data.sql). Should two rows of one month ever exist (a
 * deduplication window long forgotten), the first created is the release: every reader picks the same one.
 * No parameter is named `to`: the result cache must never keep these (a new release shows at once).
 */
import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { WRITABLE_TABLES } from '../warehouse.ts';

const TABLE = WRITABLE_TABLES.releases;

export const releaseListRow = z.object({ month: z.string(), meta: z.string() }).strict();

/** Every release's metadata, newest month first. */
export function releaseListQuery(): Query<z.output<typeof releaseListRow>> {
  return defineQuery(
    'open_data_releases',
    sql`SELECT month, meta FROM ${TABLE} ORDER BY month DESC, created_at ASC LIMIT 1 BY month`,
    releaseListRow,
  );
}

export const releaseFileRow = z.object({ present: z.number().int(), body: z.string() }).strict();

/** One file of one release (`present` 0 when the release has no such file). */
export function releaseFileQuery(p: { month: string; file: string }): Query<z.output<typeof releaseFileRow>> {
  const file = param.string('file', p.file);
  return defineQuery(
    'open_data_release_file',
    sql`SELECT toUInt8(mapContains(files, ${file})) AS present, files[${file}] AS body
FROM ${TABLE} WHERE month = ${param.string('month', p.month)} ORDER BY created_at ASC LIMIT 1`,
    releaseFileRow,
  );
}

export const releaseCreationRow = z.object({ creation_id: z.string() }).strict();

/** Which attempt's row is the month's release (none when the month has no release). */
export function releaseCreationQuery(month: string): Query<z.output<typeof releaseCreationRow>> {
  return defineQuery(
    'open_data_release_creation',
    sql`SELECT toString(creation_id) AS creation_id FROM ${TABLE} WHERE month = ${param.string('month', month)}
ORDER BY created_at ASC LIMIT 1`,
    releaseCreationRow,
  );
}
