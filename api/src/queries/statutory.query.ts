/*
 * What the statutory reports read (api/README.md "Statutory statistics"), each query with the schema its rows are
 * checked against. All three read roll-ups, which outlive the raw events: a month is reported after it ended.
 */
import { defineQuery, param, type Query, type Sql, sql } from '@godonu/warehouse';
import { z } from 'zod';
import type { Warehouse } from '../warehouse.ts';
import { count } from './columns.ts';
import { dayBetween, sitePeriod, TABLES, UNIQ_MERGE } from './tables.ts';

interface MonthOfCity {
  site: string;
  from: string;
  to: string;
}

/** Page views of the gateway's pages and services in one city and period, by country of origin and device. */
export const pageViewsByOriginRow = z
  .object({ path: z.string(), service: z.string(), country: z.string(), device: z.string(), views: count })
  .strict();
export type PageViewsByOriginRow = z.output<typeof pageViewsByOriginRow>;

type GatewayScope = MonthOfCity & { paths: readonly string[]; services: readonly string[] };

/** The gateway's pages and services in one city and period. */
function gatewayScope(p: GatewayScope): Sql {
  return sql`${sitePeriod(p)}
  AND (path IN ${param.arrayString('paths', p.paths)} OR service IN ${param.arrayString('services', p.services)})`;
}

export function pageViewsByOriginQuery(p: GatewayScope): Query<PageViewsByOriginRow> {
  return defineQuery(
    'sdg_page_views',
    sql`
SELECT path, toString(service) AS service, toString(country) AS country, toString(device) AS device,
       sum(views) AS views
FROM ${TABLES.pageViewsByOrigin}
WHERE ${gatewayScope(p)}
GROUP BY path, service, country, device
ORDER BY path, service, country, device`,
    pageViewsByOriginRow,
  );
}

export function readPageViewsByOrigin(w: Warehouse, p: GatewayScope): Promise<PageViewsByOriginRow[]> {
  return w.rows(pageViewsByOriginQuery(p));
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
export type FeedbackRow = z.output<typeof feedbackRow>;

export function feedbackQuery(p: GatewayScope): Query<FeedbackRow> {
  return defineQuery(
    'sdg_feedback',
    sql`
SELECT path, toString(service) AS service, toString(feedback_context) AS context, toString(found) AS found,
       score, sum(ratings) AS ratings
FROM ${TABLES.feedbackDaily}
WHERE ${gatewayScope(p)}
GROUP BY path, service, context, found, score
ORDER BY path, service, context, found, score`,
    feedbackRow,
  );
}

export function readFeedback(w: Warehouse, p: GatewayScope): Promise<FeedbackRow[]> {
  return w.rows(feedbackQuery(p));
}

/**
 * Per city and service of a period: form confirmations (`transactions`, the ZSK's indicator) and the distinct
 * visitor-days that reached one (`completions`, the comparison's quantity, which the disclosure layer can bound).
 * A service with any event in the period has a row, also with no confirmation.
 */
export const transactionsRow = z
  .object({ site: z.string(), service: z.string(), transactions: count, completions: count })
  .strict();
export type TransactionsRow = z.output<typeof transactionsRow>;

export function transactionsQuery(p: {
  sites: readonly string[];
  from: string;
  to: string;
}): Query<TransactionsRow> {
  return defineQuery(
    'zsk_transactions',
    sql`
SELECT toString(site) AS site, toString(service) AS service, sum(confirms) AS transactions,
       ${UNIQ_MERGE}(confirmers) AS completions
FROM ${TABLES.serviceDaily}
WHERE site IN ${param.arrayString('sites', p.sites)} AND ${dayBetween(p)}
GROUP BY site, service
ORDER BY site, service`,
    transactionsRow,
  );
}

export function readTransactions(
  w: Warehouse,
  p: { sites: readonly string[]; from: string; to: string },
): Promise<TransactionsRow[]> {
  return w.rows(transactionsQuery(p));
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
export type TransmissionRow = z.output<typeof transmissionRow>;

export function transmissionsQuery(p: { site: string; month: string | null }): Query<TransmissionRow> {
  const month = p.month === null ? sql`` : sql`AND month = ${param.string('month', p.month)}`;
  return defineQuery(
    'sdg_transmissions',
    sql`
SELECT month, toString(dataset) AS dataset, unique_id, toString(attempted_at) AS attempted_at, correction,
       toString(status) AS status, http_status, message, entries, body_sha256, actor
FROM ${TABLES.sdgTransmissions}
WHERE site = ${param.string('site', p.site)} ${month}
ORDER BY attempted_at DESC, dataset
LIMIT 1000`,
    transmissionRow,
  );
}

export function readTransmissions(
  w: Warehouse,
  p: { site: string; month: string | null },
): Promise<TransmissionRow[]> {
  return w.rows(transmissionsQuery(p));
}
