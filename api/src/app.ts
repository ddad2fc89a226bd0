import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

import { authenticate } from './auth/auth.hook.ts';
import type { KeyStore } from './auth/key-store.ts';
import type { ApiConfig } from './config.ts';
import { registerErrorHandling } from './http/error.handler.ts';
import { methodNotAllowed } from './http/method-not-allowed.ts';
import { type ApiMetrics, createMetrics } from './http/metrics.ts';
import { catalogRoutes } from './routes/catalog.route.ts';
import { cityReportRoute } from './routes/city-report.route.ts';
import { comparisonRoutes } from './routes/comparison.route.ts';
import { funnelRoute } from './routes/funnel.route.ts';
import { opsRoutes } from './routes/ops.route.ts';
import { realtimeRoute } from './routes/realtime.route.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import type { Sites } from './sites.ts';
import type { Warehouse } from './warehouse.ts';

/** The dashboard's static files (issue: dashboard); served at `/` once the folder exists. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

export interface AppDeps {
  config: ApiConfig;
  sites: Sites;
  keys: KeyStore;
  warehouse: Warehouse;
  logger: FastifyBaseLogger;
  metrics?: ApiMetrics;
  now?: () => Date;
  webDir?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const metrics = deps.metrics ?? createMetrics();
  const app = Fastify({
    loggerInstance: deps.logger,
    // Request logs are written below with the route template only: never a query string.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  registerErrorHandling(app);
  const otherMethods = methodNotAllowed(app);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics.duration.observe({ route }, seconds);
    req.log.info(
      {
        route,
        method: req.method,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        key: req.principal?.keyId,
      },
      'request served',
    );
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'godonu api',
        version: '1.0.0',
        description:
          'Usage reports of municipal online services per city, and comparisons of the same service (LeiKa key) across cities. Every `/v1` route needs `Authorization: Bearer <key>`. Numbers built from fewer than k distinct visitors are null with a status, never 0, wherever another party may see them. Every tabular answer is also available as CSV (`?format=csv` or `Accept: text/csv`).',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });

  const routeDeps: RouteDeps = {
    config: deps.config,
    sites: deps.sites,
    warehouse: deps.warehouse,
    metrics,
    now: deps.now ?? (() => new Date()),
  };
  opsRoutes(app, routeDeps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (v1) => {
    v1.addHook(
      'onRequest',
      authenticate(deps.keys, (status) => metrics.authRejections.inc({ status: String(status) })),
    );
    catalogRoutes(v1, routeDeps);
    cityReportRoute(v1, routeDeps);
    realtimeRoute(v1, routeDeps);
    funnelRoute(v1, routeDeps);
    comparisonRoutes(v1, routeDeps);
  });

  const webDir = deps.webDir ?? WEB_DIR;
  if (existsSync(webDir)) await app.register(fastifyStatic, { root: webDir, prefix: '/' });
  otherMethods.answer();
  return app;
}
