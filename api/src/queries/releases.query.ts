/*
 * Reading the stored open-data releases (0007_open_data.sql). Should two rows of one month ever exist (a
 * deduplication window long forgotten), the first created is the release: every reader picks the same one.
 * No parameter is named `to`: the result cache must never keep these (a new release shows at once).
 */
import { z } from 'zod';
import { type BuiltQuery, WRITABLE_TABLES } from '../warehouse.ts';

const TABLE = WRITABLE_TABLES.releases;

export const releaseListRow = z.object({ month: z.string(), meta: z.string() }).strict();

/** Every release's metadata, newest month first. */
export function releaseListQuery(): BuiltQuery {
  return {
    name: 'open_data_releases',
    query: `SELECT month, meta FROM ${TABLE} ORDER BY month DESC, created_at ASC LIMIT 1 BY month`,
    params: {},
  };
}

export const releaseFileRow = z.object({ present: z.number().int(), body: z.string() }).strict();

/** One file of one release (`present` 0 when the release has no such file). */
export function releaseFileQuery(p: { month: string; file: string }): BuiltQuery {
  return {
    name: 'open_data_release_file',
    query: `SELECT toUInt8(mapContains(files, {file:String})) AS present, files[{file:String}] AS body
FROM ${TABLE} WHERE month = {month:String} ORDER BY created_at ASC LIMIT 1`,
    params: { month: p.month, file: p.file },
  };
}

export const releaseCreationRow = z.object({ creation_id: z.string() }).strict();

/** Which attempt's row is the month's release (none when the month has no release). */
export function releaseCreationQuery(month: string): BuiltQuery {
  return {
    name: 'open_data_release_creation',
    query: `SELECT toString(creation_id) AS creation_id FROM ${TABLE} WHERE month = {month:String}
ORDER BY created_at ASC LIMIT 1`,
    params: { month },
  };
}
