/*
 * A city's annotations (api/README.md "Annotations"): dated notes per service or for the whole portal, which the
 * dashboard shows as markers on its time series. Its own team creates, edits and deletes them; every change is
 * recorded in the audit log before it is made. Annotations are text, not counts, so they do not pass the numbers'
 * disclosure layer; `shared` is their disclosure rule (annotations/annotation-access.ts).
 */
import type { CityConfig } from '@godonu/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type Annotation,
  annotation,
  annotationInput,
  annotationList,
  annotationParams,
  annotationQuery,
} from '../annotations/annotation.schema.ts';
import { annotationReadAccess, mayWriteAnnotations } from '../annotations/annotation-access.ts';
import {
  annotationOf,
  createdVersion,
  findAnnotation,
  nextVersion,
  readAnnotations,
  writeVersion,
} from '../annotations/annotations.store.ts';
import { actorOf } from '../audit/actor.ts';
import { principalOf } from '../auth/auth.hook.ts';
import { ApiError } from '../errors.ts';
import { sendReport } from '../http/table-reply.ts';
import type { AnnotationRow } from '../queries/annotations.query.ts';
import type { AuditAction } from '../queries/audit-log.query.ts';
import { catalogService } from './access.ts';
import { cityParams, resolvePeriod } from './params.schema.ts';
import { errorBody, errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const WRITERS =
  "Only a key of the city itself writes its annotations (403 for every other key, admins and the consortium included): the city's own team decides what it says about its services.";

const CSV_COLUMNS = [
  'city',
  'day',
  'service',
  'serviceName',
  'text',
  'shared',
  'id',
  'createdAt',
  'updatedAt',
] as const;

const writeErrors = {
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorBody.describe("Not a key of this city: only the city's own team writes its annotations"),
  415: errorBody.describe('The body must be JSON'),
  503: errorResponses[503],
};

export function annotationsRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const input = annotationInput([...deps.sites.services.keys()]);
  const forbidden = (city: string): never => {
    deps.metrics.authRejections.inc({ status: '403' });
    throw new ApiError('API_FORBIDDEN', { city });
  };
  const knownCity = (key: string): CityConfig => {
    const city = deps.sites.cities.get(key);
    if (!city) throw new ApiError('API_UNKNOWN_CITY', { city: key });
    return city;
  };
  /** 404 for an unknown city before any 403, as everywhere. */
  const writableCity = (req: FastifyRequest, key: string): CityConfig => {
    const city = knownCity(key);
    if (!mayWriteAnnotations(principalOf(req), city)) forbidden(key);
    return city;
  };
  const existing = async (city: CityConfig, id: string): Promise<AnnotationRow> => {
    const row = await findAnnotation(deps.warehouse, city.key, id);
    if (!row) throw new ApiError('API_UNKNOWN_ANNOTATION', { city: city.key, id });
    return row;
  };
  /** Recorded before the change is made: a change that cannot be recorded is not made. */
  const record = async (req: FastifyRequest, action: AuditAction, row: AnnotationRow) =>
    deps.audit.record({
      at: deps.now(),
      action,
      actor: await actorOf(principalOf(req), deps.keys),
      target: row.id,
      // Never the text: it is the team's to write, and the audit log holds parameters only.
      parameters: { city: row.site, day: row.day, service: row.service, shared: String(row.shared) },
    });

  r.get(
    '/v1/cities/:city/annotations',
    {
      schema: {
        tags: ['annotations'],
        summary: "A city's annotations of a period",
        description: `Dated notes of the city's team per service or for the whole portal ("Formular überarbeitet", "Pressemitteilung"), by day. The city itself and admins read all of them; other cities and the consortium read those the city shared, for cities they may name (others 403). Text, not counts: no disclosure noise. CSV: one row per annotation (\`${CSV_COLUMNS.join(',')}\`; service empty for the whole portal). ${WRITERS}`,
        params: cityParams,
        querystring: annotationQuery,
        response: { 200: tabular(annotationList), ...errorResponses },
      },
    },
    async (req, reply) => {
      const city = knownCity(req.params.city);
      const access = annotationReadAccess(principalOf(req), city);
      if (access === 'forbidden') forbidden(city.key);
      const service = req.query.service ?? null;
      if (service !== null) catalogService(deps.sites, service);
      const { current } = resolvePeriod(req.query, deps.now());
      const annotations = await readAnnotations(deps.warehouse, city.key, current.from, current.to, {
        sharedOnly: access === 'shared',
        service,
      });
      return sendReport(req, reply, {
        format: req.query.format,
        report: {
          city: city.key,
          access: access === 'full' ? 'full' : 'shared',
          period: current,
          service,
          annotations,
        },
        csv: () => ({ columns: CSV_COLUMNS, rows: annotations.map((a) => csvRow(deps, a)) }),
        filename: `${city.key}-annotations-${current.from}-${current.to}`,
      });
    },
  );

  r.post(
    '/v1/cities/:city/annotations',
    {
      schema: {
        tags: ['annotations'],
        summary: 'Create an annotation',
        description: `A note for one day, for a service of the catalog or (service null) the whole portal; \`shared\` lets other cities and the consortium read it. ${WRITERS} Recorded in the audit log (\`annotation_created\`).`,
        params: cityParams,
        body: input,
        response: {
          201: annotation.describe('The new annotation'),
          404: errorResponses[404],
          ...writeErrors,
        },
      },
    },
    async (req, reply) => {
      const city = writableCity(req, req.params.city);
      const row = createdVersion(city.key, req.body, principalOf(req).keyId, deps.now());
      await record(req, 'annotation_created', row);
      await writeVersion(deps.warehouse, row);
      return reply.code(201).send(annotationOf(row, true));
    },
  );

  r.put(
    '/v1/cities/:city/annotations/:id',
    {
      schema: {
        tags: ['annotations'],
        summary: 'Edit an annotation',
        description: `Replaces day, service, text and shared of an annotation of the city. ${WRITERS} An unknown or deleted id → 404. Recorded in the audit log (\`annotation_updated\`).`,
        params: annotationParams,
        body: input,
        response: {
          200: annotation.describe('The annotation as edited'),
          404: errorBody.describe('Unknown city, or no such annotation of the city (or it was deleted)'),
          ...writeErrors,
        },
      },
    },
    async (req) => {
      const city = writableCity(req, req.params.city);
      const current = await existing(city, req.params.id);
      const next = nextVersion(current, req.body, principalOf(req).keyId, deps.now());
      await record(req, 'annotation_updated', next);
      await writeVersion(deps.warehouse, next);
      return annotationOf(next, true);
    },
  );

  r.delete(
    '/v1/cities/:city/annotations/:id',
    {
      schema: {
        tags: ['annotations'],
        summary: 'Delete an annotation',
        description: `${WRITERS} An unknown or already deleted id → 404. Recorded in the audit log (\`annotation_deleted\`).`,
        params: annotationParams,
        response: {
          // `type: null` is how the OpenAPI generator states an answer without content.
          204: z.null().meta({ type: 'null', description: 'Deleted; no content' }),
          404: errorBody.describe('Unknown city, or no such annotation of the city (or it was deleted)'),
          ...writeErrors,
        },
      },
    },
    async (req, reply) => {
      const city = writableCity(req, req.params.city);
      const current = await existing(city, req.params.id);
      const next = nextVersion(current, null, principalOf(req).keyId, deps.now());
      await record(req, 'annotation_deleted', next);
      await writeVersion(deps.warehouse, next);
      return reply.code(204).send(null);
    },
  );
}

function csvRow(deps: RouteDeps, a: Annotation) {
  const service = a.service === null ? undefined : deps.sites.services.get(a.service);
  return [
    a.city,
    a.day,
    a.service ?? '',
    service?.name.de ?? '',
    a.text,
    a.shared,
    a.id,
    a.createdAt,
    a.updatedAt,
  ];
}
