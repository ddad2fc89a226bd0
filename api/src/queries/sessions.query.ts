/*
 * Reading one sign-in record (0010_api_sessions.sql): the newest row of the id, with FINAL so that an ended row
 * written a moment ago is in force at once. No parameter is named `to`: the result cache never keeps these.
 */
import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { WRITABLE_TABLES } from '../warehouse.ts';

export const sessionRow = z
  .object({
    kind: z.enum(['login', 'session']),
    version: z.number().int(),
    expires_ms: z.number().int(),
    ended: z.number().int(),
    role: z.string(),
    city: z.string(),
    actor: z.string(),
    pkce_verifier: z.string(),
    state: z.string(),
    nonce: z.string(),
  })
  .strict();
export type SessionRow = z.output<typeof sessionRow>;

export function sessionQuery(idHash: string): Query<SessionRow> {
  return defineQuery(
    'api_session',
    sql`SELECT kind, version, toUnixTimestamp64Milli(expires_at) AS expires_ms, ended, role, city, actor, pkce_verifier,
state, nonce FROM ${WRITABLE_TABLES.sessions} FINAL WHERE id_hash = ${param.string('id_hash', idHash)} LIMIT 1`,
    sessionRow,
  );
}
