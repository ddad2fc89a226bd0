/*
 * The consortium publishes a closed month as an open-data release (served under /open-data/). Only the
 * consortium: it is the publisher of the programme's numbers. A month is released once; a second attempt is
 * refused with 409, and nothing is ever recomputed or replaced.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../audit/actor.ts';
import { principalOf } from '../auth/auth.hook.ts';
import { ApiError } from '../errors.ts';
import { createRelease, releaseMonth } from '../open-data/create-release.ts';
import { releaseEntry, releaseEntryOf } from '../open-data/release-index.ts';
import { errorBody, errorResponses } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

export function releaseRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/open-data/releases',
    {
      schema: {
        tags: ['open data'],
        summary: 'Release a closed month as open data (consortium)',
        description:
          'Computes the release tables of one closed calendar month once, through the disclosure layer with the k and ε in force, and stores them with their parameters; served from then on without a key under /open-data/. Consortium keys only. A month already released → 409 API_RELEASE_EXISTS; a month not yet closed → 400 API_PERIOD_NOT_PUBLISHED.',
        body: z.object({ month: releaseMonth }).strict(),
        response: {
          201: releaseEntry.describe('The new release, as /open-data/index.json lists it'),
          400: errorResponses[400],
          401: errorResponses[401],
          403: errorBody.describe('Only consortium keys create releases'),
          409: errorBody.describe('The month has been released already'),
          415: errorBody.describe('The body must be JSON'),
          503: errorResponses[503],
        },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      if (principal.role !== 'consortium') {
        deps.metrics.authRejections.inc({ status: '403' });
        throw new ApiError('API_FORBIDDEN', { role: principal.role });
      }
      const meta = await createRelease(deps, req.body.month, await actorOf(principal, deps.keys));
      return reply.code(201).send(releaseEntryOf(meta));
    },
  );
}
