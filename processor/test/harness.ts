/** Integration-test plumbing: own topics, own database (migrated), a producer, and waiting for commits. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { type CollectedEvent, parseSitesConfig, recordKey, TOPICS } from '@godonu/contract';
import { migrate } from '@godonu/warehouse';
import { type Kafka, Partitioners } from 'kafkajs';
import { createTopics, testKafka, uniqueName } from '../../tests/support/infra.ts';
import { type Config, loadConfig } from '../src/config.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITES = parseSitesConfig(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));

export interface Fixture {
  kafka: Kafka;
  topic: string;
  deadLetterTopic: string;
  qualityTopic: string;
  groupId: string;
  database: string;
  ch: ClickHouseClient;
  /** Processor configuration for this fixture (env-style overrides allowed). */
  config(overrides?: Record<string, string>): Config;
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A raw record's Kafka time is `timestamp` (epoch ms) when given, else the broker's clock. */
  produce(records: (CollectedEvent | { key: string; raw: string; timestamp?: number })[]): Promise<void>;
  /** Resolves when the group has committed every record of the events topic. */
  waitForCommitted(timeoutMs?: number): Promise<void>;
  rows<T>(query: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function createFixture(
  name: string,
  opts: { clickhouseUrl: string; brokers: string; partitions?: number },
): Promise<Fixture> {
  const prefix = `${uniqueName(name)}.`;
  const topic = `${prefix}${TOPICS.events}`;
  const deadLetterTopic = `${prefix}${TOPICS.deadLetter}`;
  const qualityTopic = `${prefix}${TOPICS.quality}`;
  const groupId = uniqueName(`${name}-group`);
  const database = uniqueName(name);
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  await createTopics(admin, [topic], opts.partitions ?? 3);
  await createTopics(admin, [deadLetterTopic, qualityTopic], 1);
  await migrate({ url: opts.clickhouseUrl, database, rawRetentionDays: 3650 });
  const ch = createClient({ url: opts.clickhouseUrl, database });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const env = (overrides: Record<string, string> = {}) => ({
    KAFKA_BROKERS: opts.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: groupId,
    CLICKHOUSE_URL: opts.clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    RAW_RETENTION_DAYS: '3650',
    PROCESSOR_PORT: '0',
    PROCESSOR_LOG_LEVEL: 'silent',
    PROCESSOR_FETCH_MIN_BYTES: '1',
    PROCESSOR_FETCH_MAX_WAIT_MS: '100',
    PROCESSOR_RETRY_MAX_MS: '1000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    // The repository's sites file (`SITES`): demo ingest keys and the demo portal's hosts.
    GODONU_DEMO: '1',
    ...overrides,
  });

  return {
    kafka,
    topic,
    deadLetterTopic,
    qualityTopic,
    groupId,
    database,
    ch,
    env,
    config: (overrides) => loadConfig(env(overrides)),
    async produce(records) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.map((r) =>
          'raw' in r
            ? {
                key: r.key,
                value: r.raw,
                ...(r.timestamp === undefined ? {} : { timestamp: String(r.timestamp) }),
              }
            : { key: recordKey(r), value: JSON.stringify(r), timestamp: String(r.receivedAt) },
        ),
      });
    },
    async waitForCommitted(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const done = ends.every((e) => {
          const c = committed?.partitions.find((p) => p.partition === e.partition)?.offset ?? '-1';
          return e.high === '0' || c === e.high;
        });
        if (done) return;
        if (Date.now() > deadline) {
          throw new Error(
            `records not committed in time: ends ${JSON.stringify(ends)}, committed ${JSON.stringify(committed)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async rows<T>(query: string) {
      const rs = await ch.query({ query, format: 'JSONEachRow' });
      return rs.json<T>();
    },
    async close() {
      await producer.disconnect();
      await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
      await ch.close();
      await admin.deleteTopics({ topics: [topic, deadLetterTopic, qualityTopic] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
