import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { CollectorConfig } from './config.ts';
import { CollectorError, errorBody, toCollectorError } from './errors.ts';
import type { CountryLookup } from './ingest/country-lookup.ts';
import type { EventSink } from './ingest/ingest-events.ts';
import { UserAgentCache } from './ingest/user-agent.cache.ts';
import type { Metrics } from './metrics.ts';
import { attributeRefusals, countRefusal } from './quality/refused-requests.ts';
import { eventsRoute } from './routes/events.route.ts';
import { healthRoutes, type Readiness } from './routes/health.route.ts';
import { createRateLimits } from './routes/rate-limits.ts';
import { sdkRoute } from './routes/sdk.route.ts';
import { serverEventsRoute } from './routes/server-events.route.ts';
import { fastifyTrustProxy } from './routes/trust-proxy.ts';
import type { SaltSource } from './salt/salt-keeper.ts';
import type { SdkAssetResult } from './sdk/sdk-asset.ts';
import type { SiteRegistry } from './sites/site-registry.ts';

export interface AppDeps {
  config: CollectorConfig;
  logger: Logger;
  sites: SiteRegistry;
  salts: SaltSource;
  sink: EventSink;
  /** The client address's country, looked up in memory (the address is never stored). */
  countries: CountryLookup;
  metrics: Metrics;
  sdk: () => SdkAssetResult;
  readiness: () => Promise<Readiness>;
  now?: () => number;
}

/** A slow client gets this long to deliver its whole request (slowloris protection). */
const REQUEST_TIMEOUT_MS = 10_000;
const KEEP_ALIVE_TIMEOUT_MS = 10_000;
/** Operational routes stay available while draining. */
const OPERATIONS_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    // Typed as Fastify's base logger so that the instance keeps Fastify's default generic parameters.
    loggerInstance: deps.logger as FastifyBaseLogger,
    // No per-request log lines: they would carry URLs and client addresses, and floods would flood the log.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    // No child logger per request: nothing logs per request, and a child costs an allocation on every one.
    childLoggerFactory: (logger) => logger,
    bodyLimit: config.COLLECTOR_BODY_LIMIT_BYTES,
    trustProxy: fastifyTrustProxy(config.COLLECTOR_TRUST_PROXY),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Fastify's own closing 503 has neither our body nor Retry-After; the draining hook below answers instead.
    return503OnClosing: false,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    routerOptions: { maxParamLength: 100 },
  });

  const now = deps.now ?? Date.now;
  const retryAfter = String(config.COLLECTOR_RETRY_AFTER_SECONDS);
  attributeRefusals(app);
  app.setErrorHandler((err, req, reply) => {
    const e = toCollectorError(err);
    deps.metrics.rejected.inc({ code: e.code });
    countRefusal(deps.metrics, req.qualitySite, e.code, now());
    if (e.code === 'COLLECTOR_INTERNAL') req.log.error({ err }, 'request failed unexpectedly');
    if (e.statusCode === 503 || e.statusCode === 429) {
      reply.header('retry-after', String(e.options.retryAfterSeconds ?? retryAfter));
    }
    if (e.code === 'COLLECTOR_UNAUTHORIZED') reply.header('www-authenticate', 'Bearer');
    return reply.code(e.statusCode).send(errorBody(e.code, e.message, e.options.issues));
  });
  app.setNotFoundHandler((_req, reply) => {
    deps.metrics.rejected.inc({ code: 'COLLECTOR_NOT_FOUND' });
    countRefusal(deps.metrics, '', 'COLLECTOR_NOT_FOUND', now());
    return reply.code(404).send(errorBody('COLLECTOR_NOT_FOUND', 'no such route'));
  });

  // sendBeacon can only send text/plain without a preflight: its body is the same JSON batch.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  // A callback hook, not an async one: it runs on every request and a promise per request is measurable.
  app.addHook('onRequest', (req, _reply, done) => {
    if (draining && !OPERATIONS_ROUTES.has(req.routeOptions.url ?? '')) {
      done(new CollectorError('COLLECTOR_SHUTTING_DOWN', 'the collector is shutting down; retry later'));
      return;
    }
    done();
  });

  const ingest = {
    salts: deps.salts,
    sink: deps.sink,
    metrics: deps.metrics,
    userAgents: new UserAgentCache(),
    countries: deps.countries,
    retryAfterSeconds: config.COLLECTOR_RETRY_AFTER_SECONDS,
    sites: deps.sites,
    now,
    limits: createRateLimits(app, {
      windowMs: config.COLLECTOR_RATE_LIMIT_WINDOW_MS,
      clientMax: config.COLLECTOR_RATE_LIMIT_CLIENT_MAX,
      siteMax: config.COLLECTOR_RATE_LIMIT_SITE_MAX,
    }),
  };
  await app.register(eventsRoute, ingest);
  await app.register(serverEventsRoute, ingest);
  await app.register(sdkRoute, { sdk: deps.sdk });
  await app.register(healthRoutes, {
    metrics: deps.metrics,
    readiness: async () => {
      const r = await deps.readiness();
      return draining ? { ready: false, checks: { ...r.checks, accepting: false } } : r;
    },
  });
  return app;
}
