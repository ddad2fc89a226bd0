/*
 * The local ClickHouse server against the same engine in-process: a million-row insert and select through HTTP
 * vs the chDB calls the server makes, and ten reads at once vs one. Medians of RUNS runs (default 5), one line per
 * measure, as BENCHMARKS.md records them.
 *
 *   pnpm --filter @godonu/infra bench:clickhouse        (RUNS=3 for a quicker look)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { native } from '../src/clickhouse/native.ts';
import { startPrivateInstance } from '../src/clickhouse/private-instance.ts';

const ROWS = 1_000_000;
const RUNS = Number(process.env.RUNS ?? 5);
const TABLE =
  'CREATE TABLE t (city LowCardinality(String), n UInt64, path String) ENGINE = MergeTree ORDER BY (city, n)';
const CITIES = ['giessen', 'marburg', 'fulda', 'kassel', 'wetzlar', 'darmstadt'];
const AGGREGATE = 'SELECT city, count() AS c, uniqExact(path) AS u FROM t GROUP BY city ORDER BY city';

const objects = Array.from({ length: ROWS }, (_, n) => ({
  city: CITIES[n % CITIES.length] as string,
  n,
  path: `/seite/${n % 997}`,
}));
const bytes = Buffer.from(`${objects.map((o) => JSON.stringify(o)).join('\n')}\n`);

const server = await startPrivateInstance();
const client = createClient({ url: server.url, request_timeout: 300_000 });
const localDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-bench-chdb-'));
const local = native.CreateConnection(localDir, []);

interface Sample {
  wallMs: number;
  cpuS: number;
}
const samples = new Map<string, Sample[]>();

/** Wall time, and CPU of the engine's process: the server's, or this one's for the in-process engine. */
async function measure(name: string, where: 'server' | 'in-process', work: () => Promise<unknown>) {
  const cpu0 = where === 'server' ? server.cpuSeconds() : process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const cpuS =
    where === 'server'
      ? server.cpuSeconds() - (cpu0 as number)
      : (() => {
          const d = process.cpuUsage(cpu0 as NodeJS.CpuUsage);
          return (d.user + d.system) / 1e6;
        })();
  samples.set(name, [...(samples.get(name) ?? []), { wallMs, cpuS }]);
}

async function postBody(query: string, body: Buffer): Promise<void> {
  const res = await fetch(`${server.url}/?${new URLSearchParams({ query })}`, {
    method: 'POST',
    body: new Uint8Array(body),
  });
  if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

async function countStreamedRows(query: string): Promise<number> {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  let rows = 0;
  for await (const batch of rs.stream()) rows += batch.length;
  return rows;
}

await client.command({ query: TABLE });
await native.QueryAsyncConnection(local, TABLE, 'TSV');

for (let run = 1; run <= RUNS; run++) {
  for (const truncate of [
    () => client.command({ query: 'TRUNCATE TABLE t' }),
    () => native.QueryAsyncConnection(local, 'TRUNCATE TABLE t', 'TSV'),
  ])
    await truncate();
  await measure('insert 1M rows: client objects → server', 'server', () =>
    client.insert({ table: 't', values: objects, format: 'JSONEachRow' }),
  );
  await client.command({ query: 'TRUNCATE TABLE t' });
  await measure('insert 1M rows: one JSONEachRow body → server', 'server', () =>
    postBody('INSERT INTO t FORMAT JSONEachRow', bytes),
  );
  await measure('insert 1M rows: the same bytes in-process', 'in-process', () =>
    native.InsertRawAsyncConnection(local, 'INSERT INTO t FORMAT JSONEachRow', bytes, false),
  );
  await measure('select 1M rows: server → client stream', 'server', async () => {
    const rows = await countStreamedRows('SELECT * FROM t');
    if (rows !== ROWS) throw new Error(`${rows} rows`);
  });
  await measure('select 1M rows: in-process', 'in-process', () =>
    native.QueryAsyncConnection(local, 'SELECT * FROM t', 'JSONEachRow'),
  );
  const read = (q: string) => client.query({ query: q, format: 'JSONEachRow' }).then((r) => r.json());
  await measure('1 × SELECT sleep(0.5)', 'server', () => read('SELECT sleep(0.5)'));
  await measure('10 × SELECT sleep(0.5) at once', 'server', () =>
    Promise.all(Array.from({ length: 10 }, () => read('SELECT sleep(0.5)'))),
  );
  await measure('1 × aggregation over 1M rows', 'server', () => read(AGGREGATE));
  await measure('10 × aggregation over 1M rows at once', 'server', () =>
    Promise.all(Array.from({ length: 10 }, () => read(AGGREGATE))),
  );
  console.error(`run ${run}/${RUNS} done`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const m = (name: string) => {
  const xs = samples.get(name) ?? [];
  return { wallMs: median(xs.map((x) => x.wallMs)), cpuS: median(xs.map((x) => x.cpuS)) };
};
console.log(`medians of ${RUNS} runs, ${ROWS} rows (${(bytes.length / 1e6).toFixed(1)} MB of JSONEachRow)`);
for (const name of samples.keys()) {
  const { wallMs, cpuS } = m(name);
  console.log(
    `${name.padEnd(48)} ${wallMs.toFixed(0).padStart(7)} ms wall  ${cpuS.toFixed(2).padStart(6)} s CPU`,
  );
}
const ratio = (a: string, b: string, k: 'wallMs' | 'cpuS') => (m(a)[k] / m(b)[k]).toFixed(2);
console.log(
  `ratios: insert bytes server/in-process ${ratio('insert 1M rows: one JSONEachRow body → server', 'insert 1M rows: the same bytes in-process', 'wallMs')}× wall; ` +
    `insert objects/bytes ${ratio('insert 1M rows: client objects → server', 'insert 1M rows: one JSONEachRow body → server', 'cpuS')}× server CPU; ` +
    `select server/in-process ${ratio('select 1M rows: server → client stream', 'select 1M rows: in-process', 'wallMs')}× wall; ` +
    `10 sleeps/1 ${ratio('10 × SELECT sleep(0.5) at once', '1 × SELECT sleep(0.5)', 'wallMs')}×; ` +
    `10 aggregations/1 ${ratio('10 × aggregation over 1M rows at once', '1 × aggregation over 1M rows', 'wallMs')}×`,
);

await client.close();
native.CloseConnection(local);
rmSync(localDir, { recursive: true, force: true });
await server.remove();
