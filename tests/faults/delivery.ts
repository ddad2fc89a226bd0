/*
 * Where the events are: how far the processor's consumer group is behind the events topic, and which event ids
 * ClickHouse holds how often, compared with the ids the collector acknowledged.
 */
import { Kafka, logLevel } from 'kafkajs';
import { expect } from 'vitest';
import type { Pipeline } from '../support/pipeline.ts';

export interface KafkaProgress {
  /** Records in the events topic (sum of the partitions' high watermarks). */
  records: number;
  /** Records behind the processor's committed offsets. */
  lag: number;
  /** Committed offset per partition (-1: nothing committed yet). */
  committed: Record<number, number>;
}

export async function kafkaProgress(pipeline: Pipeline): Promise<KafkaProgress> {
  const admin = new Kafka({
    clientId: 'faults-progress',
    brokers: pipeline.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
  }).admin();
  await admin.connect();
  try {
    const topic = pipeline.topics.events;
    const ends = await admin.fetchTopicOffsets(topic);
    const [offsets] = await admin.fetchOffsets({
      groupId: `${pipeline.topicPrefix}processor`,
      topics: [topic],
    });
    const committed: Record<number, number> = {};
    let records = 0;
    let lag = 0;
    for (const end of ends) {
      const high = Number(end.high);
      const done = Number(offsets?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      committed[end.partition] = done;
      records += high;
      lag += high - Math.max(done, Number(end.low));
    }
    return { records, lag, committed };
  } finally {
    await admin.disconnect();
  }
}

/** Records in a topic of the pipeline (e.g. the dead-letter topic). */
export async function topicRecords(pipeline: Pipeline, topic: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'faults-topic',
    brokers: pipeline.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.reduce((sum, e) => sum + Number(e.high) - Number(e.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Rows in the pipeline's raw `events` table. */
export async function storedRows(pipeline: Pipeline): Promise<number> {
  const rs = await pipeline.clickhouse.query({
    query: 'SELECT toUInt32(count()) AS n FROM events',
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ n: number }>();
  return row?.n ?? 0;
}

/** Rows stored at or beyond the committed offset of their partition: inserted, not yet committed. */
export async function uncommittedRows(
  pipeline: Pipeline,
  committed: Record<number, number>,
): Promise<number> {
  const partitions = Object.keys(committed).map(Number);
  const from = Array.from({ length: Math.max(...partitions) + 1 }, (_, p) => Math.max(0, committed[p] ?? 0));
  const rs = await pipeline.clickhouse.query({
    query: `SELECT toUInt32(count()) AS n FROM events
            WHERE kafka_offset >= arrayElement({from:Array(UInt64)}, kafka_partition + 1)`,
    query_params: { from },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ n: number }>();
  return row?.n ?? 0;
}

export interface Delivery {
  acknowledged: number;
  /** Rows in `events` and distinct event ids among them. */
  rows: number;
  distinct: number;
  /** Acknowledged ids that are not stored. */
  missing: string[];
  /** Ids stored more than once. */
  duplicates: { id: string; n: number }[];
  /** Stored ids that were never acknowledged (a batch answered 503 whose retry was abandoned). */
  unacknowledged: string[];
}

export async function delivery(pipeline: Pipeline, acknowledged: ReadonlySet<string>): Promise<Delivery> {
  const rs = await pipeline.clickhouse.query({
    query: 'SELECT event_id AS id, toUInt32(count()) AS n FROM events GROUP BY event_id',
    format: 'JSONEachRow',
  });
  const stored = new Map((await rs.json<{ id: string; n: number }>()).map((r) => [r.id, r.n]));
  let rows = 0;
  for (const n of stored.values()) rows += n;
  return {
    acknowledged: acknowledged.size,
    rows,
    distinct: stored.size,
    missing: [...acknowledged].filter((id) => !stored.has(id)),
    duplicates: [...stored].filter(([, n]) => n > 1).map(([id, n]) => ({ id, n })),
    unacknowledged: [...stored.keys()].filter((id) => !acknowledged.has(id)),
  };
}

/**
 * Resolves once the processor has committed every record of the events topic (so nothing more will be
 * inserted) and ClickHouse holds at least `expected` distinct events; returns the milliseconds it took.
 */
export async function waitUntilCaughtUp(
  pipeline: Pipeline,
  expected: number,
  deadlineMs: number,
): Promise<number> {
  const started = Date.now();
  const deadline = started + deadlineMs;
  for (;;) {
    const progress = await kafkaProgress(pipeline).catch(() => undefined);
    if (progress?.lag === 0) {
      const rs = await pipeline.clickhouse.query({
        query: 'SELECT toUInt32(uniqExact(event_id)) AS n FROM events',
        format: 'JSONEachRow',
      });
      const [row] = await rs.json<{ n: number }>();
      if ((row?.n ?? 0) >= expected) return Date.now() - started;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the processor did not catch up within ${deadlineMs} ms (${JSON.stringify(progress)}):\n` +
          pipeline.services.processor.logTail(),
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One line per test for the log: what was sent, answered, stored. */
export function summary(
  name: string,
  t: {
    eventsSent: number;
    requests: number;
    accepted: number;
    unavailable: number;
    refused: number;
    reset: number;
  },
  d: Delivery,
  extra: string,
): string {
  return (
    `[faults] ${name}: ${t.eventsSent} events sent in ${t.requests} requests; ` +
    `202: ${t.accepted}, 503: ${t.unavailable}, refused: ${t.refused}, reset: ${t.reset}; ` +
    `acknowledged ${d.acknowledged}, in ClickHouse ${d.distinct} (${d.rows} rows), ` +
    `missing ${d.missing.length}, duplicates ${d.duplicates.length}; ${extra}`
  );
}

/**
 * The promise every fault test checks: every event sent was answered 202 in the end, each is in ClickHouse exactly
 * once, none is there that was not acknowledged, and nothing went to the dead-letter topic.
 */
export async function expectStoredExactlyOnce(
  pipeline: Pipeline,
  load: { eventsSent: number; acknowledged: ReadonlySet<string> },
  d: Delivery,
): Promise<void> {
  expect(load.acknowledged.size).toBe(load.eventsSent);
  expect(d.missing).toEqual([]);
  expect(d.duplicates).toEqual([]);
  expect(d.unacknowledged).toEqual([]);
  expect([d.rows, d.distinct]).toEqual([load.eventsSent, load.eventsSent]);
  expect(await topicRecords(pipeline, pipeline.topics.deadLetter)).toBe(0);
}
