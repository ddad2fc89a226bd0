import cors from '@fastify/cors';
import { browserBatch, browserEvents } from '@godonu/contract';
import type { FastifyInstance } from 'fastify';
import { CollectorError } from '../errors.ts';
import type { DropReason } from '../ingest/detect-bot.ts';
import { type IngestDeps, ingestEvents } from '../ingest/ingest-events.ts';
import { normalizeIp } from '../ingest/normalize-ip.ts';
import { parseBatch } from '../ingest/parse-batch.ts';
import { normalizeOrigin, type Site, type SiteRegistry } from '../sites/site-registry.ts';
import type { RateLimits } from './rate-limits.ts';

const PREFLIGHT_MAX_AGE_S = 86_400;

/**
 * `POST /v1/events`: a batch from the browser SDK (text/plain from sendBeacon, or application/json).
 * The envelope must be valid; its events are read one by one: what cannot be made valid is dropped and
 * counted (`invalid_event`), the rest is stored. The SDK does not validate, to stay small.
 * CORS answers any configured city's origin (a preflight has no body, so no site yet); the batch's own site
 * must then list the origin, or the request is refused without CORS headers.
 */
export async function eventsRoute(
  app: FastifyInstance,
  deps: IngestDeps & { sites: SiteRegistry; limits: RateLimits; now: () => number },
): Promise<void> {
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && deps.sites.isKnownOrigin(origin)),
    methods: ['POST'],
    allowedHeaders: ['content-type'],
    exposedHeaders: ['retry-after'],
    maxAge: PREFLIGHT_MAX_AGE_S,
    // The strict check answers a plain-text 400; a lax preflight is harmless (the POST is checked in full).
    strictPreflight: false,
  });

  app.post('/v1/events', { onRequest: deps.limits.perClient }, async (req, reply) => {
    const receivedAt = deps.now();
    const batch = parseBatch(browserBatch, req.body);
    const site = deps.sites.get(batch.site);
    if (!site) throw new CollectorError('COLLECTOR_UNKNOWN_SITE', `unknown site "${batch.site}"`);
    const origin = req.headers.origin;
    if (origin === undefined || !isAllowedOrigin(site, origin)) {
      reply.removeHeader('access-control-allow-origin');
      throw new CollectorError(
        'COLLECTOR_ORIGIN_NOT_ALLOWED',
        `this origin may not send events for ${site.key}`,
      );
    }
    await deps.limits.perSite(req, site.key);

    // `req.ip` walks X-Forwarded-For through the trusted proxies on every read: read it once.
    const address = req.ip;
    const ip = normalizeIp(address) ?? address;
    const ua = req.headers['user-agent'];
    const brands = req.headers['sec-ch-ua'];
    const { events, invalid } = browserEvents(batch);
    if (invalid)
      deps.metrics.dropped.inc({ site: site.key, mode: 'browser', reason: 'invalid_event' }, invalid);
    const result = await ingestEvents(deps, {
      site,
      mode: 'browser',
      receivedAt,
      optOut: optOut(req.headers['sec-gpc'], req.headers.dnt),
      items: events.map((event) => ({
        event,
        ip,
        ua,
        brands: typeof brands === 'string' ? brands : undefined,
      })),
    });
    return reply.code(202).send({ accepted: result.accepted, dropped: result.dropped + invalid });
  });
}

/** Browsers send origins already normalised; only other spellings pay for normalising. */
function isAllowedOrigin(site: Site, origin: string): boolean {
  return site.allowedOrigins.has(origin) || site.allowedOrigins.has(normalizeOrigin(origin));
}

/** Global Privacy Control and Do Not Track are honoured here too, whatever the page's script did. */
function optOut(
  gpc: string | string[] | undefined,
  dnt: string | string[] | undefined,
): DropReason | undefined {
  if (gpc === '1') return 'global_privacy_control';
  if (dnt === '1') return 'do_not_track';
  return undefined;
}
