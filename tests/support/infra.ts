/** Per-file isolation on the shared test infrastructure: own topics, own database. */
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { inject } from 'vitest';
import { uniqueName } from './unique-name.ts';

export { uniqueName };

export function testKafka(clientId = uniqueName('test')): Kafka {
  return new Kafka({ clientId, brokers: inject('kafkaBrokers').split(','), logLevel: logLevel.WARN });
}

export async function createTopics(admin: Admin, topics: string[], numPartitions = 1): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
  });
}

/** A client on a fresh database of its own; `drop()` removes it. */
export async function testDatabase(
  prefix = 'test',
): Promise<{ client: ClickHouseClient; database: string; drop: () => Promise<void> }> {
  const url = inject('clickhouseUrl');
  const database = uniqueName(prefix);
  const admin = createClient({ url });
  await admin.command({ query: `CREATE DATABASE ${database}` });
  await admin.close();
  const client = createClient({ url, database });
  return {
    client,
    database,
    drop: async () => {
      await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await client.close();
    },
  };
}
