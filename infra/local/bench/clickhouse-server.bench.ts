/*
 * The local ClickHouse server against the same engine in-process: a million-row insert and select through HTTP
 * vs the chDB calls the server makes, and ten reads at once vs one. Medians of RUNS runs (default 5).
 *
 *   pnpm --filter @godonu/infra bench:clickhouse        (RUNS=3 for a quicker look)
 *
 * BENCH_BASELINE_MAIN=<path of another server's entry point> measures that server in the same runs, e.g. the
 * server before issue 14 (BENCHMARKS.md shows how to get it from git).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { native } from '../src/clickhouse/native.ts';
import { groupCpuSeconds, startPrivateInstance } from '../src/clickhouse/private-instance.ts';
import { freePort } from '../src/daemon.ts';
import { REPO_ROOT } from '../src/local.config.ts';

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

interface Target {
  name: string;
  url: string;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

async function baseline(main: string): Promise<Target> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'godonu-bench-baseline-'));
  const port = await freePort();
  const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
  const child = spawn(process.execPath, [tsx, main, dir, String(port)], { detached: true, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    !(await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  ) {
    if (i > 240) throw new Error(`baseline server ${main} did not start`);
    await sleep(250);
  }
  const pgid = child.pid as number;
  return {
    name: 'baseline',
    url,
    cpuSeconds: () => groupCpuSeconds(pgid),
    stop: async () => {
      process.kill(-pgid, 'SIGKILL');
      await sleep(500);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const current = await startPrivateInstance();
const targets: Target[] = [
  { name: 'server', url: current.url, cpuSeconds: current.cpuSeconds, stop: current.remove },
];
if (process.env.BENCH_BASELINE_MAIN) targets.push(await baseline(process.env.BENCH_BASELINE_MAIN));
const localDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-bench-chdb-'));
const local = native.CreateConnection(localDir, []);

const samples = new Map<string, { wallMs: number; cpuS: number }[]>();

/** Wall time, and CPU of the engine's process: a server's, or this one's for the in-process engine. */
async function measure(name: string, cpu: () => number, work: () => Promise<unknown>) {
  const cpu0 = cpu();
  const t0 = performance.now();
  await work();
  const sample = { wallMs: performance.now() - t0, cpuS: cpu() - cpu0 };
  samples.set(name, [...(samples.get(name) ?? []), sample]);
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

await native.QueryAsyncConnection(local, TABLE, 'TSV');
for (const t of targets) {
  const c = createClient({ url: t.url });
  await c.command({ query: TABLE });
  await c.close();
}

for (let run = 1; run <= RUNS; run++) {
  await native.QueryAsyncConnection(local, 'TRUNCATE TABLE t', 'TSV');
  await measure('insert 1M rows: the bytes in-process', ownCpu, () =>
    native.InsertRawAsyncConnection(local, 'INSERT INTO t FORMAT JSONEachRow', bytes, false),
  );
  await measure('select 1M rows: in-process', ownCpu, () =>
    native.QueryAsyncConnection(local, 'SELECT * FROM t', 'JSONEachRow'),
  );
  for (const t of targets) {
    const client = createClient({
      url: t.url,
      request_timeout: 300_000,
      log: { level: ClickHouseLogLevel.ERROR },
    });
    const read = (q: string) => client.query({ query: q, format: 'JSONEachRow' }).then((r) => r.json());
    await client.command({ query: 'TRUNCATE TABLE t' });
    await measure(`insert 1M rows: client objects → ${t.name}`, t.cpuSeconds, () =>
      client.insert({ table: 't', values: objects, format: 'JSONEachRow' }),
    );
    await client.command({ query: 'TRUNCATE TABLE t' });
    await measure(`insert 1M rows: one body → ${t.name}`, t.cpuSeconds, async () => {
      const res = await fetch(
        `${t.url}/?${new URLSearchParams({ query: 'INSERT INTO t FORMAT JSONEachRow' })}`,
        {
          method: 'POST',
          body: new Uint8Array(bytes),
        },
      );
      if (!res.ok) throw new Error(`${res.status}: ${await res.text()}`);
    });
    await measure(`select 1M rows: ${t.name} → client stream`, t.cpuSeconds, async () => {
      const rs = await client.query({ query: 'SELECT * FROM t', format: 'JSONEachRow' });
      let rows = 0;
      for await (const batch of rs.stream()) rows += batch.length;
      if (rows !== ROWS) throw new Error(`${rows} rows`);
    });
    await measure(`1 × SELECT sleep(0.5): ${t.name}`, t.cpuSeconds, () => read('SELECT sleep(0.5)'));
    await measure(`10 × SELECT sleep(0.5) at once: ${t.name}`, t.cpuSeconds, () =>
      Promise.all(Array.from({ length: 10 }, () => read('SELECT sleep(0.5)'))),
    );
    await measure(`1 × aggregation over 1M rows: ${t.name}`, t.cpuSeconds, () => read(AGGREGATE));
    await measure(`10 × aggregation over 1M rows at once: ${t.name}`, t.cpuSeconds, () =>
      Promise.all(Array.from({ length: 10 }, () => read(AGGREGATE))),
    );
    await client.close();
  }
  console.error(`run ${run}/${RUNS} done`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
const m = (name: string) => {
  const xs = samples.get(name) ?? [];
  return { wallMs: median(xs.map((x) => x.wallMs)), cpuS: median(xs.map((x) => x.cpuS)) };
};
const ratio = (a: string, b: string, k: 'wallMs' | 'cpuS') => `${(m(a)[k] / m(b)[k]).toFixed(2)}×`;

console.log(`medians of ${RUNS} runs, ${ROWS} rows (${(bytes.length / 1e6).toFixed(1)} MB of JSONEachRow)`);
for (const name of samples.keys()) {
  const { wallMs, cpuS } = m(name);
  console.log(
    `${name.padEnd(52)} ${wallMs.toFixed(0).padStart(7)} ms wall ${cpuS.toFixed(2).padStart(6)} s CPU`,
  );
}
for (const t of targets) {
  console.log(
    `${t.name}: insert (one body) vs in-process ${ratio(`insert 1M rows: one body → ${t.name}`, 'insert 1M rows: the bytes in-process', 'wallMs')} wall; ` +
      `insert (client objects) vs in-process ${ratio(`insert 1M rows: client objects → ${t.name}`, 'insert 1M rows: the bytes in-process', 'cpuS')} CPU; ` +
      `select vs in-process ${ratio(`select 1M rows: ${t.name} → client stream`, 'select 1M rows: in-process', 'wallMs')} wall; ` +
      `10 sleeps vs 1 ${ratio(`10 × SELECT sleep(0.5) at once: ${t.name}`, `1 × SELECT sleep(0.5): ${t.name}`, 'wallMs')}; ` +
      `10 aggregations vs 1 ${ratio(`10 × aggregation over 1M rows at once: ${t.name}`, `1 × aggregation over 1M rows: ${t.name}`, 'wallMs')}`,
  );
}

native.CloseConnection(local);
rmSync(localDir, { recursive: true, force: true });
for (const t of targets) await t.stop();
