import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Health } from '../consume/health.ts';
import type { Metrics } from '../metrics.ts';

export interface AppDeps {
  logger: Logger;
  metrics: Metrics;
  health: Health;
}

/** Operations endpoints only: the processor takes no requests besides these. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger });
  // Probes and scrapes every few seconds: their requests are not worth a log line.
  const quiet = { logLevel: 'warn' as const };
  app.get('/healthz', quiet, async (_req, reply) => {
    const problems = deps.health.current();
    return reply
      .code(problems.length === 0 ? 200 : 503)
      .send({ status: problems.length ? 'failing' : 'ok', problems });
  });
  app.get('/metrics', quiet, async (_req, reply) => {
    deps.metrics.refreshRate();
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return app;
}
