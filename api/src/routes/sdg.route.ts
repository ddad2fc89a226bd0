/*
 * A city's EU Single Digital Gateway datasets (api/README.md "Statutory statistics"): the monthly statistics and
 * feedback as the Commission's API takes them, and the record of their transmissions. The city's own exact numbers
 * to its own supervisor: for the city's team and admins only.
 */

import { SDG_CATEGORIES } from '@godonu/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../auth/auth.hook.ts';
import { ownCityAccess } from '../auth/roles.ts';
import { sendReport } from '../http/table-reply.ts';
import { readTransmissions } from '../queries/statutory.query.ts';
import { monthParam, requestedMonth } from '../statutory/report-month.ts';
import { sdgDatasets } from '../statutory/sdg-datasets.ts';
import { SDG_CATEGORY_NAMES, sdgFeedback, sdgStatistics } from '../statutory/sdg-transmission.ts';
import { cityForDetail } from './access.ts';
import { cityParams, formatParam } from './params.schema.ts';
import { errorResponses, tabular } from './responses.schema.ts';
import type { RouteDeps } from './route-deps.ts';

const monthQuery = z.object({ month: monthParam.optional(), format: formatParam }).strict();

const transmission = z.object({
  month: z.string(),
  dataset: z.enum(['statistics', 'feedback']),
  uniqueId: z.string().describe("Issued by the Commission's API; empty when it could not be obtained"),
  attemptedAt: z.string().describe('ISO 8601, UTC'),
  correction: z.boolean().describe('An earlier transmission of the same month and dataset had been accepted'),
  status: z.enum(['accepted', 'alert', 'failed']),
  httpStatus: z.number().int().describe('0 when no answer came'),
  message: z.string().describe("The API's alert or the network error, as received"),
  entries: z.number().int(),
  bodySha256: z.string(),
  actor: z.string(),
});
const transmissions = z.object({
  city: z.string(),
  gateway: z
    .object({
      pages: z.array(z.object({ url: z.string(), category: z.enum(SDG_CATEGORIES) })),
      services: z.array(z.string()),
    })
    .describe("The city's gateway pages and services as the sites configuration marks them"),
  transmissions: z.array(transmission),
});
export type SdgTransmissions = z.infer<typeof transmissions>;

const feedbackPages = z.object({
  month: z.string(),
  pages: z.array(
    z.object({
      url: z.string(),
      category: z.enum(SDG_CATEGORIES),
      ratings: z.number().int(),
      meanRating: z.number().nullable(),
      found: z.object({ yes: z.number(), no: z.number(), partly: z.number(), unanswered: z.number() }),
      context: z
        .object({ page: z.number(), submitted: z.number(), abandoned: z.number(), unknown: z.number() })
        .describe('When it was asked: on the page, after submitting, on leaving a started form, not said'),
    }),
  ),
});
export type SdgFeedbackPages = z.infer<typeof feedbackPages>;

export function sdgRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ownCity = (req: FastifyRequest, key: string) =>
    cityForDetail(
      deps.sites,
      principalOf(req),
      key,
      () => deps.metrics.authRejections.inc({ status: '403' }),
      ownCityAccess,
    ).city;

  r.get(
    '/v1/cities/:city/sdg/statistics',
    {
      schema: {
        tags: ['statutory'],
        summary: 'SDG statistics of a month (Implementing Regulation (EU) 2020/1121, Art. 3)',
        description:
          "Page views of the city's gateway pages (sites configuration `sdg`) in one calendar month, by the country the user visits from (ISO 3166-1 alpha-2, ZZ unknown) and device type (PC, Mobile, Tablet, Others): the body the Commission's API takes (Annex II), `uniqueId` set once it was sent. CSV: one row per page, country and device. The city's team and admins only.",
        params: cityParams,
        querystring: monthQuery,
        response: { 200: tabular(sdgStatistics), ...errorResponses },
      },
    },
    async (req, reply) => {
      const city = ownCity(req, req.params.city);
      const now = deps.now();
      const month = requestedMonth(req.query.month, now);
      const { statistics } = await sdgDatasets(deps.warehouse, city, month, now);
      return sendReport(req, reply, {
        format: req.query.format,
        report: statistics,
        csv: () => ({
          columns: ['month', 'url', 'country', 'deviceType', 'pageViews'],
          rows: statistics.sources.flatMap(({ source }) =>
            source.statistics.map((s) => [
              month.label,
              source.sourceUrl,
              s.originatingCountry,
              s.deviceType,
              s.nbVisits,
            ]),
          ),
        }),
        filename: `${city.key}-sdg-statistics-${month.label}`,
      });
    },
  );

  r.get(
    '/v1/cities/:city/sdg/feedback',
    {
      schema: {
        tags: ['statutory'],
        summary: 'SDG feedback of a month (Implementing Regulation (EU) 2020/1121, Art. 6 and 10)',
        description:
          "The answers to the feedback widget on the city's gateway pages in one calendar month, one entry per answer as the common feedback tool holds them (category, 1–5 rating, page URL, found what they looked for: Yes / No / Partly). No free text is collected. CSV: the same entries, one row each. Per page: `/sdg/feedback/pages`. The city's team and admins only.",
        params: cityParams,
        querystring: monthQuery,
        response: { 200: tabular(sdgFeedback), ...errorResponses },
      },
    },
    async (req, reply) => {
      const city = ownCity(req, req.params.city);
      const now = deps.now();
      const month = requestedMonth(req.query.month, now);
      const { feedback } = await sdgDatasets(deps.warehouse, city, month, now);
      return sendReport(req, reply, {
        format: req.query.format,
        report: feedback,
        csv: () => ({
          columns: ['month', 'url', 'category', 'rating', 'foundInformation'],
          rows: feedback.feedbacks.map(({ feedback: e }) => [
            month.label,
            e.source,
            e.category,
            e.rating,
            e.foundInformation ?? null,
          ]),
        }),
        filename: `${city.key}-sdg-feedback-${month.label}`,
      });
    },
  );

  r.get(
    '/v1/cities/:city/sdg/feedback/pages',
    {
      schema: {
        tags: ['statutory'],
        summary: 'SDG feedback of a month per gateway page',
        description:
          'Per gateway page of the month: the number of answers, the mean rating, the answers to "found what you were looking for" and when the question was asked (on the page, after submitting, on leaving a started form). CSV: the same, one row per page. The city\'s team and admins only.',
        params: cityParams,
        querystring: monthQuery,
        response: { 200: tabular(feedbackPages), ...errorResponses },
      },
    },
    async (req, reply) => {
      const city = ownCity(req, req.params.city);
      const now = deps.now();
      const month = requestedMonth(req.query.month, now);
      const { feedbackSummary: pages } = await sdgDatasets(deps.warehouse, city, month, now);
      return sendReport(req, reply, {
        format: req.query.format,
        report: { month: month.label, pages },
        csv: () => ({
          columns: [
            'month',
            'url',
            'category',
            'ratings',
            'meanRating',
            'foundYes',
            'foundNo',
            'foundPartly',
            'foundUnanswered',
            'onPage',
            'afterSubmission',
            'onLeaving',
          ],
          rows: pages.map((p) => [
            month.label,
            p.url,
            SDG_CATEGORY_NAMES[p.category],
            p.ratings,
            p.meanRating,
            p.found.yes,
            p.found.no,
            p.found.partly,
            p.found.unanswered,
            p.context.page,
            p.context.submitted,
            p.context.abandoned,
          ]),
        }),
        filename: `${city.key}-sdg-feedback-pages-${month.label}`,
      });
    },
  );

  r.get(
    '/v1/cities/:city/sdg/transmissions',
    {
      schema: {
        tags: ['statutory'],
        summary: "Every transmission of the city's SDG datasets",
        description:
          "The city's gateway pages and services (sites configuration `sdg`), and what `sdg send` sent and what the Commission's API answered, newest first (at most 1,000). A correction is sent under the identifier of the first transmission. CSV: the transmissions. The city's team and admins only.",
        params: cityParams,
        querystring: z.object({ format: formatParam }).strict(),
        response: { 200: tabular(transmissions), ...errorResponses },
      },
    },
    async (req, reply) => {
      const city = ownCity(req, req.params.city);
      const rows = await readTransmissions(deps.warehouse, { site: city.key, month: null });
      const report = {
        city: city.key,
        gateway: { pages: city.sdg?.pages ?? [], services: city.sdg?.services ?? [] },
        transmissions: rows.map((t) => ({
          month: t.month,
          dataset: t.dataset,
          uniqueId: t.unique_id,
          attemptedAt: `${t.attempted_at.replace(' ', 'T')}Z`,
          correction: t.correction === 1,
          status: t.status,
          httpStatus: t.http_status,
          message: t.message,
          entries: t.entries,
          bodySha256: t.body_sha256,
          actor: t.actor,
        })),
      };
      return sendReport(req, reply, {
        format: req.query.format,
        report,
        csv: () => ({
          columns: Object.keys(transmission.shape),
          rows: report.transmissions.map((t) => Object.values(t)),
        }),
        filename: `${city.key}-sdg-transmissions`,
      });
    },
  );
}
