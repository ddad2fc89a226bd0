/*
 * The city report: headline numbers against the previous period, a time series, the top lists and the digital
 * take-up of every catalog service (reports/digital-take-up.ts). With `published`
 * access (the consortium) every count passes the disclosure layer, and every list is suppressed as a whole before
 * `limit` cuts it, its suppressed rows folded into one row "other" (disclosure/suppress-list.ts).
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { offlineByCityService, type PeriodMonths } from '../compare/digital-take-up.ts';
import { rate } from '../compare/service-metrics.ts';
import type { Bucket } from '../disclosure/buckets.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { OTHER_LABEL, otherRow, partitionList, suppressList } from '../disclosure/suppress-list.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import type { CityBreakdownRow } from '../queries/city-breakdown.query.ts';
import type { CityPageRow } from '../queries/city-pages.query.ts';
import type { CityTrafficRow } from '../queries/city-traffic.query.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import type { Interval, Period } from '../routes/params.schema.ts';
import { INTERVALS } from '../routes/params.schema.ts';
import {
  access,
  type CellStatus,
  cellStatus,
  cityInfo,
  disclosureInfo,
  period,
  ratio,
  serviceInfo,
} from './common.schema.ts';
import { buildTakeUp, digitalTakeUp } from './digital-take-up.ts';

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
  disclosure: disclosureInfo,
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
  digitalTakeUp: z
    .array(z.object({ service: serviceInfo, ...digitalTakeUp.shape }))
    .describe(
      'Digital take-up of every catalog service: online completions ÷ (online completions + offline cases the city imported), for the period when it is whole months that all have offline numbers, and for each month inside it',
    ),
});
export type CityReport = z.infer<typeof cityReport>;

export interface CityReportInput {
  city: CityConfig;
  access: 'full' | 'published';
  view: DisclosedView;
  current: Period;
  previous: Period;
  /** Calendar labels of the current and previous period (published answers). */
  calendar: { current: string; previous: string } | null;
  interval: Interval;
  buckets: readonly Bucket[];
  traffic: readonly CityTrafficRow[];
  /** Every page of either top list, unordered (published answers: every page); `limit` rows of each are shown. */
  pages: readonly CityPageRow[];
  limit: number;
  breakdowns: readonly CityBreakdownRow[];
  /** Every catalog service, the whole months of the period, exact online completions and the city's offline rows. */
  takeUp: {
    services: readonly z.infer<typeof serviceInfo>[];
    months: PeriodMonths;
    /** Keyed `city|service`: the period's online completions and each whole month's (`YYYY-MM`). */
    confirmers: ReadonlyMap<string, { period: number; months: ReadonlyMap<string, number> }>;
    offline: readonly OfflineCaseRow[];
  };
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

type Counts = Pick<CityTrafficRow, 'visitors' | 'visits' | 'pageviews' | 'bounces' | 'visit_duration_ms'>;

function share(part: number, whole: number, perturbed: boolean): number | null {
  return perturbed ? rate(part, whole) : ratio(part, whole);
}

/**
 * Bounce rate and visit duration of counts. A sum of durations is unbounded per person, so no count noise can
 * protect it: other parties do not get the visit duration.
 */
function visitFigures(r: Counts, d: Disclosure) {
  return {
    // Bounces below k are not published, so neither is a rate built on them.
    bounceRate: d.perturbed && d.belowK(r.bounces) ? null : share(r.bounces, r.visits, d.perturbed),
    visitDurationSec: d.perturbed ? null : ratio(r.visit_duration_ms, r.visits * 1000, 1),
  };
}

function summaryValues(r: Counts, d: Disclosure): Record<SummaryMetric, number | null> {
  return { visitors: r.visitors, visits: r.visits, pageviews: r.pageviews, ...visitFigures(r, d) };
}

export function buildCityReport(input: CityReportInput): CityReport {
  const { d } = input.view;
  const { perturbed } = d;
  const city = input.city.key;
  /** Traffic counts as they may be shown; the sum of visit durations is not a count and stays as it is. */
  const disclose = (scope: string, r: Counts, opts: { label?: string; period?: string } = {}): Counts => {
    const at = (quantity: string) => ({
      city,
      scope,
      quantity,
      ...(opts.label === undefined ? {} : { label: opts.label }),
    });
    const p = opts.period === undefined ? {} : { period: opts.period };
    return {
      visitors: d.count(at('visitors'), r.visitors, p),
      visits: d.count(at('visits'), r.visits, p),
      pageviews: d.count(at('pageviews'), r.pageviews, p),
      bounces: d.count(at('bounces'), r.bounces, p),
      visit_duration_ms: r.visit_duration_ms,
    };
  };
  const periodOf = (which: 'current' | 'previous') =>
    input.calendar === null ? {} : { period: input.calendar[which] };
  const cur = disclose(
    'traffic',
    input.traffic.find((r) => r.part === 'current') ?? EMPTY_SUMMARY,
    periodOf('current'),
  );
  const prev = disclose(
    'traffic',
    input.traffic.find((r) => r.part === 'previous') ?? EMPTY_SUMMARY,
    periodOf('previous'),
  );

  const byBucket = new Map(input.traffic.filter((r) => r.part === 'bucket').map((r) => [r.bucket, r]));
  const series = input.buckets.map(({ bucket, calendar }) => ({
    bucket,
    counts: disclose(
      'traffic',
      byBucket.get(bucket) ?? EMPTY_SUMMARY,
      calendar === null ? {} : { period: calendar },
    ),
  }));
  const seriesStatus = perturbed
    ? suppressList(
        series.map((r) => r.counts.visitors),
        d,
      )
    : series.map((): CellStatus => 'ok');

  const pages = input.pages.map((r) => ({
    path: r.path,
    counts: disclose(
      'pages',
      { ...EMPTY_SUMMARY, visitors: r.visitors, pageviews: r.pageviews },
      { label: r.path },
    ),
    entries: d.count({ city, scope: 'entryPages', quantity: 'entries', label: r.path }, r.entries),
    truth: r,
  }));
  const byViews = partitionList(
    [...pages].sort((a, b) => b.counts.pageviews - a.counts.pageviews || cmp(a.path, b.path)),
    (r) => r.counts.visitors,
    d,
  );
  const otherPageviews = byViews.folded.reduce((sum, r) => sum + r.truth.pageviews, 0);
  // Entries count visits; the visitors behind them are at most that many, so the smaller number is the basis.
  const byEntries = partitionList(
    pages.filter((r) => r.truth.entries > 0).sort((a, b) => b.entries - a.entries || cmp(a.path, b.path)),
    (r) => Math.min(r.counts.visitors, r.entries),
    d,
  );
  const otherEntries = byEntries.folded.reduce((sum, r) => sum + r.truth.entries, 0);

  const breakdown = (dimension: CityBreakdownRow['dimension']) => {
    const rows = input.breakdowns
      .filter((r) => r.dimension === dimension)
      .map((r) => ({ value: r.value, counts: disclose(dimension, r, { label: r.value }), truth: r }))
      .sort((a, b) => b.counts.visits - a.counts.visits || cmp(a.value, b.value));
    const list = partitionList(rows, (r) => r.counts.visitors, d);
    const row = (value: string, c: Counts) => ({
      value,
      visitors: c.visitors,
      visits: c.visits,
      share: share(c.visits, cur.visits, perturbed),
      pageviews: c.pageviews,
      ...visitFigures(c, d),
      status: 'ok' as CellStatus,
    });
    const folded = list.folded.reduce((sum, r) => sum + r.truth.visits, 0);
    const otherVisits = d.count({ city, scope: dimension, quantity: 'visits', label: OTHER_LABEL }, folded);
    return [
      ...list.shown.map((r) => row(r.value, r.counts)),
      ...otherRow(list.folded.length, otherVisits, d, (visits, status) => ({
        value: OTHER_LABEL,
        visitors: null,
        visits,
        share: visits === null ? null : share(visits, cur.visits, perturbed),
        pageviews: null,
        bounceRate: null,
        visitDurationSec: null,
        status,
      })),
    ];
  };

  const curValues = summaryValues(cur, d);
  const prevValues = summaryValues(prev, d);
  const curStatus: CellStatus = d.belowK(cur.visitors) ? 'below_k' : 'ok';
  const prevStatus: CellStatus = d.belowK(prev.visitors) ? 'below_k' : 'ok';
  const summary = SUMMARY_METRICS.map((metric) => {
    const withheld = perturbed && metric === 'visitDurationSec';
    // A bounce rate over bounces below k is suppressed even where the visitors reach k (see visitFigures).
    const statusOf = (base: CellStatus, r: Counts): CellStatus => {
      if (base !== 'ok') return base;
      if (withheld) return 'withheld';
      return perturbed && metric === 'bounceRate' && d.belowK(r.bounces) ? 'below_k' : 'ok';
    };
    const status = statusOf(curStatus, cur);
    const previousStatus = statusOf(prevStatus, prev);
    const value = status === 'ok' ? curValues[metric] : null;
    const previous = previousStatus === 'ok' ? prevValues[metric] : null;
    const both = value !== null && previous !== null;
    return {
      metric,
      value,
      previous,
      change: both ? Math.round((value - previous) * 10_000) / 10_000 : null,
      changeRatio: both ? ratio(value - previous, previous) : null,
      status,
      previousStatus,
    };
  });

  return {
    city: cityInfoOf(input.city),
    access: input.access,
    k: d.k,
    disclosure: input.view.info,
    period: input.current,
    previousPeriod: input.previous,
    interval: input.interval,
    summary,
    timeseries: series.map((r, i) => {
      const status = seriesStatus[i] ?? 'ok';
      const shown = status === 'ok';
      return {
        bucket: r.bucket,
        visitors: shown ? r.counts.visitors : null,
        visits: shown ? r.counts.visits : null,
        pageviews: shown ? r.counts.pageviews : null,
        status,
      };
    }),
    pages: [
      ...byViews.shown.slice(0, input.limit).map((r) => ({
        path: r.path,
        visitors: r.counts.visitors,
        pageviews: r.counts.pageviews,
        status: 'ok' as CellStatus,
      })),
      ...otherRow(
        byViews.folded.length,
        d.count({ city, scope: 'pages', quantity: 'pageviews', label: OTHER_LABEL }, otherPageviews),
        d,
        (pageviews, status) => ({ path: OTHER_LABEL, visitors: null, pageviews, status }),
      ),
    ],
    entryPages: [
      ...byEntries.shown.slice(0, input.limit).map((r) => ({
        path: r.path,
        entries: r.entries,
        status: 'ok' as CellStatus,
      })),
      ...otherRow(
        byEntries.folded.length,
        d.count({ city, scope: 'entryPages', quantity: 'entries', label: OTHER_LABEL }, otherEntries),
        d,
        (entries, status) => ({ path: OTHER_LABEL, entries, status }),
      ),
    ],
    channels: breakdown('channel'),
    devices: breakdown('device'),
    browsers: breakdown('browser'),
    digitalTakeUp: takeUpOf(input),
  };
}

function takeUpOf(input: CityReportInput): CityReport['digitalTakeUp'] {
  const { services, months, confirmers, offline } = input.takeUp;
  const city = input.city.key;
  const offlineOf = offlineByCityService(offline);
  return services.map((service) => {
    const key = `${city}|${service.key}`;
    const online = confirmers.get(key);
    return {
      service,
      ...buildTakeUp({
        d: input.view.d,
        city,
        service: service.key,
        months,
        periodConfirmers: online?.period ?? 0,
        monthConfirmers: online?.months ?? new Map(),
        offline: offlineOf.get(key) ?? [],
      }),
    };
  });
}
