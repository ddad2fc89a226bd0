/*
 * The bodies a city sends to the Commission's common data repository for its gateway pages (Implementing
 * Regulation (EU) 2020/1121): the monthly statistics of Art. 3 (page views by the country the user visits from and
 * by device type, with the page URLs) and the answers of the feedback tool of Art. 6 and 10. Both follow the
 * Commission's REST/JSON API for data providers (Annex II): ISO 8601 UTC times, a unique identifier per
 * transmission issued by that API (absent until it is sent), the transfer date, the number of entries.
 *
 * Where the regulation leaves a format open: countries are ISO 3166-1 alpha-2 codes, `ZZ` when the address is not
 * in the data set (private networks, unknown); device types are the API's PC, Mobile, Tablet and Others. Free text
 * (the common tool's optional "help us improve") is never collected, so never sent.
 */
import type { FeedbackContext, FoundAnswer, SdgCategory } from '@godonu/contract';
import { z } from 'zod';
import type { FeedbackRow, PageViewsByOriginRow } from '../queries/statutory.query.ts';
import type { GatewayPages } from './gateway-pages.ts';
import type { ReportMonth } from './report-month.ts';

export const SDG_DEVICE_TYPES = {
  desktop: 'PC',
  mobile: 'Mobile',
  tablet: 'Tablet',
  other: 'Others',
} as const;
export const SDG_CATEGORY_NAMES = {
  information: 'Information',
  procedure: 'Procedure',
  assistance: 'Assistance',
} as const satisfies Record<SdgCategory, string>;
export const SDG_FOUND_ANSWERS = { yes: 'Yes', no: 'No', partly: 'Partly' } as const satisfies Record<
  FoundAnswer,
  string
>;

const isoUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .describe('ISO 8601, UTC');
const envelope = {
  uniqueId: z
    .string()
    .nullable()
    .describe("The transmission's identifier, issued by the Commission's API; null until it is first sent"),
  referencePeriod: z.object({ startDate: isoUtc, endDate: isoUtc }),
  transferDate: isoUtc,
  transferType: z.literal('API'),
  nbEntries: z.number().int().nonnegative(),
};

export const sdgStatistics = z.object({
  ...envelope,
  sources: z.array(
    z.object({
      source: z.object({
        sourceUrl: z.string(),
        statistics: z.array(
          z.object({
            deviceType: z.enum(Object.values(SDG_DEVICE_TYPES)),
            nbVisits: z.number().int().positive().describe('Page views in the month'),
            originatingCountry: z.string().regex(/^[A-Z]{2}$/),
          }),
        ),
      }),
    }),
  ),
});
export type SdgStatistics = z.infer<typeof sdgStatistics>;

export const sdgFeedback = z.object({
  ...envelope,
  feedbacks: z.array(
    z.object({
      feedback: z.object({
        category: z.enum(Object.values(SDG_CATEGORY_NAMES)),
        rating: z.number().int().min(1).max(5),
        source: z.string().describe('URL of the page the answer was given on'),
        foundInformation: z.enum(Object.values(SDG_FOUND_ANSWERS)).optional(),
      }),
    }),
  ),
});
export type SdgFeedback = z.infer<typeof sdgFeedback>;

interface Envelope {
  month: ReportMonth;
  now: Date;
  uniqueId: string | null;
}

function header(e: Envelope, entries: number) {
  return {
    uniqueId: e.uniqueId,
    referencePeriod: { startDate: e.month.startUtc, endDate: e.month.endUtc },
    transferDate: `${e.now.toISOString().slice(0, 19)}Z`,
    transferType: 'API' as const,
    nbEntries: entries,
  };
}

/** Rows of several services on one path count for its one page; sources sorted by URL, then country, device. */
export function buildSdgStatistics(
  e: Envelope & { pages: GatewayPages; rows: readonly PageViewsByOriginRow[] },
): SdgStatistics {
  const byUrl = new Map<string, Map<string, number>>();
  for (const r of e.rows) {
    const page = e.pages.pageOf(r.path, r.service);
    if (!page || r.views === 0) continue;
    const device = SDG_DEVICE_TYPES[r.device as keyof typeof SDG_DEVICE_TYPES] ?? SDG_DEVICE_TYPES.other;
    const cells = byUrl.get(page.url) ?? new Map<string, number>();
    const key = `${r.country}\t${device}`;
    cells.set(key, (cells.get(key) ?? 0) + r.views);
    byUrl.set(page.url, cells);
  }
  const sources = [...byUrl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([sourceUrl, cells]) => ({
      source: {
        sourceUrl,
        statistics: [...cells.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, nbVisits]) => {
            const [originatingCountry, deviceType] = key.split('\t') as [
              string,
              SdgStatistics['sources'][number]['source']['statistics'][number]['deviceType'],
            ];
            return { deviceType, nbVisits, originatingCountry };
          }),
      },
    }));
  return { ...header(e, sources.length), sources };
}

export interface FeedbackSummary {
  url: string;
  category: SdgCategory;
  ratings: number;
  meanRating: number | null;
  found: Record<FoundAnswer | 'unanswered', number>;
  context: Record<FeedbackContext | 'unknown', number>;
}

/** One entry per answer, as the common tool holds them, and a summary per page for people. */
export function buildSdgFeedback(e: Envelope & { pages: GatewayPages; rows: readonly FeedbackRow[] }): {
  body: SdgFeedback;
  summary: FeedbackSummary[];
} {
  const feedbacks: SdgFeedback['feedbacks'] = [];
  const summaries = new Map<string, FeedbackSummary & { sum: number }>();
  for (const r of e.rows) {
    const page = e.pages.pageOf(r.path, r.service);
    if (!page) continue;
    const found = SDG_FOUND_ANSWERS[r.found as FoundAnswer];
    const entry = {
      feedback: {
        category: SDG_CATEGORY_NAMES[page.category],
        rating: r.score,
        source: page.url,
        ...(found ? { foundInformation: found } : {}),
      },
    };
    for (let i = 0; i < r.ratings; i++) feedbacks.push(entry);
    const s = summaries.get(page.url) ?? {
      url: page.url,
      category: page.category,
      ratings: 0,
      meanRating: null,
      sum: 0,
      found: { yes: 0, no: 0, partly: 0, unanswered: 0 },
      context: { page: 0, submitted: 0, abandoned: 0, unknown: 0 },
    };
    s.ratings += r.ratings;
    s.sum += r.score * r.ratings;
    s.found[found ? (r.found as FoundAnswer) : 'unanswered'] += r.ratings;
    const context = (['page', 'submitted', 'abandoned'] as const).find((c) => c === r.context) ?? 'unknown';
    s.context[context] += r.ratings;
    summaries.set(page.url, s);
  }
  feedbacks.sort((a, b) =>
    a.feedback.source === b.feedback.source
      ? a.feedback.rating - b.feedback.rating
      : a.feedback.source < b.feedback.source
        ? -1
        : 1,
  );
  const summary = [...summaries.values()]
    .sort((a, b) => (a.url < b.url ? -1 : 1))
    .map(({ sum, ...s }) => ({
      ...s,
      meanRating: s.ratings ? Math.round((sum / s.ratings) * 100) / 100 : null,
    }));
  return { body: { ...header(e, feedbacks.length), feedbacks }, summary };
}
