import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CollectorError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The site the per-site limiter counts this request against (set just before it runs). */
    rateLimitSite: string;
  }
}

export interface RateLimits {
  /** Per client address; runs before the body is read, so floods cost no parsing. */
  perClient: (req: FastifyRequest) => Promise<void>;
  /** Per site, once the batch named it. */
  perSite: (req: FastifyRequest, site: string) => Promise<void>;
}

/** Requires `@fastify/rate-limit` to be registered on `app` (it provides `createRateLimit`). */
export function createRateLimits(
  app: FastifyInstance,
  opts: { windowMs: number; clientMax: number; siteMax: number },
): RateLimits {
  const client = app.createRateLimit({ max: opts.clientMax, timeWindow: opts.windowMs });
  // A request property rather than a WeakMap: a WeakMap entry per request is costly for the garbage collector.
  app.decorateRequest('rateLimitSite', '');
  const site = app.createRateLimit({
    max: opts.siteMax,
    timeWindow: opts.windowMs,
    keyGenerator: (req) => `site:${req.rateLimitSite}`,
  });
  const enforce = async (check: Promise<Awaited<ReturnType<typeof client>>>, scope: string) => {
    const result = await check;
    if (!result.isAllowed && result.isExceeded) {
      throw new CollectorError('COLLECTOR_RATE_LIMITED', `too many requests for this ${scope}; slow down`, {
        retryAfterSeconds: Math.max(1, result.ttlInSeconds),
      });
    }
  };
  return {
    perClient: (req) => enforce(client(req), 'client'),
    perSite: (req, key) => {
      req.rateLimitSite = key;
      return enforce(site(req), 'site');
    },
  };
}
