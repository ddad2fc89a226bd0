/*
 * Where the pipeline depends on clickhouse-server's behaviour, the local server behaves the same: cancellation,
 * concurrency, binary bodies, streaming, sessions, defaults. Each test runs against a private instance.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ClickHouseClient,
  type ClickHouseError,
  type ClickHouseSettings,
  createClient,
  extractErrorAtTheEndOfChunk,
} from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateInstance, startPrivateInstance } from './private-instance.ts';

const MiB = 1024 * 1024;
let server: PrivateInstance;
let client: ClickHouseClient;

beforeAll(async () => {
  server = await startPrivateInstance();
  client = createClient({ url: server.url, request_timeout: 60_000 });
});
afterAll(async () => {
  await client?.close();
  await server?.remove();
});

async function rows<T>(query: string, settings: ClickHouseSettings = {}): Promise<T[]> {
  const rs = await client.query({ query, format: 'JSONEachRow', clickhouse_settings: settings });
  return rs.json<T>();
}

/** How many statements containing `marker` the engine runs now (the probe itself excluded). */
async function running(marker: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    `SELECT count() AS n FROM system.processes
     WHERE position(query, '${marker}') > 0 AND position(query, 'system.processes') = 0`,
  );
  return r?.n ?? -1;
}

async function waitUntilNoneRunning(marker: string, withinMs: number): Promise<number> {
  const start = Date.now();
  while ((await running(marker)) > 0) {
    if (Date.now() - start > withinMs) throw new Error(`${marker} still running after ${withinMs} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

async function post(query: string | undefined, body: Buffer | string, params: Record<string, string> = {}) {
  const search = new URLSearchParams({ ...(query === undefined ? {} : { query }), ...params });
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(`${server.url}/?${search}`, { method: 'POST', body: payload });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('the local ClickHouse server, where the pipeline depends on clickhouse-server', () => {
  it("has a server's defaults: 64-bit integers in JSON as numbers, no implicit SELECT", async () => {
    expect(
      await rows(
        `SELECT name, value FROM system.settings
         WHERE name IN ('output_format_json_quote_64bit_integers', 'implicit_select', 'allow_introspection_functions',
                        'storage_file_read_method', 'max_memory_usage')
         ORDER BY name`,
      ),
    ).toEqual([
      { name: 'allow_introspection_functions', value: '0' },
      { name: 'implicit_select', value: '0' },
      { name: 'max_memory_usage', value: String(4 * 1024 ** 3) },
      { name: 'output_format_json_quote_64bit_integers', value: '0' },
      { name: 'storage_file_read_method', value: 'pread' },
    ]);
    expect(await rows('SELECT toUInt64(5) AS n, toInt64(-7) AS m')).toEqual([{ n: 5, m: -7 }]);
    const stray = await client.command({ query: '1 + 1' }).catch((e: unknown) => e);
    expect((stray as ClickHouseError).code).toBe('62');
  });

  it('ends a streamed runaway query as soon as its client stops reading, and stays small', async () => {
    const before = server.rssBytes();
    const rs = await client.query({
      query: 'SELECT number FROM system.numbers /* runaway-stream */',
      format: 'JSONEachRow',
    });
    const seen: number[] = [];
    for await (const batch of rs.stream<{ number: number }>()) {
      for (const row of batch) if (seen.length < 4) seen.push(row.json().number);
      if (seen.length >= 4) break;
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(await waitUntilNoneRunning('runaway-stream', 5_000)).toBeLessThan(5_000);
    expect(server.rssBytes() - before).toBeLessThan(256 * MiB);
  });

  it('ends a query whose client gives up before the result, and one that reaches max_execution_time', async () => {
    const abort = new AbortController();
    const pending = client
      .query({
        query: 'SELECT count() FROM system.numbers /* runaway-abort */',
        format: 'JSON',
        abort_signal: abort.signal,
      })
      .catch((e: unknown) => e);
    await sleep(300);
    expect(await running('runaway-abort')).toBe(1);
    abort.abort();
    expect(((await pending) as Error).message).toMatch(/abort/i);
    expect(await waitUntilNoneRunning('runaway-abort', 5_000)).toBeLessThan(5_000);

    const start = Date.now();
    const timeout = await client
      .query({ query: 'SELECT count() FROM system.numbers', clickhouse_settings: { max_execution_time: 1 } })
      .catch((e: unknown) => e);
    expect((timeout as ClickHouseError).type).toBe('TIMEOUT_EXCEEDED');
    expect(Date.now() - start).toBeLessThan(10_000);
  });

  it('ends the query a KILL QUERY … SYNC names by its query_id', async () => {
    const queryId = `kill-me-${Date.now()}`;
    const target = client
      .command({ query: 'SELECT count() FROM system.numbers', query_id: queryId })
      .catch((e: unknown) => e);
    await sleep(300);
    const killed = await rows(`KILL QUERY WHERE query_id = '${queryId}' SYNC`);
    expect(killed).toEqual([
      {
        kill_status: 'finished',
        query_id: queryId,
        user: 'default',
        query: 'SELECT count() FROM system.numbers',
      },
    ]);
    expect(((await target) as ClickHouseError).type).toBe('QUERY_WAS_CANCELLED');
    expect(await rows(`KILL QUERY WHERE query_id = '${queryId}'`)).toEqual([]);
  });

  it('answers ten reads at once beside a running insert, in about the time of one', async () => {
    await client.command({ query: 'CREATE TABLE slow (n UInt64) ENGINE = MergeTree ORDER BY n' });
    let insertDone = false;
    const insert = client
      .command({
        // Three rows at one second each: the insert runs for three seconds.
        query: 'INSERT INTO slow SELECT number FROM numbers(3) WHERE sleepEachRow(1) = 0',
        clickhouse_settings: { max_block_size: '1' },
      })
      .then(() => {
        insertDone = true;
      });
    await sleep(200);
    const start = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => rows(`SELECT ${i} AS i, sleep(0.5) AS s`)),
    );
    const elapsed = Date.now() - start;
    expect(answers.map((a) => a[0])).toEqual(Array.from({ length: 10 }, (_, i) => ({ i, s: 0 })));
    // One at a time they would take 5 s, behind the insert 8 s.
    expect(elapsed).toBeLessThan(2_500);
    expect(insertDone).toBe(false);
    await insert;
    expect(await rows('SELECT count() AS n FROM slow')).toEqual([{ n: 3 }]);
  });

  it('takes binary request bodies byte for byte: RowBinary with bytes ≥ 0x80, Parquet', async () => {
    await client.command({ query: 'CREATE TABLE bin (s String, n UInt32) ENGINE = MergeTree ORDER BY n' });
    const value = Buffer.from([0xff, 0x80, 0xc3, 0xa4, 0x00, 0x0a]);
    const row = Buffer.concat([Buffer.from([value.length]), value, Buffer.from([0x2c, 0x01, 0x00, 0x00])]);
    const insert = await post('INSERT INTO bin FORMAT RowBinary', row);
    expect(insert.status).toBe(200);
    expect(JSON.parse(insert.headers.get('x-clickhouse-summary') ?? '{}')).toMatchObject({
      written_rows: '1',
    });
    // The same with the statement and the rows in the body, as some clients send them.
    const inline = await post(
      undefined,
      Buffer.concat([Buffer.from('INSERT INTO bin FORMAT RowBinary\n'), row]),
    );
    expect(inline.status).toBe(200);
    expect(await rows('SELECT hex(s) AS s, n FROM bin')).toEqual([
      { s: 'FF80C3A4000A', n: 300 },
      { s: 'FF80C3A4000A', n: 300 },
    ]);
    expect((await post('SELECT * FROM bin LIMIT 1 FORMAT RowBinary', '')).body).toEqual(row);

    const parquet = (await post('SELECT * FROM bin FORMAT Parquet', '')).body;
    expect(parquet.subarray(0, 4).toString('latin1')).toBe('PAR1');
    await client.command({ query: 'CREATE TABLE bin2 AS bin' });
    expect((await post('INSERT INTO bin2 FORMAT Parquet', parquet)).status).toBe(200);
    expect(await rows('SELECT hex(s) AS s, n FROM bin2')).toEqual([
      { s: 'FF80C3A4000A', n: 300 },
      { s: 'FF80C3A4000A', n: 300 },
    ]);
  });

  it('streams a million-row result as the engine produces it, with bounded memory', async () => {
    const before = server.rssBytes();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, server.rssBytes());
    }, 20);
    const rs = await client.query({
      query: 'SELECT number, toString(number) AS s FROM numbers(1000000)',
      format: 'JSONCompactEachRow',
    });
    let count = 0;
    let sum = 0;
    for await (const batch of rs.stream<[number, string]>()) {
      for (const row of batch) {
        const [n] = row.json();
        sum += n;
        count++;
      }
    }
    clearInterval(sampler);
    expect(count).toBe(1_000_000);
    expect(sum).toBe(499_999_500_000);
    // The whole result is ~20 MB of JSON; held whole (as before) the server grew by over 1 GB.
    expect(peak - before).toBeLessThan(200 * MiB);
  });

  it('keeps sessions apart: temporary tables and SET belong to their session', async () => {
    const a = createClient({ url: server.url, session_id: `a-${Date.now()}` });
    const b = createClient({ url: server.url, session_id: `b-${Date.now()}` });
    try {
      await a.command({ query: 'CREATE TEMPORARY TABLE scratch (x UInt8)' });
      await a.command({ query: 'INSERT INTO scratch VALUES (1), (2)' });
      await a.command({ query: 'SET max_threads = 1' });
      const count = async (c: ClickHouseClient) =>
        (
          await c
            .query({ query: 'SELECT count() AS n FROM scratch', format: 'JSONEachRow' })
            .then((r) => r.json())
        )[0];
      expect(await count(a)).toEqual({ n: 2 });
      expect(((await count(b).catch((e: unknown) => e)) as ClickHouseError).type).toBe('UNKNOWN_TABLE');
      expect(((await count(client).catch((e: unknown) => e)) as ClickHouseError).type).toBe('UNKNOWN_TABLE');
      const threads = async (c: ClickHouseClient) =>
        (
          await c
            .query({ query: "SELECT getSetting('max_threads') = 1 AS one", format: 'JSONEachRow' })
            .then((r) => r.json())
        )[0];
      expect(await threads(a)).toEqual({ one: 1 });
      expect(await threads(b)).toEqual({ one: 0 });
      expect(await threads(client)).toEqual({ one: 0 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('forgets a SET sent without a session once its request is answered', async () => {
    await client.command({ query: 'SET max_threads = 1' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => rows<{ one: number }>("SELECT getSetting('max_threads') = 1 AS one")),
    );
    expect(answers.flat().filter((r) => r.one)).toEqual([]);
  });

  it('accepts an insert without rows and reports the rows an insert wrote', async () => {
    await client.command({ query: 'CREATE TABLE counted (n UInt8) ENGINE = MergeTree ORDER BY n' });
    const empty = await post('INSERT INTO counted FORMAT JSONEachRow', '');
    expect(empty.status).toBe(200);
    const three = await post('INSERT INTO counted FORMAT JSONEachRow', '{"n":1}\n{"n":2}\n{"n":3}\n');
    expect(JSON.parse(three.headers.get('x-clickhouse-summary') ?? '{}')).toMatchObject({
      written_rows: '3',
      written_bytes: '3',
    });
    expect(await rows('SELECT sum(n) AS s FROM counted')).toEqual([{ s: 6 }]);
  });

  it('reports an error in the middle of a streamed result as an error, not as a shorter result', async () => {
    // One thread, small blocks, and a pause of 2 s before the failing row (short-circuit evaluation sleeps for that
    // row only): the first blocks have gone out before the engine fails, however busy the machine. Without the pause
    // a loaded server may fetch its first block only after the engine failed, and answers 500 (no result at all).
    const query = 'SELECT throwIf(number = 290000 AND sleepEachRow(2) = 0) AS x FROM numbers(300000)';
    const settings = { max_threads: 1, max_block_size: '1000' } satisfies ClickHouseSettings;
    const res = await post(query, '', {
      max_threads: '1',
      max_block_size: '1000',
      default_format: 'JSONEachRow',
    });
    expect(res.status).toBe(200);
    const tag = res.headers.get('x-clickhouse-exception-tag') ?? '';
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
    const error = extractErrorAtTheEndOfChunk(new Uint8Array(res.body), tag) as ClickHouseError;
    expect([error.code, error.type]).toEqual(['395', 'FUNCTION_THROW_IF_VALUE_IS_NON_ZERO']);
    const rowsBefore = res.body.toString('latin1', 0, res.body.indexOf('\r\n__exception__\r\n')).split('\n');
    expect(rowsBefore.pop()).toBe('');
    expect(rowsBefore.length).toBeGreaterThan(0);
    expect(rowsBefore.length).toBeLessThanOrEqual(290_000);
    expect(new Set(rowsBefore)).toEqual(new Set(['{"x":0}']));

    // @clickhouse/client finds the block only when it arrives whole in one read of the socket (a read that ends
    // inside it gives a generic "error in the stream"), as with a real server; either way the result is an error.
    const rs = await client.query({ query, format: 'JSONEachRow', clickhouse_settings: settings });
    await expect(rs.json()).rejects.toThrow(/throwIf|error in the stream/);
  });

  it('stops within seconds on SIGTERM while a runaway query runs', async () => {
    const runaway = client
      .query({ query: 'SELECT count() FROM system.numbers', format: 'JSON' })
      .catch((e: unknown) => e);
    await sleep(300);
    const start = Date.now();
    await server.stop();
    expect(Date.now() - start).toBeLessThan(8_000);
    expect(await runaway).toBeInstanceOf(Error);
  });
});
