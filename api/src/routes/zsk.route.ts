/*
 * Monthly transactions per online service for the Zentrale Statistik-Komponente (statutory/zsk-format.ts): a city's
 * own file, exact, for its team and admins; and one file of all cities named in comparisons for the consortium
 * (through the disclosure layer, for one closed month) and admins (exact).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { ownCityAccess } from '../auth/roles.ts';
import { latestClosed, resolvePublishedPeriod } from '../disclosure/published-period.ts';
import { disclosedView } from '../disclosure/view.ts';
import { ApiError } from '../errors.ts';
import { sendReport } from '../http/table-reply.ts';
import { readTransactions } from '../queries/statutory.query.ts';
import { disclosureInfo } from '../reports/common.schema.ts';
import { monthParam, requestedMonth } from '../statutory/report-month.ts';
import { consortiumZskRows, ownZskRows } from '../statutory/zsk.ts';
import { ZSK_COLUMNS, ZSK_STATUSES, zskCsvRows } from '../statutory/zsk-format.ts';
import { cityForDetail } from './access.ts';
import { cityParams, formatParam } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const monthQuery = z.object({ month: monthParam.optional(), format: formatParam }).strict();

const zskRow = z.object({
  leikaKey: z.string(),
  serviceName: z.string(),
  ags: z.string(),
  municipality: z.string(),
  month: z.string(),
  transactions: z.number().int().nullable(),
  status: z.enum(ZSK_STATUSES),
});
const zskReport = z.object({
  month: z.string(),
  counted: z
    .string()
    .describe('What a transaction is: form confirmations (exact), or published completions (the consortium)'),
  disclosure: disclosureInfo,
  rows: z.array(zskRow),
});

export type ZskReport = z.infer<typeof zskReport>;

const EXACT =
  'form_confirm events: the confirmation page after the authority accepted a submission, each stored once';
const PUBLISHED =
  'completions: visitor-days that reached a form confirmation, perturbed and suppressed below k by the disclosure layer (the cells of the comparison)';

export function zskRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const csv = (rows: z.infer<typeof zskRow>[]) => () => ({ columns: ZSK_COLUMNS, rows: zskCsvRows(rows) });

  r.get(
    '/v1/cities/:city/zsk',
    {
      schema: {
        tags: ['statutory'],
        summary: 'Transactions per service of a month, for the Zentrale Statistik-Komponente',
        description:
          "Per online service (LeiKa key) with any event in the month: the city's AGS, the month and the number of transactions — form confirmations, each stored once. CSV (`format=csv`): the columns of the ZSK export. The city's team and admins only.",
        params: cityParams,
        querystring: monthQuery,
        response: { 200: tabular(zskReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { city } = cityForDetail(
        deps.sites,
        principalOf(req),
        req.params.city,
        () => deps.metrics.authRejections.inc({ status: '403' }),
        ownCityAccess,
      );
      const month = requestedMonth(req.query.month, deps.now());
      const found = await readTransactions(deps.warehouse, {
        sites: [city.key],
        from: month.from,
        to: month.to,
      });
      const rows = ownZskRows(city, month.label, deps.sites.services, found);
      return sendReport(req, reply, {
        format: req.query.format,
        report: {
          month: month.label,
          counted: EXACT,
          disclosure: disclosedView(deps.policy, null, false).info,
          rows,
        },
        csv: csv(rows),
        filename: `${city.key}-zsk-${month.label}`,
      });
    },
  );

  r.get(
    '/v1/zsk',
    {
      schema: {
        tags: ['statutory'],
        summary: 'Transactions per city and service of a month, all named cities in one file',
        description:
          "Every city named in comparisons × every service of the catalog. For admins: form confirmations, exact, for any month that has begun. For the consortium: one closed month only (400 `API_PERIOD_NOT_PUBLISHED` otherwise), each number the published completions of the comparison (perturbed; `null` with status `below_k` below k). City teams use their own city's route.",
        querystring: monthQuery,
        response: { 200: tabular(zskReport), ...errorResponses },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      if (principal.role === 'city') {
        deps.metrics.authRejections.inc({ status: '403' });
        throw new ApiError('API_FORBIDDEN', { role: principal.role });
      }
      const now = deps.now();
      const perturbed = principal.role !== 'admin';
      // Without a month the consortium reads the last published one: a month is published once its last day is stored.
      const month = requestedMonth(req.query.month ?? (perturbed ? latestClosed(now).month : undefined), now);
      const calendar = perturbed ? resolvePublishedPeriod({ period: month.label }, now).calendar : null;
      const view = disclosedView(deps.policy, calendar, perturbed);
      const cities = [...deps.sites.cities.values()].filter((c) => c.namedInComparisons);
      const found = await readTransactions(deps.warehouse, {
        sites: cities.map((c) => c.key),
        from: month.from,
        to: month.to,
      });
      const rows = consortiumZskRows(cities, month.label, deps.sites.services, found, view.d);
      return sendReport(req, reply, {
        format: req.query.format,
        report: { month: month.label, counted: perturbed ? PUBLISHED : EXACT, disclosure: view.info, rows },
        csv: csv(rows),
        filename: `zsk-${month.label}`,
      });
    },
  );
}
