/*
 * The sink's insert (TabSeparated, columns named) stores exactly what the row type's JSONEachRow stores: rows of
 * the steps, and text that needs every escape. A block inserted again under its token changes nothing.
 */
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { parseSitesConfig } from '@godonu/contract';
import { type EventRow, migrate } from '@godonu/warehouse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { MINUTE, record } from '../../test/records.ts';
import { sitesFixture } from '../../test/sites.fixture.ts';
import { rowsThroughPipeline } from '../steps/rows-through-pipeline.ts';
import { clickhouseInsert } from './events.sink.ts';

const sites = parseSitesConfig(JSON.stringify(sitesFixture));
const at = Date.UTC(2025, 2, 4, 9);
const visit = { site: 'giessen', visitor: 'fedcba9876543210' };
const url = 'https://www.giessen.de/online-dienste/hundesteuer';
const nasty = 'a\tb\nc\\d\re\0f\bg\fh\'i"j é 😀';

const fromSteps = rowsThroughPipeline(
  [
    record(visit, at, url, { type: 'pageview' }, 'www.google.de'),
    record(visit, at + MINUTE, url, { type: 'form_start', form: 'hundesteuer' }),
    record(visit, at + 2 * MINUTE, url, { type: 'form_step', form: 'hundesteuer', step: 1, steps: 2 }),
    record(visit, at + 3 * MINUTE, url, { type: 'form_submit', form: 'hundesteuer' }),
    record(visit, at + 4 * MINUTE, url, {
      type: 'custom',
      name: 'chat.open',
      props: { n: 2, ok: true, s: 'x' },
    }),
    record(visit, at + 5 * MINUTE, url, { type: 'download', href: '/files/merkblatt-2024.pdf' }),
    record(visit, at + 6 * MINUTE, url, { type: 'engagement', engagedMs: 1234, scrollPct: 80 }),
  ],
  sites,
  'Europe/Berlin',
  { partition: 5, firstOffset: 9_007_199_254_740_990 },
);
const last = fromSteps[fromSteps.length - 1] as EventRow;
const escaped: EventRow = {
  ...last,
  kafka_offset: '18446744073709551615',
  path: `/${nasty}`,
  channel_host: nasty,
  referrer_host: nasty,
  target_host: nasty,
  target_path: nasty,
  props: { [nasty]: nasty, '': '' },
  elapsed_ms: null,
  session_id: '18446744073709551615',
};
const rows = [...fromSteps, escaped];

describe('events sink', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseClient;
  const read = async (table: string) => {
    const rs = await ch.query({
      query: `SELECT * FROM ${table} ORDER BY kafka_offset`,
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
    });
    return rs.json<EventRow>();
  };
  const counts = async () => {
    const rs = await ch.query({
      query: `SELECT (SELECT count() FROM events) AS raw, (SELECT sum(events) FROM city_daily_v2) AS city`,
      format: 'JSONEachRow',
    });
    return (await rs.json())[0];
  };

  beforeAll(async () => {
    db = await testDatabase('events_sink');
    ch = db.client;
    await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 3650 });
    await ch.command({ query: 'CREATE TABLE events_json AS events' });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores exactly what JSONEachRow stores, and reads back the rows it was given', async () => {
    await clickhouseInsert(ch)(rows, 'test/5/1');
    await ch.insert({ table: 'events_json', values: rows, format: 'JSONEachRow' });
    const stored = await read('events');
    expect(stored).toEqual(await read('events_json'));
    expect(stored).toEqual(rows);
  });

  it('changes nothing, in events and the roll-ups, when the block comes again under its token', async () => {
    const before = await counts();
    expect(before).toEqual({ raw: rows.length, city: rows.length });
    await clickhouseInsert(ch)(rows, 'test/5/1');
    expect(await counts()).toEqual(before);
  });

  it('stores a lone UTF-16 surrogate as U+FFFD, where JSONEachRow fails the whole insert', async () => {
    const lone = { ...escaped, kafka_offset: '1', referrer_host: 'x\ud800y' };
    await clickhouseInsert(ch)([lone], 'test/5/lone');
    expect((await read('events'))[0]?.referrer_host).toBe('x\ufffdy');
    // A client of its own that does not log the failure it is meant to meet.
    const quiet = createClient({
      url: inject('clickhouseUrl'),
      database: db.database,
      log: { level: ClickHouseLogLevel.OFF },
    });
    await expect(
      quiet.insert({ table: 'events_json', values: [lone], format: 'JSONEachRow' }),
    ).rejects.toThrow(/surrogate/);
    await quiet.close();
  });
});
