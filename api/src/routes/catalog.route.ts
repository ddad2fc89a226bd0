import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { detailAccess, ROLES } from '../auth/roles.ts';
import { sendReport } from '../http/table-reply.ts';
import { type ServiceSeenRow, serviceCatalogQuery } from '../queries/service-catalog.query.ts';
import { cityInfoOf } from '../reports/city-report.ts';
import { cityInfo, period, serviceInfo } from '../reports/common.schema.ts';
import { formatParam, periodQuery, resolvePeriod } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const citiesResponse = z.object({
  cities: z.array(
    cityInfo.extend({
      namedInComparisons: z.boolean(),
      detail: z
        .enum(['full', 'published', 'forbidden'])
        .describe("How the caller may read this city's reports"),
    }),
  ),
});

const meResponse = z.object({
  keyId: z.string(),
  role: z.enum(ROLES),
  city: z.string().nullable(),
  k: z.number().int().describe('Cells of fewer distinct visitors are suppressed for other parties'),
});

const catalogResponse = z.object({
  period,
  services: z.array(serviceInfo.extend({ citiesSeen: z.number().int().describe('Cities with any event') })),
  uncatalogued: z
    .array(z.object({ key: z.string(), citiesSeen: z.number().int() }))
    .describe('Keys seen in events but missing from the catalog: add them to the sites configuration'),
});

export function catalogRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/v1/me',
    {
      schema: {
        tags: ['meta'],
        summary: 'The caller: role, city and the k in force',
        response: { 200: meResponse, ...errorResponses },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return { keyId: p.keyId, role: p.role, city: p.city, k: deps.config.K_ANONYMITY };
    },
  );

  typed.get(
    '/v1/cities',
    {
      schema: {
        tags: ['meta'],
        summary: 'Participating cities with population (and its date) and what the caller may read',
        querystring: z.object({ format: formatParam }).strict(),
        response: { 200: tabular(citiesResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const cities = deps.sites.config.cities.map((c) => ({
        ...cityInfoOf(c),
        namedInComparisons: c.namedInComparisons,
        detail: detailAccess(p, c),
      }));
      return sendReport(req, reply, {
        format: req.query.format,
        report: { cities },
        csv: () => ({
          columns: ['key', 'name', 'ags', 'inhabitants', 'populationAsOf', 'namedInComparisons', 'detail'],
          rows: cities.map((c) => [
            c.key,
            c.name,
            c.ags,
            c.population.inhabitants,
            c.population.asOf,
            c.namedInComparisons,
            c.detail,
          ]),
        }),
        filename: 'cities',
      });
    },
  );

  typed.get(
    '/v1/services',
    {
      schema: {
        tags: ['service'],
        summary: 'Service catalog: LeiKa key, German and English name, in how many cities it was seen',
        querystring: periodQuery,
        response: { 200: tabular(catalogResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      principalOf(req);
      const { current } = resolvePeriod(req.query, deps.now());
      const rows = await deps.warehouse.rows<ServiceSeenRow>(
        serviceCatalogQuery({
          sites: deps.sites.config.cities.map((c) => c.key),
          from: current.from,
          to: current.to,
        }),
      );
      const seen = new Map(rows.map((r) => [r.service, r.cities]));
      const services = deps.sites.config.services.map((s) => ({
        key: s.key,
        name: s.name,
        citiesSeen: seen.get(s.key) ?? 0,
      }));
      const uncatalogued = [...seen]
        .filter(([key]) => !deps.sites.services.has(key))
        .map(([key, citiesSeen]) => ({ key, citiesSeen }));
      return sendReport(req, reply, {
        format: req.query.format,
        report: { period: current, services, uncatalogued },
        csv: () => ({
          columns: ['key', 'name_de', 'name_en', 'citiesSeen'],
          rows: services.map((s) => [s.key, s.name.de, s.name.en, s.citiesSeen]),
        }),
        filename: `services-${current.from}-${current.to}`,
      });
    },
  );
}
