/*
 * The city report: headline numbers against the previous period, a time series and the top lists. With `published`
 * access every list is one k-anonymity group whose total is the headline (see privacy/k-anonymity.ts).
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { isBelowK, suppressGroup } from '../privacy/k-anonymity.ts';
import type { CityBreakdownRow } from '../queries/city-breakdown.query.ts';
import type { CityPageRow } from '../queries/city-pages.query.ts';
import type { CityTrafficRow } from '../queries/city-traffic.query.ts';
import type { Interval, Period } from '../routes/params.schema.ts';
import { INTERVALS } from '../routes/params.schema.ts';
import { access, type CellStatus, cellStatus, cityInfo, period, ratio } from './common.schema.ts';

export const SUMMARY_METRICS = ['visitors', 'visits', 'pageviews', 'bounceRate', 'visitDurationSec'] as const;
type SummaryMetric = (typeof SUMMARY_METRICS)[number];

const num = z.number().nullable();
const summaryRow = z.object({
  metric: z.enum(SUMMARY_METRICS),
  value: num,
  previous: num,
  change: num.describe('value − previous'),
  changeRatio: num.describe('(value − previous) / previous'),
  status: cellStatus,
  previousStatus: cellStatus,
});
const seriesRow = z.object({
  bucket: z.string(),
  visitors: num,
  visits: num,
  pageviews: num,
  status: cellStatus,
});
const pageRow = z.object({ path: z.string(), visitors: num, pageviews: num, status: cellStatus });
const entryRow = z.object({ path: z.string(), entries: num, status: cellStatus });
const breakdownRow = z.object({
  value: z.string(),
  visitors: num,
  visits: num,
  share: num.describe('Share of all visits'),
  pageviews: num,
  bounceRate: num,
  visitDurationSec: num,
  status: cellStatus,
});

export const cityReport = z.object({
  city: cityInfo,
  access,
  k: z.number().int(),
  period,
  previousPeriod: period,
  interval: z.enum(INTERVALS),
  summary: z.array(summaryRow),
  timeseries: z.array(seriesRow),
  pages: z.array(pageRow),
  entryPages: z.array(entryRow),
  channels: z.array(breakdownRow),
  devices: z.array(breakdownRow),
  browsers: z.array(breakdownRow),
});
export type CityReport = z.infer<typeof cityReport>;

export interface CityReportInput {
  city: CityConfig;
  access: 'full' | 'published';
  k: number;
  current: Period;
  previous: Period;
  interval: Interval;
  buckets: readonly string[];
  traffic: readonly CityTrafficRow[];
  /** Every page of either top list, unordered; `limit` rows of each list are reported. */
  pages: readonly CityPageRow[];
  limit: number;
  breakdowns: readonly CityBreakdownRow[];
}

const EMPTY_SUMMARY: CityTrafficRow = {
  part: 'current',
  bucket: '',
  visitors: 0,
  visits: 0,
  pageviews: 0,
  bounces: 0,
  visit_duration_ms: 0,
};

/** Byte order, as ClickHouse sorts strings, so ties list the same way in both. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function cityInfoOf(city: CityConfig): z.infer<typeof cityInfo> {
  return { key: city.key, name: city.name, ags: city.ags, population: city.population };
}

function summaryValues(r: CityTrafficRow): Record<SummaryMetric, number | null> {
  return {
    visitors: r.visitors,
    visits: r.visits,
    pageviews: r.pageviews,
    bounceRate: ratio(r.bounces, r.visits),
    visitDurationSec: ratio(r.visit_duration_ms, r.visits * 1000, 1),
  };
}

/** Applies a group's statuses: a suppressed row keeps its label, its numbers become null. */
function grouped<R, O>(
  rows: readonly R[],
  basis: (r: R) => number,
  publish: boolean,
  k: number,
  build: (r: R, status: CellStatus) => O,
): { out: O[]; totalSuppressed: boolean } {
  if (!publish) return { out: rows.map((r) => build(r, 'ok')), totalSuppressed: false };
  const g = suppressGroup(rows.map(basis), k, true);
  return { out: rows.map((r, i) => build(r, g.status[i] ?? 'ok')), totalSuppressed: g.totalSuppressed };
}

function breakdownRows(rows: readonly CityBreakdownRow[], totalVisits: number, publish: boolean, k: number) {
  return grouped(
    rows,
    (r) => r.visitors,
    publish,
    k,
    (r, status) => {
      const shown = status === 'ok';
      return {
        value: r.value,
        visitors: shown ? r.visitors : null,
        visits: shown ? r.visits : null,
        share: shown ? ratio(r.visits, totalVisits) : null,
        pageviews: shown ? r.pageviews : null,
        bounceRate: shown ? ratio(r.bounces, r.visits) : null,
        visitDurationSec: shown ? ratio(r.visit_duration_ms, r.visits * 1000, 1) : null,
        status,
      };
    },
  );
}

export function buildCityReport(input: CityReportInput): CityReport {
  const { k } = input;
  const publish = input.access === 'published';
  const cur = input.traffic.find((r) => r.part === 'current') ?? EMPTY_SUMMARY;
  const prev = input.traffic.find((r) => r.part === 'previous') ?? { ...EMPTY_SUMMARY, part: 'previous' };

  const byBucket = new Map(input.traffic.filter((r) => r.part === 'bucket').map((r) => [r.bucket, r]));
  const series = grouped(
    input.buckets.map((b) => byBucket.get(b) ?? { bucket: b, visitors: 0, visits: 0, pageviews: 0 }),
    (r) => r.visitors,
    publish,
    k,
    (r, status) => {
      const shown = status === 'ok';
      return {
        bucket: r.bucket,
        visitors: shown ? r.visitors : null,
        visits: shown ? r.visits : null,
        pageviews: shown ? r.pageviews : null,
        status,
      };
    },
  );
  const byViews = [...input.pages].sort((a, b) => b.pageviews - a.pageviews || cmp(a.path, b.path));
  const byEntries = input.pages
    .filter((r) => r.entries > 0)
    .sort((a, b) => b.entries - a.entries || cmp(a.path, b.path));
  const pages = grouped(
    byViews.slice(0, input.limit),
    (r) => r.visitors,
    publish,
    k,
    (r, status) => ({
      path: r.path,
      visitors: status === 'ok' ? r.visitors : null,
      pageviews: status === 'ok' ? r.pageviews : null,
      status,
    }),
  );
  // Entries count visits; the visitors behind them are at most that many, so the smaller number is the basis.
  const entries = grouped(
    byEntries.slice(0, input.limit),
    (r) => Math.min(r.visitors, r.entries),
    publish,
    k,
    (r, status) => ({ path: r.path, entries: status === 'ok' ? r.entries : null, status }),
  );
  const of = (d: CityBreakdownRow['dimension']) => input.breakdowns.filter((r) => r.dimension === d);
  const channels = breakdownRows(of('channel'), cur.visits, publish, k);
  const devices = breakdownRows(of('device'), cur.visits, publish, k);
  const browsers = breakdownRows(of('browser'), cur.visits, publish, k);
  const totalWithheld = [series, pages, entries, channels, devices, browsers].some((g) => g.totalSuppressed);

  const curValues = summaryValues(cur);
  const prevValues = summaryValues(prev);
  const curStatus: CellStatus = publish && isBelowK(cur.visitors, k) ? 'below_k' : 'ok';
  const prevStatus: CellStatus = publish && isBelowK(prev.visitors, k) ? 'below_k' : 'ok';
  const summary = SUMMARY_METRICS.map((metric) => {
    const status: CellStatus =
      curStatus === 'ok' && totalWithheld && metric !== 'visitors' ? 'complementary' : curStatus;
    const value = status === 'ok' ? curValues[metric] : null;
    const previous = prevStatus === 'ok' ? prevValues[metric] : null;
    const both = value !== null && previous !== null;
    return {
      metric,
      value,
      previous,
      change: both ? Math.round((value - previous) * 10_000) / 10_000 : null,
      changeRatio: both ? ratio(value - previous, previous) : null,
      status,
      previousStatus: prevStatus,
    };
  });

  return {
    city: cityInfoOf(input.city),
    access: input.access,
    k,
    period: input.current,
    previousPeriod: input.previous,
    interval: input.interval,
    summary,
    timeseries: series.out,
    pages: pages.out,
    entryPages: entries.out,
    channels: channels.out,
    devices: devices.out,
    browsers: browsers.out,
  };
}
