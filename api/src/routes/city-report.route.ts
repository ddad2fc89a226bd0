import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../auth/auth.hook.ts';
import { periodMonths } from '../compare/digital-take-up.ts';
import { ownBuckets, publishedBuckets, publishedInterval } from '../disclosure/buckets.ts';
import { answerDisclosure } from '../disclosure/view.ts';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import { cityBreakdownQuery } from '../queries/city-breakdown.query.ts';
import { cityPagesQuery } from '../queries/city-pages.query.ts';
import { cityTrafficQuery } from '../queries/city-traffic.query.ts';
import { readOfflineCases } from '../queries/offline-cases.query.ts';
import { confirmersByCityService, readServiceConfirmers } from '../queries/service-confirmers.query.ts';
import { buildCityReport, type CityReport, cityReport } from '../reports/city-report.ts';
import { TAKE_UP_COLUMNS, takeUpRows } from '../reports/digital-take-up.ts';
import { cityForDetail } from './access.ts';
import { cityParams, cityReportQuery, PUBLISHED_LIST_ROWS, type REPORT_TABLES } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const BREAKDOWN_COLUMNS = [
  'value',
  'visitors',
  'visits',
  'share',
  'pageviews',
  'bounceRate',
  'visitDurationSec',
  'status',
];

function breakdownTable(rows: CityReport['channels']): CsvTable {
  return {
    columns: BREAKDOWN_COLUMNS,
    rows: rows.map((r) => [
      r.value,
      r.visitors,
      r.visits,
      r.share,
      r.pageviews,
      r.bounceRate,
      r.visitDurationSec,
      r.status,
    ]),
  };
}

/** Each table of the report as CSV (`?format=csv&table=…`). */
export const CITY_REPORT_CSV: Record<(typeof REPORT_TABLES)[number], (r: CityReport) => CsvTable> = {
  summary: (r) => ({
    columns: ['metric', 'value', 'previous', 'change', 'changeRatio', 'status', 'previousStatus'],
    rows: r.summary.map((s) => [
      s.metric,
      s.value,
      s.previous,
      s.change,
      s.changeRatio,
      s.status,
      s.previousStatus,
    ]),
  }),
  timeseries: (r) => ({
    columns: ['bucket', 'visitors', 'visits', 'pageviews', 'status'],
    rows: r.timeseries.map((s) => [s.bucket, s.visitors, s.visits, s.pageviews, s.status]),
  }),
  pages: (r) => ({
    columns: ['path', 'visitors', 'pageviews', 'status'],
    rows: r.pages.map((p) => [p.path, p.visitors, p.pageviews, p.status]),
  }),
  entryPages: (r) => ({
    columns: ['path', 'entries', 'status'],
    rows: r.entryPages.map((p) => [p.path, p.entries, p.status]),
  }),
  channels: (r) => breakdownTable(r.channels),
  devices: (r) => breakdownTable(r.devices),
  browsers: (r) => breakdownTable(r.browsers),
  digitalTakeUp: (r) => ({
    columns: ['service', ...TAKE_UP_COLUMNS],
    rows: r.digitalTakeUp.flatMap((s) => takeUpRows(s).map((row) => [s.service.key, ...row])),
  }),
};

export function cityReportRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cities/:city/report',
    {
      schema: {
        tags: ['city'],
        summary: 'City report: headline numbers vs the previous period, time series, top lists',
        description:
          'Visitors, visits, page views, bounce rate and visit duration with the change against the period of equal length right before (the previous calendar period for a `period`); a time series (hour/day/week/month), top and entry pages, referrer channels, devices and browsers. Readable by the city team (exactly, any range), admins (exactly) and the consortium for cities named in comparisons (through the disclosure layer: one closed calendar `period`, keyed noise, lists suppressed as a whole with small rows folded into "(other)", no visit duration). Digital take-up of every catalog service (`digitalTakeUp`: online completions ÷ (online completions + the offline cases the city imported), per calendar month inside the period and for the period when it is whole months that all have offline numbers, else null with status `no_offline_data`, never 100 %; for the consortium computed from the perturbed completions). `?format=csv&table=…` answers one table as CSV (`digitalTakeUp`: per service the period with an empty `month`, then each month).',
        params: cityParams,
        querystring: cityReportQuery,
        response: { 200: tabular(cityReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const { city, access } = cityForDetail(deps.sites, principal, req.params.city, () =>
        deps.metrics.authRejections.inc({ status: '403' }),
      );
      const q = req.query;
      const published = access === 'published';
      const { period, view } = answerDisclosure(deps.policy, q, published, deps.now());
      const { current, previous, calendar } = period;
      const interval = q.interval ?? (published && calendar ? publishedInterval(calendar) : 'day');
      const buckets =
        published && calendar ? publishedBuckets(calendar, interval) : ownBuckets(current, interval);
      const base = { site: city.key, from: current.from, to: current.to };
      const w = deps.warehouse;
      const months = periodMonths(current);
      // Few round trips: chDB runs one query at a time, so fewer, wider queries answer sooner.
      const [traffic, pages, breakdowns, confirmers, offline] = await Promise.all([
        w.rows(cityTrafficQuery({ ...base, previousFrom: previous.from, interval })),
        // A published list is suppressed as a whole before `limit` cuts it.
        w.rows(cityPagesQuery({ ...base, limit: published ? PUBLISHED_LIST_ROWS : q.limit })),
        w.rows(cityBreakdownQuery({ ...base, by: ['channel', 'device', 'browser'] })),
        readServiceConfirmers(w, {
          sites: [city.key],
          service: null,
          from: current.from,
          to: current.to,
          months: months.days,
        }),
        months.firstMonth === null || months.lastMonth === null
          ? []
          : readOfflineCases(w, {
              sites: [city.key],
              service: null,
              firstMonth: months.firstMonth,
              lastMonth: months.lastMonth,
            }),
      ]);
      const report = buildCityReport({
        city,
        access,
        view,
        current,
        previous,
        calendar:
          published && calendar && period.previousLabel
            ? { current: calendar.label, previous: period.previousLabel }
            : null,
        interval,
        buckets,
        traffic,
        pages,
        limit: q.limit,
        breakdowns,
        takeUp: {
          services: deps.sites.config.services.map((s) => ({ key: s.key, name: s.name })),
          months,
          confirmers: confirmersByCityService(confirmers),
          offline,
        },
      });
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => CITY_REPORT_CSV[q.table](report),
        filename: `${city.key}-${q.table}-${current.from}-${current.to}`,
      });
    },
  );
}
