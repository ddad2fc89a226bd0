/*
 * The row type and the table agree: same column names, every value accepted without coercion surprises, and read
 * back unchanged. Also proves the warehouse half of "exactly-once in effect": the same block inserted again with
 * the same de-duplication token changes neither the raw table nor any roll-up.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { CollectedEvent } from '@godonu/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { type DerivedFields, type EventRow, toRow } from './events.row.ts';
import { migrate } from './migrate.ts';

const base = {
  v: 1 as const,
  site: 'giessen',
  mode: 'browser' as const,
  receivedAt: Date.UTC(2025, 2, 4, 9, 0, 0, 123),
  visitor: 'ffeeddccbbaa9988',
  saltDay: '2025-03-04',
  device: 'mobile' as const,
  country: 'AT',
  browser: 'firefox' as const,
  os: 'android' as const,
  referrerHost: 'www.google.com',
};
const common = { ts: Date.UTC(2025, 2, 4, 9, 0, 0, 0), url: 'https://www.giessen.de/hundesteuer/antrag/123' };

const submit: CollectedEvent = {
  ...base,
  event: { type: 'form_submit', id: 'evt-submit-1', ...common, form: 'hundesteuer', elapsedMs: 95_000 },
};
const custom: CollectedEvent = {
  ...base,
  referrerHost: null,
  event: {
    type: 'custom',
    id: 'evt-custom-1',
    ...common,
    name: 'chat.open',
    props: { n: 2, ok: true, s: 'x' },
  },
};
const derived: DerivedFields = {
  day: '2025-03-04',
  path: '/hundesteuer/antrag/:id',
  service: '99036010000000',
  channel: 'search',
  channelHost: 'www.google.com',
  sessionId: '18446744073709551615',
  sessionStart: true,
  entry: false,
  bounceDelta: 0,
  durationDeltaMs: 0,
  targetHost: '',
  targetPath: '',
  kafkaPartition: 3,
  kafkaOffset: '9007199254740993',
};

describe('events row', () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseClient;

  beforeAll(async () => {
    db = await testDatabase('events_row');
    ch = db.client;
    await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 3650 });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('has exactly the columns of the events table', async () => {
    const rs = await ch.query({ query: 'DESCRIBE TABLE events', format: 'JSONEachRow' });
    const columns = (await rs.json<{ name: string }>()).map((c) => c.name);
    expect(Object.keys(toRow(submit, derived))).toEqual(columns);
  });

  it('round-trips through the table unchanged', async () => {
    const rows = [toRow(submit, derived), toRow(custom, { ...derived, kafkaOffset: '9007199254740994' })];
    await ch.insert({
      table: 'events',
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { input_format_skip_unknown_fields: 0 },
    });
    const rs = await ch.query({
      query: 'SELECT * FROM events ORDER BY kafka_offset',
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
    });
    const back = await rs.json<EventRow>();
    expect(back).toEqual(rows);
    expect(back[0]).toMatchObject({
      ts: '2025-03-04 09:00:00.123',
      visitor: '18441921395520346504',
      elapsed_ms: 95000,
      props: {},
    });
    expect(back[1]).toMatchObject({
      props: { n: '2', ok: 'true', s: 'x' },
      referrer_host: '',
      elapsed_ms: null,
    });
  });

  it('ignores a replayed block with the same de-duplication token, in the raw table and every roll-up', async () => {
    const block = [0, 1, 2].map((i) =>
      toRow(
        { ...submit, site: 'fulda', event: { ...submit.event, id: `evt-replay-${i}` } },
        { ...derived, kafkaOffset: String(100 + i) },
      ),
    );
    const insert = (token: string) =>
      ch.insert({
        table: 'events',
        values: block,
        format: 'JSONEachRow',
        clickhouse_settings: {
          insert_deduplicate: 1,
          insert_deduplication_token: token,
          deduplicate_blocks_in_dependent_materialized_views: 1,
        },
      });
    const counts = async () => {
      const rs = await ch.query({
        query: `SELECT
          (SELECT count() FROM events WHERE site = 'fulda') AS raw,
          (SELECT sum(events) FROM city_daily_v2 WHERE site = 'fulda') AS city,
          (SELECT sum(submits) FROM service_daily_v2 WHERE site = 'fulda') AS submits,
          (SELECT sum(visits) FROM channel_daily_v2 WHERE site = 'fulda') AS visits`,
        format: 'JSONEachRow',
      });
      return (await rs.json())[0];
    };
    await insert('p3:100-102');
    await insert('p3:100-102');
    expect(await counts()).toEqual({ raw: 3, city: 3, submits: 3, visits: 3 });
    // The same rows under another token are a different block: the token, not the content, decides.
    await insert('p3:100-102-other');
    expect(await counts()).toEqual({ raw: 6, city: 6, submits: 6, visits: 6 });
  });
});
