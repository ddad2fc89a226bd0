import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { migrate } from './migrate.ts';
import { readMigrations } from './migration-files.ts';

const TABLES = [
  'channel_daily_v1',
  'channel_daily_v1_mv',
  'city_daily_v1',
  'city_daily_v1_mv',
  'city_hourly_v1',
  'city_hourly_v1_mv',
  'events',
  'page_daily_v1',
  'page_daily_v1_mv',
  'rating_daily_v1',
  'rating_daily_v1_mv',
  'schema_migrations',
  'service_daily_v1',
  'service_daily_v1_mv',
  'service_errors_daily_v1',
  'service_errors_daily_v1_mv',
  'service_steps_daily_v1',
  'service_steps_daily_v1_mv',
  'tech_daily_v1',
  'tech_daily_v1_mv',
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
      applied: ['0001_events', '0002_city_rollups', '0003_service_rollups'],
      alreadyApplied: [],
      retentionChanged: false,
    });
    expect(await tables()).toEqual(TABLES);
    expect(await ttl()).toBe('day + toIntervalDay(30)');

    const second = await migrate({ url: url(), database: db.database, rawRetentionDays: 30 });
    expect(second).toEqual({
      applied: [],
      alreadyApplied: ['0001_events', '0002_city_rollups', '0003_service_rollups'],
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
