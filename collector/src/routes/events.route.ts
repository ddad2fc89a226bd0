import type { FastifyInstance } from 'fastify';
import { CollectorError } from '../errors.ts';
import { parseBrowserBatch, readBrowserEvents } from '../ingest/browser-batch.ts';
import type { DropReason } from '../ingest/detect-bot.ts';
import { type IngestDeps, ingestEvents } from '../ingest/ingest-events.ts';
import { normalizeOrigin, type Site, type SiteRegistry } from '../sites/site-registry.ts';
import type { RateLimits } from './rate-limits.ts';

/** Seconds a browser may cache a preflight's answer. */
const PREFLIGHT_MAX_AGE = String(86_400);

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
  // CORS for any configured city's origin: the origin is reflected and Retry-After exposed; a preflight (any path,
  // it has no body and so no site yet) is answered 204 here. Another origin gets no CORS headers, its preflight
  // a 404. A hook of our own: @fastify/cors copies its whole options object on every request.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('vary', 'Origin');
    const origin = req.headers.origin;
    if (origin !== undefined && deps.sites.isKnownOrigin(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', 'retry-after');
      if (req.raw.method === 'OPTIONS') {
        reply
          .code(204)
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', PREFLIGHT_MAX_AGE)
          .header('content-length', '0')
          .send();
        return;
      }
    }
    done();
  });
  app.options('*', (_req, reply) => {
    reply.callNotFound();
  });

  const isSite = (key: string) => deps.sites.get(key) !== undefined;
  app.post('/v1/events', { onRequest: deps.limits.perClient }, async (req, reply) => {
    const receivedAt = deps.now();
    const batch = parseBrowserBatch(req.body, isSite);
    const site = deps.sites.get(batch.site);
    if (!site) throw new CollectorError('COLLECTOR_UNKNOWN_SITE', `unknown site "${batch.site}"`);
    req.qualitySite = site.key;
    const origin = req.headers.origin;
    if (origin === undefined || !isAllowedOrigin(site, origin)) {
      reply.removeHeader('access-control-allow-origin');
      throw new CollectorError(
        'COLLECTOR_ORIGIN_NOT_ALLOWED',
        `this origin may not send events for ${site.key}`,
      );
    }
    deps.limits.perSite(site.key);
    const ip = req.clientIp;
    const ua = req.headers['user-agent'];
    const brands = req.headers['sec-ch-ua'];
    const { events, invalid } = readBrowserEvents(batch);
    if (invalid) {
      deps.metrics.dropped.inc({ site: site.key, mode: 'browser', reason: 'invalid_event' }, invalid);
      deps.metrics.quality.add(site.key, 'dropped', 'invalid_event', receivedAt, invalid);
    }
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
