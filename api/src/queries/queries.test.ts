/*
 * Every builder, fed hostile values: the SQL text never contains a value, every `{name:Type}` placeholder has its
 * parameter, and identifiers come only from the builders' own maps.
 */
import type { Query } from '@godonu/warehouse';
import { describe, expect, it } from 'vitest';
import { annotationQuery, annotationsQuery } from './annotations.query.ts';
import { auditLogQuery } from './audit-log.query.ts';
import { BREAKDOWNS, cityBreakdownQuery } from './city-breakdown.query.ts';
import { cityEngagementQuery } from './city-engagement.query.ts';
import { cityLinksQuery } from './city-links.query.ts';
import { cityPagesQuery } from './city-pages.query.ts';
import { cityTrafficQuery } from './city-traffic.query.ts';
import { offlineCasesQuery, offlineImportsQuery } from './offline-cases.query.ts';
import { realtimePagesQuery, realtimeTotalsQuery } from './realtime.query.ts';
import { releaseCreationQuery, releaseFileQuery, releaseListQuery } from './releases.query.ts';
import { serviceCatalogQuery } from './service-catalog.query.ts';
import { serviceCompletionQuery } from './service-completion.query.ts';
import { serviceConfirmersQuery } from './service-confirmers.query.ts';
import { serviceErrorFieldsQuery } from './service-errors.query.ts';
import { serviceRatingsQuery } from './service-ratings.query.ts';
import { serviceStepsQuery } from './service-steps.query.ts';
import { serviceTotalsQuery } from './service-totals.query.ts';
import {
  feedbackQuery,
  pageViewsByOriginQuery,
  transactionsQuery,
  transmissionsQuery,
} from './statutory.query.ts';
import { REPORT_TIME_ZONE, REPORT_TIME_ZONE_SQL } from './tables.ts';

const EVIL = "x'); DROP TABLE events; --";
const EVIL_DAY = "2025-01-01' OR 1=1 --";
const period = { from: EVIL_DAY, to: EVIL_DAY };

const built: Query<unknown>[] = [
  ...(['hour', 'day', 'week', 'month'] as const).map((interval) =>
    cityTrafficQuery({ site: EVIL, ...period, previousFrom: EVIL_DAY, interval }),
  ),
  cityPagesQuery({ site: EVIL, ...period, limit: 10 }),
  cityBreakdownQuery({ site: EVIL, ...period, by: BREAKDOWNS }),
  realtimeTotalsQuery({ site: EVIL, now: new Date('2025-03-10T12:00:00Z') }),
  cityLinksQuery({ site: EVIL, ...period, service: EVIL, limit: 10 }),
  cityLinksQuery({ site: EVIL, ...period, service: null, limit: 10 }),
  cityEngagementQuery({ site: EVIL, ...period, service: EVIL, limit: 10 }),
  cityEngagementQuery({ site: EVIL, ...period, service: null, limit: 10 }),
  realtimePagesQuery({ site: EVIL, now: new Date('2025-03-10T12:00:00Z'), limit: 5 }),
  serviceTotalsQuery({ sites: [EVIL], service: EVIL, ...period }),
  serviceTotalsQuery({ sites: [EVIL], service: null, ...period }),
  serviceStepsQuery({ sites: [EVIL], service: EVIL, ...period }),
  serviceErrorFieldsQuery({ site: EVIL, service: EVIL, ...period, limit: 5 }),
  serviceRatingsQuery({ site: EVIL, service: EVIL, ...period }),
  serviceCompletionQuery({ site: EVIL, service: EVIL, ...period, interval: 'week' }),
  serviceCatalogQuery({ sites: [EVIL], ...period }),
  serviceConfirmersQuery({ sites: [EVIL], service: EVIL, ...period, months: period }),
  serviceConfirmersQuery({ sites: [EVIL], service: null, ...period, months: null }),
  offlineCasesQuery({ sites: [EVIL], service: EVIL, firstMonth: EVIL_DAY, lastMonth: EVIL_DAY }),
  offlineCasesQuery({ sites: [EVIL], service: null, firstMonth: EVIL_DAY, lastMonth: EVIL_DAY }),
  offlineImportsQuery({ site: EVIL, limit: 10 }),
  releaseListQuery(),
  releaseFileQuery({ month: EVIL, file: EVIL }),
  releaseCreationQuery(EVIL),
  auditLogQuery({ action: null, limit: 10 }),
  auditLogQuery({ action: 'export', limit: 10 }),
  pageViewsByOriginQuery({ site: EVIL, ...period, paths: [EVIL], services: [EVIL] }),
  feedbackQuery({ site: EVIL, ...period, paths: [EVIL], services: [EVIL] }),
  transactionsQuery({ sites: [EVIL], ...period }),
  transmissionsQuery({ site: EVIL, month: EVIL }),
  transmissionsQuery({ site: EVIL, month: null }),
  annotationsQuery({ site: EVIL, firstDay: EVIL_DAY, lastDay: EVIL_DAY, service: EVIL, sharedOnly: true }),
  annotationsQuery({ site: EVIL, firstDay: EVIL_DAY, lastDay: EVIL_DAY, service: null, sharedOnly: false }),
  annotationQuery({ site: EVIL, id: EVIL }),
];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):[^}]+\}/g;

describe('query builders', () => {
  it.each(built.map((q) => [q.name, q] as const))('%s binds every value as a parameter', (_name, q) => {
    expect(q.query).not.toContain('DROP');
    expect(q.query).not.toContain('OR 1=1');
    const names = new Set([...q.query.matchAll(PLACEHOLDER)].map((m) => m[1]));
    expect([...names].sort()).toEqual(Object.keys(q.params).sort());
  });

  it('builds headline numbers of both periods and the series in one round trip', () => {
    const q = cityTrafficQuery({
      site: 'giessen',
      from: '2025-03-01',
      to: '2025-03-07',
      previousFrom: '2025-02-22',
      interval: 'week',
    });
    expect(q.params).toEqual({
      site: 'giessen',
      from: '2025-03-01',
      to: '2025-03-07',
      previousFrom: '2025-02-22',
    });
    expect(q.query).toContain('FROM city_daily_v2');
    expect(q.query).toContain('toString(toMonday(day)) AS bucket');
    expect(q.query).toContain('WHERE site = {site:String} AND day BETWEEN {previousFrom:Date} AND {to:Date}');
    expect(cityTrafficQuery({ ...q.params, interval: 'hour' } as never).query).toContain(
      'FROM city_hourly_v2',
    );
  });

  it('refuses an empty breakdown list', () => {
    expect(() =>
      cityBreakdownQuery({ site: 'giessen', from: '2025-03-01', to: '2025-03-07', by: [] }),
    ).toThrow('cityBreakdownQuery needs at least one breakdown');
  });

  it('reads reports from roll-ups; realtime, links and engagement, which no roll-up keeps, from raw events', () => {
    const RAW = ['realtime_totals', 'realtime_pages', 'city_links', 'city_engagement'];
    for (const q of built) {
      const raw = /FROM events\b/.test(q.query);
      expect([q.name, raw]).toEqual([q.name, RAW.includes(q.name)]);
    }
  });

  it('narrows links and engagement to a service only when one is asked for', () => {
    const p = { site: 'giessen', from: '2025-03-01', to: '2025-03-07', limit: 5 };
    const links = cityLinksQuery({ ...p, service: '99036010000000' });
    expect(links.params).toEqual({ ...p, service: '99036010000000' });
    expect(links.query).toContain("event_type IN ('download', 'outbound') AND service = {service:String}");
    expect(links.query).toContain('LIMIT {limit:UInt32} BY kind');
    expect(cityLinksQuery({ ...p, service: null }).query).not.toContain('{service:String}');
    // The buckets' bounds are parameters: visible time in ms, scroll depth in percent.
    const engagement = cityEngagementQuery({ ...p, service: null });
    expect(engagement.params).toEqual({
      ...p,
      visible0: 0,
      visible1: 10_000,
      visible2: 30_000,
      visible3: 60_000,
      visible4: 180_000,
      visible5: 600_000,
      scroll0: 0,
      scroll1: 25,
      scroll2: 50,
      scroll3: 75,
      scroll4: 100,
    });
    expect(engagement.query).toContain(
      'toUInt32(countIf(visible_ms >= {visible4:UInt32} AND visible_ms < {visible5:UInt32})), toUInt32(countIf(visible_ms >= {visible5:UInt32}))]',
    );
    expect(engagement.query).not.toContain('{service:String}');
  });

  it('writes the report time zone into SQL as the literal of REPORT_TIME_ZONE', () => {
    expect(REPORT_TIME_ZONE_SQL.query).toBe(`'${REPORT_TIME_ZONE}'`);
    expect(
      cityTrafficQuery({ ...period, site: EVIL, previousFrom: EVIL_DAY, interval: 'hour' }).query,
    ).toContain(`toDateTime({from:Date}, '${REPORT_TIME_ZONE}')`);
  });

  it('passes the realtime window as DateTime64 text', () => {
    expect(realtimeTotalsQuery({ site: 'giessen', now: new Date('2025-03-10T12:00:00Z') }).params).toEqual({
      site: 'giessen',
      since: '2025-03-10 11:30:00.000',
      now: '2025-03-10 12:00:00.000',
    });
  });
});
