import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../auth/auth.hook.ts';
import { periodMonths } from '../compare/digital-take-up.ts';
import { ownBuckets, publishedBuckets, publishedInterval } from '../disclosure/buckets.ts';
import { answerDisclosure } from '../disclosure/view.ts';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import { readOfflineCases } from '../queries/offline-cases.query.ts';
import { serviceCompletionQuery } from '../queries/service-completion.query.ts';
import { confirmersByCityService, readServiceConfirmers } from '../queries/service-confirmers.query.ts';
import { serviceErrorFieldsQuery } from '../queries/service-errors.query.ts';
import { serviceRatingsQuery } from '../queries/service-ratings.query.ts';
import { serviceStepsQuery } from '../queries/service-steps.query.ts';
import { serviceTotalsQuery } from '../queries/service-totals.query.ts';
import { TAKE_UP_COLUMNS, takeUpRows } from '../reports/digital-take-up.ts';
import { buildFunnel, type FunnelReport, funnelReport } from '../reports/funnel.ts';
import { catalogService, cityForDetail } from './access.ts';
import { cityServiceParams, type FUNNEL_TABLES, funnelQuery, PUBLISHED_LIST_ROWS } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';
import { totalsOf, withOfflineCases } from './service-totals.ts';

export const FUNNEL_CSV: Record<(typeof FUNNEL_TABLES)[number], (r: FunnelReport) => CsvTable> = {
  steps: (r) => ({
    columns: ['stage', 'step', 'stepName', 'visitors', 'shareOfViewers', 'dropOff', 'dropOffRate', 'status'],
    rows: r.stages.map((s) => [
      s.stage,
      s.step,
      s.stepName,
      s.visitors,
      s.shareOfViewers,
      s.dropOff,
      s.dropOffRate,
      s.status,
    ]),
  }),
  errors: (r) => ({
    columns: ['field', 'step', 'visitors', 'errors', 'status'],
    rows: r.errors.fields.map((f) => [f.field, f.step, f.visitors, f.errors, f.status]),
  }),
  ratings: (r) => ({
    columns: ['score', 'ratings', 'share', 'status'],
    rows: r.satisfaction.distribution.map((d) => [d.score, d.ratings, d.share, d.status]),
  }),
  timeseries: (r) => ({
    columns: ['bucket', 'starters', 'confirmers', 'completionRate', 'status'],
    rows: r.timeseries.map((t) => [t.bucket, t.starters, t.confirmers, t.completionRate, t.status]),
  }),
  digitalTakeUp: (r) => ({ columns: TAKE_UP_COLUMNS, rows: takeUpRows(r.digitalTakeUp) }),
};

export function funnelRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cities/:city/services/:service/funnel',
    {
      schema: {
        tags: ['service'],
        summary:
          'One service in one city: funnel, completion, time to complete, error hot spots, satisfaction',
        description:
          'Funnel viewed → started → each step → submitted → confirmed in distinct visitors with drop-off per step; completion rate (also per day/week/month); quartiles of the time from form start to confirmation; the fields with the most validation errors; ratings; digital take-up (`digitalTakeUp`: online completions ÷ (online completions + the offline cases the city imported with POST /v1/cities/{city}/offline-cases), for each calendar month inside the period, and for the period itself when it is whole months that all have offline numbers — otherwise null with status `no_offline_data`, never 100 %; for the consortium computed from the perturbed completions). Same access and disclosure rules as the city report (the consortium: fields and scores below k folded into one last row with field/score null; quartiles rounded to 10 s). `?format=csv&table=steps|errors|ratings|timeseries|digitalTakeUp` (digitalTakeUp: the period with an empty `month`, then each month).',
        params: cityServiceParams,
        querystring: funnelQuery,
        response: { 200: tabular(funnelReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { city, access } = cityForDetail(deps.sites, principalOf(req), req.params.city, () =>
        deps.metrics.authRejections.inc({ status: '403' }),
      );
      const service = catalogService(deps.sites, req.params.service);
      const q = req.query;
      const published = access === 'published';
      const { period, view } = answerDisclosure(deps.policy, q, published, deps.now());
      const { current, calendar } = period;
      const interval = q.interval ?? (published && calendar ? publishedInterval(calendar) : 'week');
      const buckets =
        published && calendar ? publishedBuckets(calendar, interval) : ownBuckets(current, interval);
      const scope = { sites: [city.key], service: service.key, from: current.from, to: current.to };
      const one = { site: city.key, service: service.key, from: current.from, to: current.to };
      const w = deps.warehouse;
      const months = periodMonths(current);
      const [totals, ratings, steps, fields, completion, confirmers, offline] = await Promise.all([
        w.rows(serviceTotalsQuery(scope)),
        w.rows(serviceRatingsQuery(one)),
        w.rows(serviceStepsQuery(scope)),
        // A published list is suppressed as a whole before `limit` cuts it.
        w.rows(serviceErrorFieldsQuery({ ...one, limit: published ? PUBLISHED_LIST_ROWS : q.limit })),
        w.rows(serviceCompletionQuery({ ...one, interval })),
        months.days === null
          ? []
          : readServiceConfirmers(w, {
              ...scope,
              from: months.days.from,
              to: months.days.to,
              months: months.days,
            }),
        months.firstMonth === null || months.lastMonth === null
          ? []
          : readOfflineCases(w, {
              sites: [city.key],
              service: service.key,
              firstMonth: months.firstMonth,
              lastMonth: months.lastMonth,
            }),
      ]);
      const report = buildFunnel({
        city,
        service: { key: service.key, name: service.name },
        access,
        view,
        current,
        interval,
        buckets,
        totals: withOfflineCases(totalsOf(totals[0]), offline, months),
        errorsTotal: totals[0]?.errors ?? 0,
        confirmQuantilesMs: totals[0]?.confirm_ms ?? null,
        steps,
        errorFields: fields,
        limit: q.limit,
        ratings,
        completion,
        takeUp: {
          months,
          monthConfirmers:
            confirmersByCityService(confirmers).get(`${city.key}|${service.key}`)?.months ?? new Map(),
          offline,
        },
      });
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => FUNNEL_CSV[q.table](report),
        filename: `${city.key}-${service.key}-${q.table}-${current.from}-${current.to}`,
      });
    },
  );
}
