/*
 * Collector throughput against its physical ceiling on this machine: requests/s of the real collector
 * (server.ts as a separate process, real Kafka with acks=all) beside a bare node:http server that parses JSON
 * and answers 202, for single-event and 20-event batches, alternating in the same run; medians of the rounds.
 *
 *   pnpm --filter @godonu/collector bench            (Kafka: KAFKA_BROKERS, default 127.0.0.1:9092)
 *   BENCH_ROUNDS=5 BENCH_DURATION_S=10 BENCH_CONNECTIONS=64 pnpm --filter @godonu/collector bench
 *
 * Topics get a unique prefix and are deleted afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTopics, topicNames } from '@godonu/infra';
import autocannon from 'autocannon';
import { Kafka, logLevel } from 'kafkajs';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
/** A directory here makes the collector write V8 CPU profiles (one per thread) there when it exits. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** `bare`, `collector` or both (default): profiling runs need only the collector. */
const TARGETS = (process.env.BENCH_TARGETS ?? 'bare,collector').split(',') as ('bare' | 'collector')[];
/** Events per request, one measurement each. */
const BATCHES = (process.env.BENCH_BATCHES ?? '1,20').split(',').map(Number);
/** Distinct client addresses (via X-Forwarded-For) so that records spread over partitions as real traffic does. */
const CLIENTS = 32;
/** USER_HZ of /proc/<pid>/stat, 100 on every Linux build this runs on. */
const CLOCK_TICKS_PER_S = 100;
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

async function waitFor(url: string, status: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.status === status) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status}`);
}

function body(events: number): string {
  const now = Date.now();
  return JSON.stringify({
    v: 1,
    site: 'giessen',
    sentAt: now,
    events: Array.from({ length: events }, (_, i) => ({
      type: 'pageview',
      id: `bench-${randomBytes(6).toString('hex')}-${i}`,
      ts: now,
      url: `https://www.giessen.de/buergerservice/hundesteuer/schritt-${i}`,
      ref: 'https://www.google.com/search?q=hundesteuer',
      service: '99036010000000',
    })),
  });
}

async function measure(
  url: string,
  events: number,
): Promise<{ rps: number; p50: number; p99: number; bad: number }> {
  const payload = body(events);
  const result = await autocannon({
    url: `${url}/v1/events`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: Array.from({ length: CLIENTS }, (_, i) => ({
      method: 'POST' as const,
      body: payload,
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        origin: 'https://www.giessen.de',
        'user-agent': UA,
        'x-forwarded-for': `198.51.100.${i + 1}`,
      },
    })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

/** Totals of the group-commit metrics, to report how many events one write carried and how long its ack took. */
async function writeTotals(url: string): Promise<{ writes: number; events: number; seconds: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    writes: value('godonu_collector_produce_batch_events_count'),
    events: value('godonu_collector_produce_batch_events_sum'),
    seconds: value('godonu_collector_produce_duration_seconds_sum'),
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux only): `/proc/<pid>/stat` or a thread's. */
function cpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/** CPU seconds so far of the whole process and of each of its threads (the main thread's id is the pid). */
function cpuSnapshot(pid: number | undefined): { total: number; threads: Map<string, number> } {
  const threads = new Map<string, number>();
  try {
    const total = cpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        threads.set(tid, cpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
      } catch {
        // The thread ended between listing and reading.
      }
    }
    return { total, threads };
  } catch {
    return { total: Number.NaN, threads };
  }
}

/**
 * CPU µs per request: the whole process, its main (request) thread, and its busiest other thread (in the collector
 * the Kafka producer thread); the rest is V8's and libuv's helper threads (GC, crypto).
 */
function cpuPerRequest(
  pid: number | undefined,
  before: ReturnType<typeof cpuSnapshot>,
  requests: number,
): string {
  const after = cpuSnapshot(pid);
  const us = (seconds: number) => ((seconds * 1e6) / requests).toFixed(0);
  const deltas = [...after.threads].map(([tid, s]) => ({ tid, s: s - (before.threads.get(tid) ?? 0) }));
  const main = deltas.find((d) => d.tid === String(pid))?.s ?? Number.NaN;
  const busiest = Math.max(0, ...deltas.filter((d) => d.tid !== String(pid)).map((d) => d.s));
  return `${us(after.total - before.total)} µs CPU/req (main ${us(main)}, busiest other thread ${us(busiest)})`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const prefix = `bench${Date.now().toString(36)}.`;
await ensureTopics(BROKERS, prefix);
const [barePort, collectorPort] = [await freePort(), await freePort()];
const bare = start('collector/bench/bare-http.server.ts', [String(barePort)]);
const collector = start(
  'collector/src/server.ts',
  [],
  {
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    COLLECTOR_PORT: String(collectorPort),
    COLLECTOR_TRUST_PROXY: '127.0.0.1',
    // The repository's sites file: demo ingest keys.
    GODONU_DEMO: '1',
    COLLECTOR_LOG_LEVEL: 'warn',
    COLLECTOR_RATE_LIMIT_CLIENT_MAX: '1000000000',
    COLLECTOR_RATE_LIMIT_SITE_MAX: '1000000000',
    COLLECTOR_SDK_FILE: path.join(REPO_ROOT, 'collector/src/sdk/fixtures/sdk.fixture.js'),
  },
  PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
);
const targets = { bare: `http://127.0.0.1:${barePort}`, collector: `http://127.0.0.1:${collectorPort}` };

try {
  await new Promise<void>((resolve) => bare.once('message', () => resolve()));
  await waitFor(`${targets.collector}/readyz`, 200);
  console.log(
    `${os.cpus().length} cores, ${os.cpus()[0]?.model}; ${ROUNDS} rounds × ${DURATION_S} s, ${CONNECTIONS} connections`,
  );
  const results: Record<string, { rps: number[]; p50: number[]; p99: number[] }> = {};
  for (let round = 1; round <= ROUNDS; round++) {
    for (const events of BATCHES) {
      for (const target of TARGETS) {
        const before = target === 'collector' ? await writeTotals(targets.collector) : undefined;
        const server = target === 'collector' ? collector : bare;
        const cpuBefore = cpuSnapshot(server.pid);
        const r = await measure(targets[target], events);
        const cpu = cpuPerRequest(server.pid, cpuBefore, r.rps * DURATION_S);
        let writes = '';
        if (before) {
          const after = await writeTotals(targets.collector);
          const n = after.writes - before.writes;
          writes = `  ${(n / DURATION_S).toFixed(0)} writes/s, ${((after.events - before.events) / n).toFixed(1)} events/write, ack ${((1000 * (after.seconds - before.seconds)) / n).toFixed(1)} ms`;
        }
        if (r.bad > 0) throw new Error(`${target}, ${events} events: ${r.bad} failed requests`);
        const key = `${target}:${events}`;
        results[key] ??= { rps: [], p50: [], p99: [] };
        results[key].rps.push(r.rps);
        results[key].p50.push(r.p50);
        results[key].p99.push(r.p99);
        console.log(
          `round ${round}: ${key.padEnd(13)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${cpu}${writes}`,
        );
      }
    }
  }
  console.log(
    '\n| batch | bare node:http req/s | collector req/s | ratio | collector events/s | collector p50 / p99 ms |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const events of BATCHES) {
    const b = results[`bare:${events}`];
    const c = results[`collector:${events}`];
    if (!b || !c) continue;
    const ratio = median(c.rps) / median(b.rps);
    console.log(
      `| ${events} event${events > 1 ? 's' : ''} | ${median(b.rps).toFixed(0)} | ${median(c.rps).toFixed(0)} | ${ratio.toFixed(2)}× | ${(median(c.rps) * events).toFixed(0)} | ${median(c.p50)} / ${median(c.p99)} |`,
    );
  }
} finally {
  bare.kill('SIGTERM');
  collector.kill('SIGTERM');
  await new Promise((r) => collector.once('exit', r));
  const admin = new Kafka({
    clientId: 'bench-cleanup',
    brokers: [BROKERS],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(topicNames(prefix)) });
  await admin.disconnect();
}
