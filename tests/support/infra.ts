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
    topics: topics.map((topic) => ({
      topic,
      numPartitions,
      replicationFactor: 1,
      // Fixtures carry the record times of their story (March 2025). Under the broker's 7 days the retention check,
      // every 5 minutes, deleted them at a moment no test chose: CI saw a rewound group find its partitions empty.
      configEntries: [{ name: 'retention.ms', value: '-1' }],
    })),
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
