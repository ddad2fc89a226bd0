import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors.ts';

/**
 * 405 with `Allow` for a method that a route's path does not take, where Fastify alone answers 404 (or 400 for a
 * QUERY without a content type): the resource exists, only not for this method (RFC 9110, 15.5.6).
 *
 * Call `collect` before any route is added; once every route is registered, `answer` adds, per path, one route for
 * every other method. Those routes answer in `onRequest`, before a body is read, and need no key. Wildcard paths
 * (the dashboard's static files) keep their 404: there any unknown path is simply not there.
 */
export function methodNotAllowed(app: FastifyInstance): { answer: () => void } {
  const served = new Map<string, Set<string>>();
  let answering = false;
  app.addHook('onRoute', (route) => {
    if (answering || route.url.includes('*')) return;
    const methods = served.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    served.set(route.url, methods);
  });
  return {
    answer: () => {
      answering = true;
      for (const [url, methods] of served) {
        const allow = [...methods].sort().join(', ');
        const others = app.supportedMethods.filter((m) => !methods.has(m));
        app.route({
          method: others,
          url,
          schema: { hide: true },
          onRequest: async (_req, reply) => {
            reply.header('allow', allow);
            throw new ApiError('API_METHOD_NOT_ALLOWED', { allow: [...methods].sort() });
          },
          handler: async () => {
            throw new ApiError('API_METHOD_NOT_ALLOWED');
          },
        });
      }
    },
  };
}
