import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../auth/auth.hook.ts';
import { ownCityAccess } from '../auth/roles.ts';
import { sendReport } from '../http/table-reply.ts';
import {
  REALTIME_WINDOW_MINUTES,
  realtimePagesQuery,
  realtimeTotalsQuery,
} from '../queries/realtime.query.ts';
import { buildRealtime, realtimeReport } from '../reports/realtime.ts';
import { cityForDetail } from './access.ts';
import { cityParams, realtimeQuery } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

export function realtimeRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/cities/:city/realtime',
    {
      schema: {
        tags: ['city'],
        summary: `Visitors and top pages of the last ${REALTIME_WINDOW_MINUTES} minutes`,
        description:
          'Read from the raw events (the only report that is). For the city itself and admins only: a window that slides with every request would let anyone else watch single page views arrive. CSV: the top pages.',
        params: cityParams,
        querystring: realtimeQuery,
        response: { 200: tabular(realtimeReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const { city } = cityForDetail(
        deps.sites,
        principal,
        req.params.city,
        () => deps.metrics.authRejections.inc({ status: '403' }),
        ownCityAccess,
      );
      const now = deps.now();
      const [totals, pages] = await Promise.all([
        deps.warehouse.rows(realtimeTotalsQuery({ site: city.key, now })),
        deps.warehouse.rows(realtimePagesQuery({ site: city.key, now, limit: req.query.limit })),
      ]);
      const report = buildRealtime({
        city,
        k: deps.config.K_ANONYMITY,
        windowMinutes: REALTIME_WINDOW_MINUTES,
        now,
        totals: totals[0],
        pages,
      });
      return sendReport(req, reply, {
        format: req.query.format,
        report,
        csv: () => ({
          columns: ['path', 'visitors', 'pageviews', 'status'],
          rows: report.pages.map((p) => [p.path, p.visitors, p.pageviews, p.status]),
        }),
        filename: `${city.key}-realtime`,
      });
    },
  );
}
