import type { FastifyInstance } from 'fastify';
import { errorBody } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
}

/** `/healthz` (the process answers), `/readyz` (it can accept events now), `/metrics` (Prometheus). */
export async function healthRoutes(
  app: FastifyInstance,
  deps: { readiness: () => Promise<Readiness>; metrics: Metrics },
): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const { ready, checks } = await deps.readiness();
    if (ready) return { status: 'ready', checks };
    return reply
      .code(503)
      .send({ ...errorBody('COLLECTOR_NOT_READY', 'not ready to accept events'), checks });
  });
  app.get('/metrics', async (_req, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}
