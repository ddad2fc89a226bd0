/*
 * The audit log of releases, exports and annotation changes, for admins only: who (key id and label, or the release
 * command), when, what and with which parameters.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { ApiError } from '../errors.ts';
import { AUDIT_ACTIONS } from '../queries/audit-log.query.ts';
import { errorResponses } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

export const MAX_AUDIT_ENTRIES = 1000;

const auditQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional().describe('Only entries of this action'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUDIT_ENTRIES)
      .default(100)
      .describe('Newest entries returned'),
  })
  .strict();

const auditResponse = z.object({
  entries: z.array(
    z.object({
      at: z.iso.datetime(),
      action: z.enum(AUDIT_ACTIONS),
      keyId: z.string().describe('API key id; empty for the release command'),
      actor: z.string().describe('Label of the key, or the --by text of the release command'),
      role: z.string().describe('city, consortium, admin, or command'),
      target: z
        .string()
        .describe('Route template of an export; the month of a release; the id of an annotation'),
      parameters: z.record(z.string(), z.string()),
    }),
  ),
});

export function auditLogRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log of open-data releases, CSV exports and annotation changes, newest first (admins)',
        querystring: auditQuery,
        response: { 200: auditResponse, ...errorResponses },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      if (principal.role !== 'admin') {
        deps.metrics.authRejections.inc({ status: '403' });
        throw new ApiError('API_FORBIDDEN', { role: principal.role });
      }
      const entries = await deps.audit.list({ action: req.query.action ?? null, limit: req.query.limit });
      return {
        entries: entries.map((e) => ({
          at: e.at.toISOString(),
          action: e.action,
          keyId: e.actor.keyId,
          actor: e.actor.label,
          role: e.actor.role,
          target: e.target,
          parameters: { ...e.parameters },
        })),
      };
    },
  );
}
