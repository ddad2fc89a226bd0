import { TOPICS } from '@godonu/contract';
import { Kafka, logLevel } from 'kafkajs';

/** Partitions of the events topic: the processor's parallelism ceiling; keyed by visitor so sessions stay ordered. */
export const EVENTS_PARTITIONS = 6;

/**
 * The collectors' salt log: one partition (a total order to agree on), deleted by broker time after 36 h in
 * hourly segments, so that no salt outlives 48 hours; the collector refuses to start if this drifts.
 */
export const SALT_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'delete' },
  { name: 'retention.ms', value: String(36 * 3_600_000) },
  { name: 'segment.ms', value: String(3_600_000) },
  { name: 'message.timestamp.type', value: 'LogAppendTime' },
];

export function topicNames(prefix = ''): { events: string; deadLetter: string; salts: string } {
  return {
    events: `${prefix}${TOPICS.events}`,
    deadLetter: `${prefix}${TOPICS.deadLetter}`,
    salts: `${prefix}${TOPICS.salts}`,
  };
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
      { topic: names.salts, numPartitions: 1, replicationFactor: -1, configEntries: SALT_TOPIC_CONFIG },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
