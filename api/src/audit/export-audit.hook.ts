/*
 * Every CSV export of a `/v1` answer is recorded in the audit log before it is sent: who, when, which route and
 * parameters. Parameters are the validated path and query values (city and service keys, periods, tables), with
 * the defaults the route applied, so the entry says exactly which table left the api.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyStore } from '../auth/key-store.ts';
import { actorOf } from './actor.ts';
import type { AuditLog } from './audit-log.ts';

function parameters(req: FastifyRequest): Record<string, string> {
  const all = { ...(req.params as object), ...(req.query as object) } as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
}

export function auditExports(audit: AuditLog, keys: KeyStore, now: () => Date) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const type = String(reply.getHeader('content-type') ?? '');
    // HEAD sends no table; refusals and errors export nothing.
    if (req.method !== 'GET' || reply.statusCode !== 200 || !type.startsWith('text/csv') || !req.principal)
      return payload;
    await audit.record({
      at: now(),
      action: 'export',
      actor: await actorOf(req.principal, keys),
      target: req.routeOptions.url ?? '',
      parameters: parameters(req),
    });
    return payload;
  };
}
