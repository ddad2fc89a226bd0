import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The configured site a request speaks for, once a route knows it; '' before (refusals are counted there). */
    qualitySite: string;
  }
}

/** Lets routes name a request's site, so that a refusal after that point is counted for the site. */
export function attributeRefusals(app: FastifyInstance): void {
  app.decorateRequest('qualitySite', '');
}

/** Counts one refused request by its error code, for the site it named ('' if none yet). */
export function countRefusal(metrics: Metrics, site: string, code: string, at: number): void {
  metrics.quality.add(site, 'refused', code, at);
}
