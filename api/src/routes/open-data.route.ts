/*
 * The open data, served without a key under /open-data/: the page, the index, the DCAT-AP.de catalog and every
 * release's files exactly as stored. Nothing here reads a key or a role: a request with a key gets the same
 * bytes as one without. Release files never change, so they may be cached for good.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { releaseMonth } from '../open-data/create-release.ts';
import { dcatCatalog } from '../open-data/dcat-catalog.ts';
import { indexPage } from '../open-data/index-page.ts';
import { STYLESHEET } from '../open-data/open-data-paths.ts';
import { type ReleaseFile, releaseDocument, TABLE_NAMES } from '../open-data/release-document.ts';
import { releaseIndex, releaseIndexOf } from '../open-data/release-index.ts';
import { errorBody } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

/** In the sources beside the open-data modules; built (`npm run build`), copied beside the bundle (infra/build). */
const CSS = readFileSync(
  new URL(
    import.meta.url.endsWith('.ts') ? '../open-data/open-data.css' : './open-data.css',
    import.meta.url,
  ),
  'utf8',
);
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The index, page and catalog change when a release is added: caches ask again. */
const REVALIDATE = 'no-cache';
const OPEN = { tags: ['open data'], security: [] };

const text = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().describe(description) } },
});
const notFound = errorBody.describe('No release for this month');
const badRequest = errorBody.describe('Invalid parameters; details.issues lists every zod issue');

/** Open data may be read by any web page: it is public and no credentials go with it. */
function publicData(reply: FastifyReply, mediaType: string, cache: string): FastifyReply {
  return reply.type(mediaType).header('cache-control', cache).header('access-control-allow-origin', '*');
}

export function openDataRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const file = async (reply: FastifyReply, month: string, name: ReleaseFile, mediaType: string) => {
    const body = await deps.releases.file(month, name);
    if (body === null) throw new ApiError('API_UNKNOWN_RELEASE', { month });
    const meta = (await deps.releases.find(month))?.files.find((f) => f.name === name);
    if (meta) reply.header('etag', `"${meta.sha256}"`);
    return publicData(reply, mediaType, IMMUTABLE).send(body);
  };

  typed.get(
    '/open-data/',
    {
      schema: {
        ...OPEN,
        summary: 'The open-data page (German): every release with its files, licence and privacy guarantee',
        response: { 200: text('text/html', 'HTML page') },
      },
    },
    async (_req, reply) => {
      const page = indexPage(await deps.releases.list(), deps.policy, deps.config);
      return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(page);
    },
  );

  typed.get(
    '/open-data/index.json',
    {
      schema: {
        ...OPEN,
        summary: 'Every release with its parameters and files (address, size, SHA-256), newest month first',
        response: { 200: releaseIndex },
      },
    },
    async (_req, reply) => {
      const index = releaseIndexOf(await deps.releases.list(), deps.config.OPEN_DATA_PUBLISHER);
      return publicData(reply, 'application/json; charset=utf-8', REVALIDATE).send(index);
    },
  );

  typed.get(
    '/open-data/catalog.jsonld',
    {
      schema: {
        ...OPEN,
        summary: 'The releases as a DCAT-AP.de catalog (JSON-LD), for harvesting by open-data portals',
        response: {
          200: {
            description: 'DCAT-AP.de catalog',
            content: {
              'application/ld+json': {
                schema: z.looseObject({ '@context': z.record(z.string(), z.string()), '@type': z.string() }),
              },
            },
          },
        },
      },
    },
    async (_req, reply) => {
      const catalog = dcatCatalog(await deps.releases.list(), deps.config);
      return publicData(reply, 'application/ld+json; charset=utf-8', REVALIDATE).send(
        `${JSON.stringify(catalog, null, 2)}\n`,
      );
    },
  );

  typed.get(
    '/open-data/releases/:month.json',
    {
      schema: {
        ...OPEN,
        summary: 'One release: metadata, licence, disclosure parameters, data dictionary and every table',
        description:
          'The bytes stored when the release was created: the same on every request and after any restart.',
        params: z.object({ month: releaseMonth }),
        response: { 200: releaseDocument, 400: badRequest, 404: notFound },
      },
    },
    async (req, reply) => file(reply, req.params.month, 'release.json', 'application/json; charset=utf-8'),
  );

  typed.get(
    '/open-data/releases/:month/:table.csv',
    {
      schema: {
        ...OPEN,
        summary: 'One table of a release as CSV (UTF-8 with BOM, CRLF, empty cells where not published)',
        params: z.object({
          month: releaseMonth,
          table: z
            .enum(TABLE_NAMES)
            .describe('services: cities × services; cities; shares: devices and channels'),
        }),
        response: { 200: text('text/csv', 'CSV table'), 400: badRequest, 404: notFound },
      },
    },
    async (req, reply) => {
      const { month, table } = req.params;
      reply.header('content-disposition', `attachment; filename="godonu-${month}-${table}.csv"`);
      return file(reply, month, `${table}.csv`, 'text/csv; charset=utf-8');
    },
  );

  app.get(STYLESHEET, { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(CSS),
  );
}
