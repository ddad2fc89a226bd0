import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import { cityLinksQuery } from '../queries/city-links.query.ts';
import { buildCityLinks, type CityLinks, cityLinks } from '../reports/city-links.ts';
import { cityParams, type LINK_TABLES, linksQuery } from './params.schema.ts';
import { rawDetail } from './raw-detail.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

/** Each table as CSV (`?format=csv&table=…`). */
export const CITY_LINKS_CSV: Record<(typeof LINK_TABLES)[number], (r: CityLinks) => CsvTable> = {
  downloads: (r) => ({
    columns: ['host', 'path', 'downloads', 'visitors', 'status'],
    rows: r.downloads.map((x) => [x.host, x.path, x.downloads, x.visitors, x.status]),
  }),
  outbound: (r) => ({
    columns: ['host', 'clicks', 'visitors', 'status'],
    rows: r.outbound.map((x) => [x.host, x.clicks, x.visitors, x.status]),
  }),
};

export function cityLinksRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cities/:city/links',
    {
      schema: {
        tags: ['city'],
        summary: 'Downloads and outbound links of a city, for the whole portal or one service’s pages',
        description:
          'The most downloaded files (host and path template: links to PDF, Office, OpenDocument, CSV, ZIP and ICS files or with a `download` attribute) and the most followed links to other sites (by host only), each with clicks and distinct visitors, read from the raw events (kept as long as the raw retention, 30 days by default). `service` narrows both to clicks on that service’s pages. Readable like the city report: the city team and admins exactly over any range; the consortium for cities named in comparisons through the disclosure layer (one closed calendar `period`, keyed noise, each list suppressed as a whole with small rows folded into "(other)" without their names).',
        params: cityParams,
        querystring: linksQuery,
        response: { 200: tabular(cityLinks), ...errorResponses },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const { city, access, view, current, service, rowLimit } = rawDetail(deps, req, req.params.city, q);
      const rows = await deps.warehouse.rows(
        cityLinksQuery({
          site: city.key,
          from: current.from,
          to: current.to,
          service: service?.key ?? null,
          limit: rowLimit,
        }),
      );
      const report = buildCityLinks({
        city,
        access,
        view,
        current,
        service,
        rows,
        limit: q.limit,
      });
      return sendReport(req, reply, {
        format: q.format,
        report,
        csv: () => CITY_LINKS_CSV[q.table](report),
        filename: `${city.key}-${service ? `${service.key}-` : ''}${q.table}-${current.from}-${current.to}`,
      });
    },
  );
}
