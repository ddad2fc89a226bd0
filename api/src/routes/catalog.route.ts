import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { detailAccess, mayNameCity, ROLES } from '../auth/roles.ts';
import { policySummary } from '../disclosure/policy.ts';
import { discloseServiceTotals } from '../disclosure/service-cells.ts';
import { answerDisclosure } from '../disclosure/view.ts';
import { sendReport } from '../http/table-reply.ts';
import { serviceCatalogQuery } from '../queries/service-catalog.query.ts';
import { serviceTotalsQuery } from '../queries/service-totals.query.ts';
import { cityInfoOf } from '../reports/city-report.ts';
import { cityInfo, period, serviceInfo } from '../reports/common.schema.ts';
import { formatParam, periodQuery } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';
import { totalsByCityService } from './service-totals.ts';

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
  k: z.number().int().describe('Published cells need a perturbed count of at least k'),
  disclosure: z
    .object({
      k: z.number().int(),
      epsilonPerCell: z.number(),
      noise: z.literal('discrete Laplace'),
      noiseScale: z.number(),
      noiseStandardDeviation: z.number(),
      periods: z.string(),
    })
    .describe(
      'The disclosure policy in force for numbers of other cities (api/README.md "Disclosure control")',
    ),
});

const catalogResponse = z.object({
  period,
  services: z.array(
    serviceInfo.extend({
      citiesSeen: z
        .number()
        .int()
        .describe(
          'Cities with any event (admins); for everyone else the own city if it has any, plus cities whose perturbed viewers reach k',
        ),
    }),
  ),
  uncatalogued: z
    .array(z.object({ key: z.string(), citiesSeen: z.number().int() }))
    .describe(
      'Keys seen in events but missing from the catalog: add them to the sites configuration (admins only; empty for others)',
    ),
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
      return {
        keyId: p.keyId,
        role: p.role,
        city: p.city,
        k: deps.policy.k,
        disclosure: policySummary(deps.policy),
      };
    },
  );

  typed.get(
    '/v1/cities',
    {
      schema: {
        tags: ['meta'],
        summary: 'Participating cities with population (and its date) and what the caller may read',
        description:
          'Cities that opted out of being named are listed only to themselves and admins: anyone else meets them as anonymous peers in comparisons.',
        querystring: z.object({ format: formatParam }).strict(),
        response: { 200: tabular(citiesResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const cities = deps.sites.config.cities
        .filter((c) => mayNameCity(p, c))
        .map((c) => ({
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
      const p = principalOf(req);
      const admin = p.role === 'admin';
      const { period, view } = answerDisclosure(deps.policy, req.query, !admin, deps.now());
      const { current } = period;
      const sites = deps.sites.config.cities.map((c) => c.key);
      const scope = { sites, from: current.from, to: current.to };
      const seen = new Map<string, number>();
      if (admin) {
        const rows = await deps.warehouse.rows(serviceCatalogQuery(scope));
        for (const r of rows) seen.set(r.service, r.cities);
      } else {
        // Whether a city saw a service is itself a number about its citizens: it passes the disclosure layer.
        const rows = await deps.warehouse.rows(serviceTotalsQuery({ ...scope, service: null }));
        for (const [key, t] of totalsByCityService(rows)) {
          const [city, service] = key.split('|') as [string, string];
          const own = p.city === city;
          const shown = own
            ? t.viewers > 0
            : !view.d.belowK(discloseServiceTotals(view.d, city, service, t).viewers);
          if (shown) seen.set(service, (seen.get(service) ?? 0) + 1);
        }
      }
      const services = deps.sites.config.services.map((s) => ({
        key: s.key,
        name: s.name,
        citiesSeen: seen.get(s.key) ?? 0,
      }));
      const uncatalogued = [...seen]
        .filter(([key]) => admin && !deps.sites.services.has(key))
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
