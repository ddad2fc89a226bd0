/*
 * Data quality per city and day, for admins only: what the collector and the processor counted besides the stored
 * events (quality_daily_v1). Exact numbers for operators, so it is not a published view and does not pass the
 * disclosure layer: every other role is refused.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { ApiError } from '../errors.ts';
import type { CsvTable } from '../http/csv.ts';
import { sendReport } from '../http/table-reply.ts';
import { qualityQuery } from '../queries/quality.query.ts';
import { buildQualityReport, type QualityReport, qualityReport } from '../reports/quality.ts';
import { formatParam, isoDay, MAX_PERIOD_DAYS, resolvePeriod } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const DAY_MS = 86_400_000;

const qualityQuerystring = z
  .object({
    from: isoDay.optional().describe('First day; default: 30 days up to `to`'),
    to: isoDay.optional().describe('Last day (inclusive); default: today (Europe/Berlin)'),
    format: formatParam,
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.from === undefined || q.to === undefined) return;
    const days = Math.round((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', message: '`to` must not be before `from`', path: ['to'] });
    if (days > MAX_PERIOD_DAYS)
      ctx.addIssue({
        code: 'custom',
        message: `a period spans at most ${MAX_PERIOD_DAYS} days`,
        path: ['to'],
      });
  });

/** "reason=count;…" in the order the report lists them. */
const reasons = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, n]) => `${reason}=${n}`)
    .join(';');

export function qualityCsv(r: QualityReport): CsvTable {
  return {
    columns: [
      'city',
      'day',
      'accepted',
      'dropped',
      'dropped_share',
      'dropped_reasons',
      'dead_letters',
      'dead_letter_reasons',
      'refused',
      'refused_codes',
      'lag_mean_s',
      'lag_max_s',
      'check',
    ],
    rows: r.days.map((d) => [
      d.city,
      d.day,
      d.accepted,
      d.dropped,
      d.droppedShare,
      reasons(d.droppedByReason),
      d.deadLetters,
      reasons(d.deadLettersByReason),
      d.refused,
      reasons(d.refusedByCode),
      d.lagMeanSeconds,
      d.lagMaxSeconds,
      d.check,
    ]),
  };
}

export function qualityRoute(app: FastifyInstance, deps: RouteDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/quality',
    {
      schema: {
        tags: ['quality'],
        summary:
          'Data quality per city and day: dropped events by reason, dead letters, refused requests, lag (admins)',
        description:
          'What the collector and the processor counted besides the stored events, so that an operator sees a broken embed within a day: events stored, events dropped on purpose by reason (bots, headless browsers, GPC/DNT opt-out, invalid events, duplicates, pages on a foreign host) and their share, records dead-lettered by reason, requests refused by error code (rate limits, unknown sites, origins not allowed), and the mean and largest time from the collector’s receipt to the insert. Every configured city has a row for every day; `check` marks a day without stored events after a day with some, or with more than half the events dropped. Exact numbers, for admins only.',
        querystring: qualityQuerystring,
        response: { 200: tabular(qualityReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      if (principal.role !== 'admin') {
        deps.metrics.authRejections.inc({ status: '403' });
        throw new ApiError('API_FORBIDDEN', { role: principal.role });
      }
      const { current } = resolvePeriod(req.query, deps.now());
      const rows = await deps.warehouse.rows(qualityQuery(current));
      const report = buildQualityReport({ period: current, cities: [...deps.sites.cities.values()], rows });
      return sendReport(req, reply, {
        format: req.query.format,
        report,
        csv: () => qualityCsv(report),
        filename: `quality-${current.from}-${current.to}`,
      });
    },
  );
}
