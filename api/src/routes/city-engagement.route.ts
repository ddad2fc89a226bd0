import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import {
  cityEngagementQuery,
  SCROLL_BUCKETS_PCT,
  VISIBLE_BUCKETS_MS,
} from '../queries/city-engagement.query.ts';
import { buildCityEngagement, type CityEngagement, cityEngagement } from '../reports/city-engagement.ts';
import { cityParams, type ENGAGEMENT_TABLES, engagementQuery } from './params.schema.ts';
import { rawDetail } from './raw-detail.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

type Page = CityEngagement['pages'][number];

/** A bucket's column: `visible_10_30s`, `visible_600s_plus`, `scroll_75_100pct`, `scroll_100pct`. */
function bucketColumns(name: string, unit: string, bounds: readonly number[]): string[] {
  return bounds.map((from, i) => {
    const to = bounds[i + 1];
    if (to !== undefined) return `${name}_${from}_${to}${unit}`;
    return name === 'scroll' ? `${name}_${from}${unit}` : `${name}_${from}${unit}_plus`;
  });
}

/** Visitors per bucket in columns: the buckets are fixed, so a spreadsheet lines pages up. */
const FIGURE_COLUMNS = [
  'visitors',
  'visibleMedianSec',
  'scrollMedianPct',
  'status',
  ...bucketColumns(
    'visible',
    's',
    VISIBLE_BUCKETS_MS.map((ms) => ms / 1000),
  ),
  ...bucketColumns('scroll', 'pct', SCROLL_BUCKETS_PCT),
];

function figureCells(p: Page): (string | number | null)[] {
  return [
    p.visitors,
    p.visibleTime.medianSec,
    p.scrollDepth.medianPct,
    p.status,
    ...p.visibleTime.buckets.map((b) => b.visitors),
    ...p.scrollDepth.buckets.map((b) => b.visitors),
  ];
}

/** Each table as CSV (`?format=csv&table=…`). */
export const CITY_ENGAGEMENT_CSV: Record<
  (typeof ENGAGEMENT_TABLES)[number],
  (r: CityEngagement) => CsvTable
> = {
  pages: (r) => ({
    columns: ['path', ...FIGURE_COLUMNS],
    rows: r.pages.map((p) => [p.path, ...figureCells(p)]),
  }),
  servicePages: (r) => ({
    columns: ['service', 'path', ...FIGURE_COLUMNS],
    rows: r.servicePages.map((p) => [p.service.key, p.path, ...figureCells(p)]),
  }),
};

export function cityEngagementRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cities/:city/engagement',
    {
      schema: {
        tags: ['city'],
        summary: 'Visible time and scroll depth per page and per service page of a city',
        description:
          'From the SDK’s engagement reports (sent when a page view ends, the page is hidden or left: the time the page was visible since the last report, and the deepest scroll position as a percentage of the page’s height), read from the raw events (kept as long as the raw retention, 30 days by default). Per page (`pages`) and per page of each service (`servicePages`): distinct visitors, the median of each visitor’s visible time (summed over their reports) and deepest scroll, and both distributions in fixed buckets (visitors per bucket and share). `service` narrows both tables to that service’s pages. Readable like the city report: the city team and admins exactly over any range; the consortium for cities named in comparisons through the disclosure layer (one closed calendar `period`, keyed noise; a page only when its visitors reach k, its medians rounded to 10 s and 10 percentage points, its buckets suppressed as a list).',
        params: cityParams,
        querystring: engagementQuery,
        response: { 200: tabular(cityEngagement), ...errorResponses },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const { city, access, view, current, service, rowLimit } = rawDetail(deps, req, req.params.city, q);
      const rows = await deps.warehouse.rows(
        cityEngagementQuery({
          site: city.key,
          from: current.from,
          to: current.to,
          service: service?.key ?? null,
          limit: rowLimit,
        }),
      );
      const report = buildCityEngagement({
        city,
        access,
        view,
        current,
        service,
        services: new Map(
          deps.sites.config.services.map((s) => [s.key, { key: s.key, name: s.name }] as const),
        ),
        rows,
        limit: q.limit,
      });
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => CITY_ENGAGEMENT_CSV[q.table](report),
        filename: `${city.key}-${service ? `${service.key}-` : ''}engagement-${q.table}-${current.from}-${current.to}`,
      });
    },
  );
}
