import { serverBatch } from '@godonu/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CollectorError } from '../errors.ts';
import { type IngestDeps, ingestEvents } from '../ingest/ingest-events.ts';
import { normalizeIp } from '../ingest/normalize-ip.ts';
import { parseBatch } from '../ingest/parse-batch.ts';
import type { SiteRegistry } from '../sites/site-registry.ts';
import type { RateLimits } from './rate-limits.ts';

const BEARER = /^Bearer\s+(\S{1,256})$/i;

/**
 * `POST /v1/events/server`: a batch from a city's backend (no script, or no consent for one), authenticated with
 * the city's ingest key. Each event carries the end user's IP and user agent so that visitors are counted as
 * in the browser; both stay in memory. No CORS: browsers have no business here.
 */
export async function serverEventsRoute(
  app: FastifyInstance,
  deps: IngestDeps & { sites: SiteRegistry; limits: RateLimits; now: () => number },
): Promise<void> {
  const ingestSites = new WeakMap<FastifyRequest, string>();

  app.post(
    '/v1/events/server',
    {
      onRequest: [
        deps.limits.perClient,
        // Authenticate before the body is read: an unauthenticated flood costs one SHA-256 per request.
        async (req) => {
          const header = req.headers.authorization;
          const key = header === undefined ? undefined : BEARER.exec(header)?.[1];
          const site = key === undefined ? undefined : deps.sites.siteForIngestKey(key);
          if (!site) {
            throw new CollectorError(
              'COLLECTOR_UNAUTHORIZED',
              'send the city ingest key as "Authorization: Bearer <key>"',
            );
          }
          ingestSites.set(req, site);
          req.qualitySite = site;
        },
      ],
    },
    async (req, reply) => {
      const receivedAt = deps.now();
      const batch = parseBatch(serverBatch, req.body);
      const keySite = ingestSites.get(req);
      const site = deps.sites.get(batch.site);
      if (!site) throw new CollectorError('COLLECTOR_UNKNOWN_SITE', `unknown site "${batch.site}"`);
      if (site.key !== keySite) {
        throw new CollectorError(
          'COLLECTOR_SITE_NOT_ALLOWED',
          `this ingest key may not send events for ${site.key}`,
        );
      }
      deps.limits.perSite(site.key);
      const result = await ingestEvents(deps, {
        site,
        mode: 'server',
        receivedAt,
        items: batch.events.map((item) => ({
          event: item.event,
          ip: normalizeIp(item.ip) ?? item.ip,
          ua: item.ua,
        })),
      });
      return reply.code(202).send(result);
    },
  );
}
