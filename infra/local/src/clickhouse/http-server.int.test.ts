/*
 * Conformance of the chDB-backed HTTP server with what @clickhouse/client expects from a ClickHouse server. It runs
 * a private instance (own port, own data dir) so that it can restart it.
 */
import {
  type ClickHouseClient,
  ClickHouseError,
  type ClickHouseSettings,
  createClient,
} from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseDown, clickhouseUp } from '../clickhouse.service.ts';
import { type PrivateInstance, startPrivateInstance } from './private-instance.ts';

let server: PrivateInstance;
let client: ClickHouseClient;

beforeAll(async () => {
  server = await startPrivateInstance();
  client = createClient({ url: server.url });
});
afterAll(async () => {
  await client?.close();
  await server?.remove();
});

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}

describe('ClickHouse HTTP interface over chDB', () => {
  it('answers ping', async () => {
    expect(await client.ping()).toEqual({ success: true });
  });

  it('runs DDL, inserts JSONEachRow and selects in JSON, JSONEachRow and JSONCompactEachRow', async () => {
    await client.command({
      query:
        'CREATE TABLE hits (city LowCardinality(String), n UInt64, at DateTime) ENGINE = MergeTree ORDER BY (city, at)',
    });
    await client.insert({
      table: 'hits',
      values: [
        { city: 'fulda', n: 1, at: '2026-11-01 10:00:00' },
        { city: 'giessen', n: '18446744073709551615', at: '2026-11-01 11:00:00' },
      ],
      format: 'JSONEachRow',
    });
    // Since ClickHouse 25.8 a server writes 64-bit integers in JSON as numbers; a client that needs all 64 bits
    // asks for strings.
    const quoted: ClickHouseSettings = { output_format_json_quote_64bit_integers: 1 };
    const json = await client.query({
      query: 'SELECT city, n FROM hits ORDER BY city',
      format: 'JSON',
      clickhouse_settings: quoted,
    });
    const parsed = await json.json<{ city: string; n: string }>();
    expect(parsed.data).toEqual([
      { city: 'fulda', n: '1' },
      { city: 'giessen', n: '18446744073709551615' },
    ]);
    expect(parsed.meta).toEqual([
      { name: 'city', type: 'LowCardinality(String)' },
      { name: 'n', type: 'UInt64' },
    ]);
    expect(parsed.rows).toBe(2);
    expect(await rows('SELECT city, toString(at) AS at FROM hits ORDER BY city')).toEqual([
      { city: 'fulda', at: '2026-11-01 10:00:00' },
      { city: 'giessen', at: '2026-11-01 11:00:00' },
    ]);
    const compact = await client.query({
      query: 'SELECT city, n FROM hits ORDER BY city',
      format: 'JSONCompactEachRow',
      clickhouse_settings: quoted,
    });
    expect(await compact.json()).toEqual([
      ['fulda', '1'],
      ['giessen', '18446744073709551615'],
    ]);
  });

  it('binds a hostile string parameter as a value, never as SQL', async () => {
    const hostile = "x'); DROP TABLE hits; --\\'\t\n\u0000ä";
    expect(await rows('SELECT {s:String} AS s, length({s:String}) AS len', { s: hostile })).toEqual([
      { s: hostile, len: Buffer.byteLength(hostile) },
    ]);
    expect(await rows('SELECT {a:Array(String)} AS a', { a: ["it's", 'b\\c'] })).toEqual([
      { a: ["it's", 'b\\c'] },
    ]);
    expect(await rows('SELECT count() AS c FROM hits')).toEqual([{ c: 2 }]);
  });

  it('surfaces a bad query as a ClickHouseError with its code', async () => {
    const err = await client.query({ query: 'SELECT no_such_column FROM hits' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect((err as ClickHouseError).code).toBe('47');
    expect((err as ClickHouseError).type).toBe('UNKNOWN_IDENTIFIER');
    const missing = await client.command({ query: 'DROP TABLE no_such_table' }).catch((e: unknown) => e);
    expect((missing as ClickHouseError).code).toBe('60');
  });

  it('applies settings per request and restores them afterwards', async () => {
    const withSetting = await client.query({
      query: "SELECT getSetting('max_threads') AS t",
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 1 },
    });
    expect(await withSetting.json()).toEqual([{ t: 1 }]);
    const after = await rows<{ changed: number }>(
      "SELECT changed FROM system.settings WHERE name = 'max_threads'",
    );
    expect(after).toEqual([{ changed: 0 }]);
  });

  it('honours the database parameter and gzip in both directions', async () => {
    await client.command({ query: 'CREATE DATABASE other' });
    const other = createClient({
      url: server.url,
      database: 'other',
      compression: { request: true, response: true },
    });
    await other.command({ query: 'CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x' });
    await other.insert({ table: 't', values: [{ x: 7 }], format: 'JSONEachRow' });
    const rs = await other.query({
      query: 'SELECT currentDatabase() AS db, sum(x) AS s FROM t',
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ db: 'other', s: 7 }]);
    await other.close();
    expect(await rows('SELECT currentDatabase() AS db')).toEqual([{ db: 'default' }]);
  });

  it('keeps a materialized view feeding an AggregatingMergeTree across a server restart', async () => {
    await client.command({
      query: 'CREATE TABLE ev (city String, visitor String) ENGINE = MergeTree ORDER BY city',
    });
    await client.command({
      query:
        'CREATE TABLE daily (city String, visitors AggregateFunction(uniq, String), views SimpleAggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree ORDER BY city',
    });
    await client.command({
      query:
        'CREATE MATERIALIZED VIEW daily_mv TO daily AS SELECT city, uniqState(visitor) AS visitors, count() AS views FROM ev GROUP BY city',
    });
    await client.insert({
      table: 'ev',
      values: [
        { city: 'fulda', visitor: 'a' },
        { city: 'fulda', visitor: 'b' },
      ],
      format: 'JSONEachRow',
    });
    await client.close();
    await clickhouseDown(server.cfg);
    const { url } = await clickhouseUp(server.cfg);
    client = createClient({ url });
    await client.insert({
      table: 'ev',
      values: [
        { city: 'fulda', visitor: 'a' },
        { city: 'wetzlar', visitor: 'c' },
      ],
      format: 'JSONEachRow',
    });
    expect(
      await rows(
        'SELECT city, uniqMerge(visitors) AS visitors, sum(views) AS views FROM daily GROUP BY city ORDER BY city',
      ),
    ).toEqual([
      { city: 'fulda', visitors: 2, views: 3 },
      { city: 'wetzlar', visitors: 1, views: 1 },
    ]);
  });
});
