/*
 * What the statutory reports read (api/README.md "Statutory statistics"), each query with the schema its rows are
 * checked against. All three read roll-ups, which outlive the raw events: a month is reported after it ended.
 */
import { z } from 'zod';
import type { BuiltQuery, Warehouse } from '../warehouse.ts';
import { TABLES, UNIQ_MERGE } from './tables.ts';

/** A count column: UInt32 arrives as a JSON number, a 64-bit sum as a number or a digit string. */
const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

interface MonthOfCity {
  site: string;
  from: string;
  to: string;
}

/** Page views of the gateway's pages and services in one city and period, by country of origin and device. */
export const pageViewsByOriginRow = z
  .object({ path: z.string(), service: z.string(), country: z.string(), device: z.string(), views: count })
  .strict();
export type PageViewsByOriginRow = z.infer<typeof pageViewsByOriginRow>;

export async function readPageViewsByOrigin(
  w: Warehouse,
  p: MonthOfCity & { paths: readonly string[]; services: readonly string[] },
): Promise<PageViewsByOriginRow[]> {
  const q: BuiltQuery = {
    name: 'sdg_page_views',
    query: `
SELECT path, toString(service) AS service, toString(country) AS country, toString(device) AS device,
       sum(views) AS views
FROM ${TABLES.pageViewsByOrigin}
WHERE site = {site:String} AND day BETWEEN {from:Date} AND {to:Date}
  AND (path IN {paths:Array(String)} OR service IN {services:Array(String)})
GROUP BY path, service, country, device
ORDER BY path, service, country, device`,
    params: { site: p.site, from: p.from, to: p.to, paths: [...p.paths], services: [...p.services] },
  };
  return z.array(pageViewsByOriginRow).parse(await w.rows<unknown>(q));
}

/** The feedback tool's answers on the gateway's pages and services in one city and period. */
export const feedbackRow = z
  .object({
    path: z.string(),
    service: z.string(),
    context: z.string(),
    found: z.string(),
    score: z.number().int().min(1).max(5),
    ratings: count,
  })
  .strict();
export type FeedbackRow = z.infer<typeof feedbackRow>;

export async function readFeedback(
  w: Warehouse,
  p: MonthOfCity & { paths: readonly string[]; services: readonly string[] },
): Promise<FeedbackRow[]> {
  const q: BuiltQuery = {
    name: 'sdg_feedback',
    query: `
SELECT path, toString(service) AS service, toString(feedback_context) AS context, toString(found) AS found,
       score, sum(ratings) AS ratings
FROM ${TABLES.feedbackDaily}
WHERE site = {site:String} AND day BETWEEN {from:Date} AND {to:Date}
  AND (path IN {paths:Array(String)} OR service IN {services:Array(String)})
GROUP BY path, service, context, found, score
ORDER BY path, service, context, found, score`,
    params: { site: p.site, from: p.from, to: p.to, paths: [...p.paths], services: [...p.services] },
  };
  return z.array(feedbackRow).parse(await w.rows<unknown>(q));
}

/**
 * Per city and service of a period: form confirmations (`transactions`, the ZSK's indicator) and the distinct
 * visitor-days that reached one (`completions`, the comparison's quantity, which the disclosure layer can bound).
 * A service with any event in the period has a row, also with no confirmation.
 */
export const transactionsRow = z
  .object({ site: z.string(), service: z.string(), transactions: count, completions: count })
  .strict();
export type TransactionsRow = z.infer<typeof transactionsRow>;

export async function readTransactions(
  w: Warehouse,
  p: { sites: readonly string[]; from: string; to: string },
): Promise<TransactionsRow[]> {
  const q: BuiltQuery = {
    name: 'zsk_transactions',
    query: `
SELECT toString(site) AS site, toString(service) AS service, sum(confirms) AS transactions,
       ${UNIQ_MERGE}(confirmers) AS completions
FROM ${TABLES.serviceDaily}
WHERE site IN {sites:Array(String)} AND day BETWEEN {from:Date} AND {to:Date}
GROUP BY site, service
ORDER BY site, service`,
    params: { sites: [...p.sites], from: p.from, to: p.to },
  };
  return z.array(transactionsRow).parse(await w.rows<unknown>(q));
}

/** Every recorded attempt to send a city's SDG datasets, newest first. */
export const transmissionRow = z
  .object({
    month: z.string(),
    dataset: z.enum(['statistics', 'feedback']),
    unique_id: z.string(),
    /** `YYYY-MM-DD hh:mm:ss.sss`, UTC. */
    attempted_at: z.string(),
    correction: z.union([z.literal(0), z.literal(1)]),
    status: z.enum(['accepted', 'alert', 'failed']),
    http_status: z.number().int(),
    message: z.string(),
    entries: count,
    body_sha256: z.string(),
    actor: z.string(),
  })
  .strict();
export type TransmissionRow = z.infer<typeof transmissionRow>;

export async function readTransmissions(
  w: Warehouse,
  p: { site: string; month: string | null },
): Promise<TransmissionRow[]> {
  const q: BuiltQuery = {
    name: 'sdg_transmissions',
    query: `
SELECT month, toString(dataset) AS dataset, unique_id, toString(attempted_at) AS attempted_at, correction,
       toString(status) AS status, http_status, message, entries, body_sha256, actor
FROM ${TABLES.sdgTransmissions}
WHERE site = {site:String} ${p.month === null ? '' : 'AND month = {month:String}'}
ORDER BY attempted_at DESC, dataset
LIMIT 1000`,
    params: { site: p.site, ...(p.month === null ? {} : { month: p.month }) },
  };
  return z.array(transmissionRow).parse(await w.rows<unknown>(q));
}
