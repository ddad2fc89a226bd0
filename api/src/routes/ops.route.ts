import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteDeps } from './route-deps.ts';

/** Liveness with the warehouse's state, and Prometheus metrics. Neither needs a key; neither shows data. */
export function opsRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness; `warehouse` tells whether ClickHouse answers',
        // No key needed: an empty list overrides the document's global bearer requirement.
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), warehouse: z.enum(['up', 'down']) }) },
      },
    },
    async () => {
      const up = await deps.warehouse.ping().catch(() => false);
      return { status: 'ok' as const, warehouse: up ? ('up' as const) : ('down' as const) };
    },
  );
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
