import { TOPICS } from '@godonu/contract';
import { Kafka, logLevel } from 'kafkajs';

/** Partitions of the events topic: the processor's parallelism ceiling; keyed by visitor so sessions stay ordered. */
export const EVENTS_PARTITIONS = 6;

export function topicNames(prefix = ''): { events: string; deadLetter: string } {
  return { events: `${prefix}${TOPICS.events}`, deadLetter: `${prefix}${TOPICS.deadLetter}` };
}

/** Creates the pipeline's topics if missing (auto-creation is off). Returns the names it created. */
export async function ensureTopics(brokers: string, prefix = ''): Promise<string[]> {
  const names = topicNames(prefix);
  const admin = new Kafka({
    clientId: 'godonu-topics',
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: names.events, numPartitions: EVENTS_PARTITIONS, replicationFactor: -1 },
      { topic: names.deadLetter, numPartitions: 1, replicationFactor: -1 },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
