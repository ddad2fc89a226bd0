import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { migrate } from './migrate.ts';
import {
  recordedReportTimeZone,
  recordReportTimeZone,
  WAREHOUSE_SETTINGS_TABLE,
} from './report-time-zone.ts';

describe('the recorded report time zone', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    db = await testDatabase('report_tz');
    await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 30 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is unknown on a fresh warehouse, recorded by the first writer, then only agreed with', async () => {
    expect(await recordedReportTimeZone(db.client)).toBeUndefined();
    expect(await recordReportTimeZone(db.client, 'Europe/Berlin')).toBe('recorded');
    expect(await recordReportTimeZone(db.client, 'Europe/Berlin')).toBe('agrees');
    expect(await recordedReportTimeZone(db.client)).toBe('Europe/Berlin');
  });

  it('refuses a writer in another zone and keeps the first recording', async () => {
    await expect(recordReportTimeZone(db.client, 'Europe/Lisbon')).rejects.toThrow(
      new Error(
        "the warehouse's report days are calendar days in Europe/Berlin (warehouse_settings), but " +
          'REPORT_TIME_ZONE is Europe/Lisbon: every service of one warehouse must count days in its zone',
      ),
    );
    expect(await recordedReportTimeZone(db.client)).toBe('Europe/Berlin');
    const rs = await db.client.query({
      query: `SELECT name, value FROM ${WAREHOUSE_SETTINGS_TABLE} ORDER BY recorded_at`,
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ name: 'report_time_zone', value: 'Europe/Berlin' }]);
  });
});
