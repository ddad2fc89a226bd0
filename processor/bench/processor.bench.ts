/*
 * Processor throughput and latency on this machine.
 *
 *   pnpm --filter @godonu/processor bench
 *   BENCH_ROUNDS=3 BENCH_EVENTS=100000 BENCH_LATENCY_S=20 BENCH_RATE_SHARE=0.5 pnpm --filter @godonu/processor bench
 *
 * Per round, on fresh topics (6 partitions, as in production) and a fresh database:
 * 1. throughput: BENCH_EVENTS records are written to Kafka first, then the processor (production settings) is
 *    started and timed until every offset is committed, i.e. every row is in ClickHouse with its roll-ups.
 * 2. latency: on another fresh topic, records are written at BENCH_RATE_SHARE of that round's throughput for
 *    BENCH_LATENCY_S seconds while the processor runs; each event's latency is from the moment it was handed to
 *    Kafka (its receipt time) to the moment the insert holding it returned (a synchronous insert: from then on it
 *    is queryable, roll-ups included).
 * ClickHouse is a private chDB server on port 19125 (so other users of the shared one are not disturbed) unless
 * CLICKHOUSE_URL is set; Kafka is KAFKA_BROKERS (default 127.0.0.1:9092). Medians over rounds are printed.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type CollectedEvent, parseSitesConfig, recordKey } from '@godonu/contract';
import { clickhouseDown, clickhouseUp, ensureTopics, loadLocalConfig, topicNames } from '@godonu/infra';
import { migrate } from '@godonu/warehouse';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { startProcessor } from '../src/processor.ts';
import { visits } from './traffic.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 20);
const RATE_SHARE = Number(process.env.BENCH_RATE_SHARE ?? 0.5);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const PRODUCE_CHUNK = 2_000;
const SITES = parseSitesConfig(readFileSync(loadConfig({}).GODONU_SITES_FILE, 'utf8'));

const kafka = new Kafka({
  clientId: 'processor-bench',
  brokers: BROKERS.split(','),
  logLevel: logLevel.WARN,
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

function* records(startMs: number, seed: number): Generator<CollectedEvent> {
  for (const visit of visits({ sites: SITES, startMs, seed })) yield* visit;
}

async function fresh(clickhouseUrl: string, label: string) {
  const prefix = `bench_${label}_${Date.now().toString(36)}.`;
  await ensureTopics(BROKERS, prefix);
  const database = `bench_${label}_${Date.now().toString(36)}`;
  await migrate({ url: clickhouseUrl, database, rawRetentionDays: 30 });
  const config = loadConfig({
    KAFKA_BROKERS: BROKERS,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}group`,
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    PROCESSOR_LOG_LEVEL: 'warn',
    // The repository's sites file: demo ingest keys and the demo portal's hosts.
    GODONU_DEMO: '1',
  });
  const topics = topicNames(prefix);
  const cleanup = async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topics.events, topics.deadLetter] }).catch(() => undefined);
    await admin.disconnect();
    await fetch(clickhouseUrl, { method: 'POST', body: `DROP DATABASE IF EXISTS ${database}` });
  };
  return { config, topic: topics.events, group: config.KAFKA_GROUP_ID, cleanup };
}

async function allCommitted(topic: string, group: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return ends.every(
      (e) =>
        e.high === '0' || committed?.partitions.find((p) => p.partition === e.partition)?.offset === e.high,
    );
  } finally {
    await admin.disconnect();
  }
}

async function throughput(
  clickhouseUrl: string,
  round: number,
): Promise<{ eps: number; insertShare: number }> {
  const run = await fresh(clickhouseUrl, `tp${round}`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const gen = records(Date.now() - 3_600_000, round + 1);
  for (let sent = 0; sent < EVENTS; sent += PRODUCE_CHUNK) {
    const chunk: CollectedEvent[] = [];
    for (let i = 0; i < Math.min(PRODUCE_CHUNK, EVENTS - sent); i++)
      chunk.push(gen.next().value as CollectedEvent);
    await producer.send({
      topic: run.topic,
      acks: -1,
      messages: chunk.map((r) => ({ key: recordKey(r), value: JSON.stringify(r) })),
    });
  }
  await producer.disconnect();
  console.log(`  round ${round}: ${EVENTS} records in Kafka; processing`);
  const started = performance.now();
  const processor = await startProcessor({
    config: run.config,
    logger: pino({ level: 'warn' }),
    sites: SITES,
  });
  while (!(await allCommitted(run.topic, run.group))) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - started) / 1000;
  const insertSeconds = (await processor.metrics.insertDuration.get()).values.find((v) =>
    v.metricName?.endsWith('_sum'),
  )?.value;
  await processor.stop();
  await run.cleanup();
  return { eps: EVENTS / seconds, insertShare: (insertSeconds ?? 0) / seconds };
}

async function latency(clickhouseUrl: string, round: number, rate: number) {
  const run = await fresh(clickhouseUrl, `lat${round}`);
  const latencies: number[] = [];
  const processor = await startProcessor({
    config: run.config,
    logger: pino({ level: 'warn' }),
    decorateInsert: (insert) => async (rows, token) => {
      await insert(rows, token);
      const done = Date.now();
      for (const row of rows) latencies.push(done - Date.parse(`${row.ts.replace(' ', 'T')}Z`));
    },
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  // Visits' own spacing is replaced by the send time: each record's receipt time is when it goes to Kafka.
  const gen = records(Date.now(), 1_000 + round);
  const tickMs = 100;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const until = Date.now() + LATENCY_S * 1000;
  let sent = 0;
  while (Date.now() < until) {
    const tickStart = Date.now();
    const batch: CollectedEvent[] = [];
    for (let i = 0; i < perTick; i++)
      batch.push({ ...(gen.next().value as CollectedEvent), receivedAt: tickStart });
    await producer.send({
      topic: run.topic,
      acks: -1,
      messages: batch.map((r) => ({ key: recordKey(r), value: JSON.stringify(r) })),
    });
    sent += batch.length;
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - tickStart))));
  }
  await producer.disconnect();
  while (!(await allCommitted(run.topic, run.group))) await new Promise((r) => setTimeout(r, 200));
  await processor.stop();
  await run.cleanup();
  return { sent, rate: sent / LATENCY_S, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function main() {
  let privateDir: string | undefined;
  let clickhouseUrl = process.env.CLICKHOUSE_URL;
  const local = loadLocalConfig({ CLICKHOUSE_PORT: '19125', GODONU_DATA_DIR: '' });
  if (!clickhouseUrl) {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'godonu-bench-'));
    clickhouseUrl = (await clickhouseUp({ ...local, GODONU_DATA_DIR: privateDir })).url;
  }
  console.log(
    `processor bench: ${ROUNDS} rounds, ${EVENTS} events, latency ${LATENCY_S}s at ${RATE_SHARE} of throughput, ` +
      `ClickHouse ${clickhouseUrl}, Kafka ${BROKERS}, ${os.cpus().length} cores`,
  );
  const results: { eps: number; insertShare: number; rate: number; p50: number; p99: number }[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const { eps, insertShare } = await throughput(clickhouseUrl, round);
      const lat = await latency(clickhouseUrl, round, eps * RATE_SHARE);
      results.push({ eps, insertShare, rate: lat.rate, p50: lat.p50, p99: lat.p99 });
      console.log(
        `round ${round}: ${eps.toFixed(0)} events/s sustained (inserts in flight ${(insertShare * 100).toFixed(0)}% ` +
          `of the time); at ${lat.rate.toFixed(0)} events/s ` +
          `(${lat.sent} events) latency p50 ${lat.p50} ms, p99 ${lat.p99} ms`,
      );
    }
  } finally {
    if (privateDir) {
      await clickhouseDown({ ...local, GODONU_DATA_DIR: privateDir });
      await rm(privateDir, { recursive: true, force: true });
    }
  }
  console.log(
    `median of ${ROUNDS}: ${median(results.map((r) => r.eps)).toFixed(0)} events/s; at ` +
      `${median(results.map((r) => r.rate)).toFixed(0)} events/s latency p50 ${median(results.map((r) => r.p50))} ms, ` +
      `p99 ${median(results.map((r) => r.p99))} ms`,
  );
}

await main();
