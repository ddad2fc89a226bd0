import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { migrate } from './migrate.ts';
import { readMigrations, splitStatements } from './migration-files.ts';

const TABLES = [
  'annotations_v1',
  'api_sessions_v1',
  'audit_log_v1',
  'channel_daily_v2',
  'channel_daily_v2_mv',
  'city_daily_v2',
  'city_daily_v2_mv',
  'city_hourly_v2',
  'city_hourly_v2_mv',
  'events',
  'feedback_daily_v1',
  'feedback_daily_v1_mv',
  'offline_case_imports_v1',
  'open_data_releases_v1',
  'page_daily_v2',
  'page_daily_v2_mv',
  'page_views_by_origin_daily_v1',
  'page_views_by_origin_daily_v1_mv',
  'quality_daily_v1',
  'rating_daily_v2',
  'rating_daily_v2_mv',
  'schema_migrations',
  'sdg_transmissions_v1',
  'service_daily_v2',
  'service_daily_v2_mv',
  'service_errors_daily_v2',
  'service_errors_daily_v2_mv',
  'service_steps_daily_v2',
  'service_steps_daily_v2_mv',
  'tech_daily_v2',
  'tech_daily_v2_mv',
  'warehouse_settings',
];

describe('migrate', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseClient;
  const url = () => inject('clickhouseUrl');

  beforeAll(async () => {
    db = await testDatabase('migrate');
    ch = db.client;
  });
  afterAll(async () => {
    await db.drop();
  });

  async function tables(): Promise<string[]> {
    const rs = await ch.query({
      query: 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
      query_params: { db: db.database },
      format: 'JSONEachRow',
    });
    return (await rs.json<{ name: string }>()).map((r) => r.name);
  }

  async function ttl(): Promise<string> {
    const rs = await ch.query({
      query: "SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = 'events'",
      query_params: { db: db.database },
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ engine_full: string }>();
    return /TTL (.*?) SETTINGS/.exec(row?.engine_full ?? '')?.[1] ?? '';
  }

  it('creates every table and view on a fresh database, then applies nothing the second time', async () => {
    const first = await migrate({ url: url(), database: db.database, rawRetentionDays: 30 });
    expect(first).toEqual({
      applied: [
        '0001_events',
        '0002_city_rollups',
        '0003_service_rollups',
        '0004_rollups_v2',
        '0005_drop_rollups_v1',
        '0006_offline_cases',
        '0007_open_data',
        '0008_statutory_statistics',
        '0009_warehouse_settings',
        '0010_api_sessions',
        '0011_annotations',
        '0012_data_quality',
      ],
      alreadyApplied: [],
      retentionChanged: false,
    });
    expect(await tables()).toEqual(TABLES);
    expect(await ttl()).toBe('day + toIntervalDay(30)');

    const second = await migrate({ url: url(), database: db.database, rawRetentionDays: 30 });
    expect(second).toEqual({
      applied: [],
      alreadyApplied: [
        '0001_events',
        '0002_city_rollups',
        '0003_service_rollups',
        '0004_rollups_v2',
        '0005_drop_rollups_v1',
        '0006_offline_cases',
        '0007_open_data',
        '0008_statutory_statistics',
        '0009_warehouse_settings',
        '0010_api_sessions',
        '0011_annotations',
        '0012_data_quality',
      ],
      retentionChanged: false,
    });
    expect(await tables()).toEqual(TABLES);
    const rs = await ch.query({
      query: 'SELECT version, name FROM schema_migrations ORDER BY version',
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { version: 1, name: 'events' },
      { version: 2, name: 'city_rollups' },
      { version: 3, name: 'service_rollups' },
      { version: 4, name: 'rollups_v2' },
      { version: 5, name: 'drop_rollups_v1' },
      { version: 6, name: 'offline_cases' },
      { version: 7, name: 'open_data' },
      { version: 8, name: 'statutory_statistics' },
      { version: 9, name: 'warehouse_settings' },
      { version: 10, name: 'api_sessions' },
      { version: 11, name: 'annotations' },
      { version: 12, name: 'data_quality' },
    ]);
  });

  it('changes the raw retention in place when the configuration changes', async () => {
    const result = await migrate({ url: url(), database: db.database, rawRetentionDays: 7 });
    expect(result.retentionChanged).toBe(true);
    expect(await ttl()).toBe('day + toIntervalDay(7)');
    expect((await migrate({ url: url(), database: db.database, rawRetentionDays: 7 })).retentionChanged).toBe(
      false,
    );
  });

  it('refuses to run when an applied migration was edited', async () => {
    const [first, ...rest] = await readMigrations();
    const edited = { ...(first as NonNullable<typeof first>), checksum: 'f'.repeat(64) };
    await expect(
      migrate({ url: url(), database: db.database, rawRetentionDays: 7, migrations: [edited, ...rest] }),
    ).rejects.toThrow(
      /migration 0001_events was applied with checksum [0-9a-f]{64} but the file now has f{64}/,
    );
  });
});

describe('0004_rollups_v2', () => {
  it('backfills the v2 roll-ups from the events already stored, once', async () => {
    const db = await testDatabase('migrate_v2');
    try {
      const all = await readMigrations();
      const opts = { url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 30 };
      await migrate({ ...opts, migrations: all.filter((m) => m.version < 4) });
      // Two visitors on one day, one of them with two page views: stored before the v2 tables exist. Today, so
      // the raw retention keeps them.
      const day = new Date().toISOString().slice(0, 10);
      await db.client.insert({
        table: 'events',
        values: [
          { site: 'fulda', day, event_type: 'pageview', path: '/a', visitor: 1, session_start: 1 },
          { site: 'fulda', day, event_type: 'pageview', path: '/b', visitor: 1 },
          { site: 'fulda', day, event_type: 'pageview', path: '/a', visitor: 2, session_start: 1 },
        ],
        format: 'JSONEachRow',
      });
      const v2 = async () => {
        const rs = await db.client.query({
          query: `SELECT toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors, toUInt32(sum(visits)) AS visits,
                    toUInt32(sum(pageviews)) AS pageviews
                  FROM city_daily_v2 GROUP BY site`,
          format: 'JSONEachRow',
        });
        return rs.json();
      };
      expect((await migrate(opts)).applied).toEqual([
        '0004_rollups_v2',
        '0005_drop_rollups_v1',
        '0006_offline_cases',
        '0007_open_data',
        '0008_statutory_statistics',
        '0009_warehouse_settings',
        '0010_api_sessions',
        '0011_annotations',
        '0012_data_quality',
      ]);
      expect(await v2()).toEqual([{ visitors: 2, visits: 2, pageviews: 3 }]);
      // A rerun of the migration's statements (as after an interruption) does not backfill twice.
      const v4 = all.find((m) => m.version === 4) as NonNullable<(typeof all)[number]>;
      for (const statement of splitStatements(v4.sql)) await db.client.command({ query: statement });
      expect(await v2()).toEqual([{ visitors: 2, visits: 2, pageviews: 3 }]);
    } finally {
      await db.drop();
    }
  });
});
