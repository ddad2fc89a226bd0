import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../auth/auth.hook.ts';
import { type PeriodMonths, periodMonths } from '../compare/digital-take-up.ts';
import { EMPTY_TOTALS, SERVICE_METRICS } from '../compare/service-metrics.ts';
import { answerDisclosure } from '../disclosure/view.ts';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import { type OfflineCaseRow, readOfflineCases } from '../queries/offline-cases.query.ts';
import { serviceStepsQuery } from '../queries/service-steps.query.ts';
import { serviceTotalsQuery } from '../queries/service-totals.query.ts';
import type { CityRef } from '../reports/common.schema.ts';
import { buildComparison, type ComparisonReport, comparisonReport } from '../reports/comparison.ts';
import { buildMatrix, matrixReport } from '../reports/matrix.ts';
import type { Warehouse } from '../warehouse.ts';
import { catalogService } from './access.ts';
import { type COMPARISON_TABLES, comparisonQuery, matrixQuery, serviceParams } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';
import { totalsWithOfflineCases } from './service-totals.ts';

/** The offline numbers in force for the whole months of a period (none without whole months). */
function offlineOfPeriod(
  w: Warehouse,
  sites: readonly string[],
  service: string | null,
  months: PeriodMonths,
): Promise<OfflineCaseRow[]> {
  if (months.firstMonth === null || months.lastMonth === null) return Promise.resolve([]);
  return readOfflineCases(w, { sites, service, firstMonth: months.firstMonth, lastMonth: months.lastMonth });
}

/** How a city is named in CSV: its key, or `peer-1` for an anonymous peer. */
export function cityLabel(ref: CityRef): string {
  return ref.key ?? `peer-${ref.peer}`;
}

export const COMPARISON_CSV: Record<(typeof COMPARISON_TABLES)[number], (r: ComparisonReport) => CsvTable> = {
  cities: (r) => ({
    columns: [
      'city',
      'name',
      'own',
      'exact',
      'inhabitants',
      'populationAsOf',
      ...SERVICE_METRICS.flatMap((m) => [m, `${m}_per1000`, `${m}_rank`, `${m}_rankBand`, `${m}_status`]),
    ],
    rows: r.cities.map((c) => [
      cityLabel(c.city),
      c.city.name,
      c.city.own,
      c.city.exact,
      c.city.inhabitants,
      c.city.populationAsOf,
      ...SERVICE_METRICS.flatMap((m) => {
        const cell = c.metrics[m];
        return [cell.value, cell.per1000, cell.rank, cell.rankBand, cell.status];
      }),
    ]),
  }),
  metrics: (r) => ({
    columns: ['metric', 'comparedOn', 'higherIsBetter', 'n', 'min', 'q1', 'median', 'q3', 'max', 'best'],
    rows: r.metrics.map((m) => [
      m.metric,
      m.comparedOn,
      m.higherIsBetter,
      m.n,
      m.min,
      m.q1,
      m.median,
      m.q3,
      m.max,
      m.best.map(cityLabel).join(' '),
    ]),
  }),
  steps: (r) => ({
    columns: [
      'city',
      'stage',
      'step',
      'stepName',
      'visitors',
      'shareOfViewers',
      'dropOff',
      'dropOffRate',
      'status',
    ],
    rows: r.cities.flatMap((c) =>
      c.stages.map((s) => [
        cityLabel(c.city),
        s.stage,
        s.step,
        s.stepName,
        s.visitors,
        s.shareOfViewers,
        s.dropOff,
        s.dropOffRate,
        s.status,
      ]),
    ),
  }),
};

export function comparisonRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const allCities = deps.sites.config.cities;
  const allKeys = allCities.map((c) => c.key);

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/services/:service/comparison',
    {
      schema: {
        tags: ['comparison'],
        summary: 'Cross-city comparison of one service',
        description:
          "Per city: viewers, starters, completions (also per 1,000 inhabitants, with the population date), start and completion rate, median time to complete, error rate, satisfaction, digital take-up (`digitalTakeUp`: online completions ÷ (online completions + the offline cases the city imported), defined for a month, and for a quarter or year only when the city imported offline numbers for every month of it — null with status `no_offline_data` otherwise, never 100 %; a week has none; for other cities computed from their perturbed completions, the offline cases being the city's own administrative figures), each with its rank; per metric the median, quartiles and best-practice city over the published figures; every city's funnel. Every role may read it: the caller's own city is shown exactly; every other city's numbers pass the disclosure layer (keyed noise, k, one closed calendar `period`; admins: exact, any range); cities that opted out of being named appear as anonymous peers with rates and a rank band only. `?format=csv&table=cities|metrics|steps`.",
        params: serviceParams,
        querystring: comparisonQuery,
        response: { 200: tabular(comparisonReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const service = catalogService(deps.sites, req.params.service);
      const q = req.query;
      const { period, view } = answerDisclosure(deps.policy, q, principal.role !== 'admin', deps.now());
      const { current } = period;
      const scope = { sites: allKeys, service: service.key, from: current.from, to: current.to };
      const w = deps.warehouse;
      const months = periodMonths(current);
      const [totals, steps, offline] = await Promise.all([
        w.rows(serviceTotalsQuery(scope)),
        w.rows(serviceStepsQuery(scope)),
        offlineOfPeriod(w, allKeys, service.key, months),
      ]);
      const joined = totalsWithOfflineCases(totals, offline, months, allKeys, [service.key]);
      const report = buildComparison({
        service: { key: service.key, name: service.name },
        cities: allCities,
        principal,
        view,
        secret: deps.policy.secret,
        current,
        totals: new Map(allKeys.map((key) => [key, joined.get(`${key}|${service.key}`) ?? EMPTY_TOTALS])),
        steps: new Map(allKeys.map((key) => [key, steps.filter((s) => s.site === key)])),
        emptyTotals: EMPTY_TOTALS,
      });
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => COMPARISON_CSV[q.table](report),
        filename: `comparison-${service.key}-${q.table}-${current.from}-${current.to}`,
      });
    },
  );

  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/comparison/matrix',
    {
      schema: {
        tags: ['comparison'],
        summary: 'Services × cities for one metric',
        description:
          'Every catalog service (rows) in every city (columns, same order as `cities`) for one metric, with rank per service and the median over cities. Same disclosure rules as the comparison, and the same definition of `digitalTakeUp` (whole months with offline numbers only, else `no_offline_data`). CSV: one row per service, one column per city with the compared figure (per 1,000 inhabitants for counts).',
        querystring: matrixQuery,
        response: { 200: tabular(matrixReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const q = req.query;
      const { period, view } = answerDisclosure(deps.policy, q, principal.role !== 'admin', deps.now());
      const { current } = period;
      const scope = { sites: allKeys, service: null, from: current.from, to: current.to };
      const w = deps.warehouse;
      const months = periodMonths(current);
      const [totals, offline] = await Promise.all([
        w.rows(serviceTotalsQuery(scope)),
        offlineOfPeriod(w, allKeys, null, months),
      ]);
      const services = deps.sites.config.services.map((s) => s.key);
      const report = buildMatrix({
        metric: q.metric,
        services: deps.sites.config.services.map((s) => ({ key: s.key, name: s.name })),
        cities: allCities,
        principal,
        view,
        secret: deps.policy.secret,
        current,
        totals: totalsWithOfflineCases(totals, offline, months, allKeys, services),
      });
      const perCapita = report.comparedOn === 'per1000';
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => ({
          columns: ['service', 'name', 'median', ...report.cities.map(cityLabel)],
          rows: report.rows.map((r) => [
            r.service.key,
            r.service.name?.de ?? null,
            r.median,
            ...r.cells.map((c) => (perCapita ? c.per1000 : c.value)),
          ]),
        }),
        filename: `matrix-${q.metric}-${current.from}-${current.to}`,
      });
    },
  );
}
