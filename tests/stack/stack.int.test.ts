/*
 * Proves the stack is real: a Kafka broker that kafkajs produces to (idempotently), a consumer group that consumes
 * and commits explicit offsets, and a ClickHouse that stores those records in MergeTree and reads them back with
 * server-bound query parameters.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopics, testDatabase, testKafka, uniqueName } from '../support/infra.ts';
import { brokerApiVersions } from '../support/kafka-api-versions.ts';

// The API keys kafkajs 2.2.4 uses and the highest version it speaks of each (from its protocol/requests).
const KAFKAJS_APIS: Record<string, [key: number, maxVersion: number]> = {
  Produce: [0, 7],
  Fetch: [1, 11],
  ListOffsets: [2, 3],
  Metadata: [3, 6],
  OffsetCommit: [8, 5],
  OffsetFetch: [9, 4],
  FindCoordinator: [10, 2],
  JoinGroup: [11, 5],
  Heartbeat: [12, 3],
  SyncGroup: [14, 3],
  InitProducerId: [22, 1],
  CreateTopics: [19, 3],
};

describe('the real stack', () => {
  let kafka: Kafka;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseClient;

  beforeAll(async () => {
    kafka = testKafka();
    db = await testDatabase('stack');
    ch = db.client;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is a Kafka broker that speaks every API kafkajs needs', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    const versions = await brokerApiVersions(inject('kafkaBrokers').split(',')[0] as string);
    console.log(
      `Kafka cluster ${cluster.clusterId}, brokers ${cluster.brokers.length}, ${versions.size} APIs`,
    );
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const [name, [key, kafkajsMax]] of Object.entries(KAFKAJS_APIS)) {
      const range = versions.get(key);
      expect(range, name).toBeDefined();
      const [min, max] = range as [number, number];
      console.log(`  ${name}: broker ${min}..${max}, kafkajs up to ${kafkajsMax}`);
      expect(min, `${name} min`).toBeLessThanOrEqual(kafkajsMax);
    }
  });

  it('is a current ClickHouse', async () => {
    const rs = await ch.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
    const [{ v }] = (await rs.json()) as [{ v: string }];
    console.log(`ClickHouse ${v}`);
    expect(Number(v.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('moves records from an idempotent producer through a committing consumer group into MergeTree', async () => {
    const topic = uniqueName('stack');
    const group = uniqueName('stack-group');
    const admin = kafka.admin();
    await admin.connect();
    await createTopics(admin, [topic]);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = [
      { city: 'giessen', service: '99108012017000', views: 3 },
      { city: 'fulda', service: '99108012017000', views: 5 },
      { city: "o'; DROP TABLE visits; --", service: '99013001000000', views: 7 },
    ];
    await producer.send({
      topic,
      acks: -1,
      messages: sent.map((m) => ({ key: m.city, value: JSON.stringify(m) })),
    });
    await producer.disconnect();

    await ch.command({
      query:
        'CREATE TABLE visits (city String, service FixedString(14), views UInt32, kafka_offset UInt64) ENGINE = MergeTree ORDER BY (city, service)',
    });

    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const stored = new Promise<void>((resolve, reject) => {
      void consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          try {
            const rows = batch.messages.map((m) => ({
              ...JSON.parse(String(m.value)),
              kafka_offset: m.offset,
            }));
            await ch.insert({ table: 'visits', values: rows, format: 'JSONEachRow' });
            const last = batch.messages.at(-1);
            if (!last) return;
            // Commit only after ClickHouse has the rows: the next offset to read, as a string.
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: String(Number(last.offset) + 1) },
            ]);
            resolveOffset(last.offset);
            await heartbeat();
            if (Number(last.offset) + 1 >= sent.length) resolve();
          } catch (err) {
            reject(err);
          }
        },
      });
    });
    await stored;
    await consumer.disconnect();

    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed?.partitions).toEqual([{ partition: 0, offset: '3', metadata: null }]);
    await admin.disconnect();

    const rs = await ch.query({
      query:
        'SELECT city, views, kafka_offset FROM visits WHERE service = {service:FixedString(14)} OR city = {city:String} ORDER BY kafka_offset',
      query_params: { service: '99108012017000', city: "o'; DROP TABLE visits; --" },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { city: 'giessen', views: 3, kafka_offset: 0 },
      { city: 'fulda', views: 5, kafka_offset: 1 },
      { city: "o'; DROP TABLE visits; --", views: 7, kafka_offset: 2 },
    ]);
  });
});
