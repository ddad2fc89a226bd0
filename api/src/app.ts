import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

import { AuditLog } from './audit/audit-log.ts';
import { auditExports } from './audit/export-audit.hook.ts';
import { authenticate } from './auth/auth.hook.ts';
import type { KeyStore } from './auth/key-store.ts';
import { SessionStore } from './auth/session-store.ts';
import { type ApiConfig, policyOf } from './config.ts';
import { ApiError } from './errors.ts';
import { registerErrorHandling } from './http/error.handler.ts';
import { methodNotAllowed } from './http/method-not-allowed.ts';
import { type ApiMetrics, createMetrics } from './http/metrics.ts';
import { ReleaseStore } from './open-data/release-store.ts';
import { annotationsRoutes } from './routes/annotations.route.ts';
import { auditLogRoute } from './routes/audit-log.route.ts';
import { catalogRoutes } from './routes/catalog.route.ts';
import { cityEngagementRoute } from './routes/city-engagement.route.ts';
import { cityLinksRoute } from './routes/city-links.route.ts';
import { cityReportRoute } from './routes/city-report.route.ts';
import { comparisonRoutes } from './routes/comparison.route.ts';
import { funnelRoute } from './routes/funnel.route.ts';
import { offlineCasesRoutes } from './routes/offline-cases.route.ts';
import { openDataRoutes } from './routes/open-data.route.ts';
import { opsRoutes } from './routes/ops.route.ts';
import { qualityRoute } from './routes/quality.route.ts';
import { realtimeRoute } from './routes/realtime.route.ts';
import { releaseRoutes } from './routes/releases.route.ts';
import type { RouteDeps } from './routes/route-deps.ts';
import { sdgRoutes } from './routes/sdg.route.ts';
import { signInRoutes } from './routes/sign-in.route.ts';
import { zskRoutes } from './routes/zsk.route.ts';
import type { Sites } from './sites.ts';
import type { Warehouse } from './warehouse.ts';

/**
 * The dashboard's policy: its own scripts, styles and API only, nothing inline, no frames. Page paths and field
 * names shown on it come from tracked web pages; even if one slipped past the DOM building, it could not run.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

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
  /** Wall-clock ms of the dashboard's sessions (their expiry), apart from `now`, the reports' clock. */
  wallClock?: () => number;
  webDir?: string;
  /** The HTTP server to answer on, when it must listen before the app is built (a test's fixed address). */
  server?: Server;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const metrics = deps.metrics ?? createMetrics();
  const server = deps.server;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Request logs are written below with the route template only: never a query string.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    ...(server
      ? {
          serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
            server.on('request', handler),
        }
      : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);
  registerErrorHandling(app);
  const otherMethods = methodNotAllowed(app);

  // A GET or HEAD carries nothing the api reads. A body sent with one anyway is read and dropped: left unread, it
  // stalls the connection, and a large answer reaches the client cut off.
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' || req.method === 'HEAD') req.raw.resume();
  });

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
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
  });
  app.addHook('onSend', async (req, reply) => {
    if (!reply.hasHeader('content-security-policy') && !req.url.startsWith('/docs'))
      reply.header('content-security-policy', DASHBOARD_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });

  const now = deps.now ?? (() => new Date());
  const routeDeps: RouteDeps = {
    config: deps.config,
    policy: policyOf(deps.config),
    sites: deps.sites,
    warehouse: deps.warehouse,
    metrics,
    now,
    keys: deps.keys,
    releases: new ReleaseStore(deps.warehouse, () => now().getTime()),
    audit: new AuditLog(deps.warehouse),
  };
  const wallClock = deps.wallClock ?? Date.now;
  const sessions = new SessionStore(deps.warehouse, wallClock);
  await app.register(fastifyCookie);
  opsRoutes(app, routeDeps);
  openDataRoutes(app, routeDeps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(fastifyRateLimit, { global: false });
  signInRoutes(app, { oidc: deps.config.oidc, sessions, sites: deps.sites, wallClock });
  await app.register(async (v1) => {
    v1.addHook(
      'onRequest',
      authenticate(deps.keys, deps.config.oidc ? sessions : null, (status) =>
        metrics.authRejections.inc({ status: String(status) }),
      ),
    );
    // Per key, once it is known: a key that polls the api cannot crowd out the others or the warehouse.
    const perKey = v1.createRateLimit({
      max: deps.config.API_RATE_LIMIT_PER_KEY,
      timeWindow: 60_000,
      keyGenerator: (req) => `key:${req.principal?.keyId}`,
    });
    v1.addHook('onRequest', async (req, reply) => {
      const limit = await perKey(req);
      if (limit.isAllowed || !limit.isExceeded) return;
      reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
      throw new ApiError('API_RATE_LIMITED');
    });
    v1.addHook('onSend', auditExports(routeDeps.audit, deps.keys, now));
    catalogRoutes(v1, routeDeps);
    cityReportRoute(v1, routeDeps);
    cityLinksRoute(v1, routeDeps);
    cityEngagementRoute(v1, routeDeps);
    realtimeRoute(v1, routeDeps);
    funnelRoute(v1, routeDeps);
    comparisonRoutes(v1, routeDeps);
    offlineCasesRoutes(v1, routeDeps);
    annotationsRoutes(v1, routeDeps);
    sdgRoutes(v1, routeDeps);
    zskRoutes(v1, routeDeps);
    releaseRoutes(v1, routeDeps);
    auditLogRoute(v1, routeDeps);
    qualityRoute(v1, routeDeps);
  });

  const webDir = deps.webDir ?? WEB_DIR;
  if (existsSync(webDir)) await app.register(fastifyStatic, { root: webDir, prefix: '/' });
  otherMethods.answer();
  return app;
}
