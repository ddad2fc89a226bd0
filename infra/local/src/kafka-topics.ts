import { TOPICS } from '@godonu/contract';
import { Kafka, logLevel } from 'kafkajs';

/** Partitions of the events topic: the processor's parallelism ceiling; keyed by visitor so sessions stay ordered. */
export const EVENTS_PARTITIONS = 6;

const DAY_MS = 86_400_000;

/**
 * Raw events wait here only until the processor stored them: 7 days cover a processor outage over a long holiday
 * weekend plus a rewind of the consumer group to replay, while the warehouse keeps the raw rows (30 days by
 * default, RAW_RETENTION_DAYS) and the roll-ups. Daily segments: retention deletes whole closed segments, so a
 * record is gone 7–8 days after it was written (with the broker's default week-long segments, up to 14).
 */
export const EVENTS_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'delete' },
  { name: 'retention.ms', value: String(7 * DAY_MS) },
  { name: 'segment.ms', value: String(DAY_MS) },
];

/**
 * Dead letters wait for someone to fix their cause and replay them. 30 days, the warehouse's raw retention: a
 * record replayed later would belong to report days whose raw rows are already gone.
 */
export const DEAD_LETTER_TOPIC_CONFIG = [
  { name: 'cleanup.policy', value: 'delete' },
  { name: 'retention.ms', value: String(30 * DAY_MS) },
  { name: 'segment.ms', value: String(DAY_MS) },
];

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

/**
 * Creates the pipeline's topics if missing (auto-creation is off), each with its configuration. Returns the names
 * it created; an existing topic keeps the configuration it has (see the collector README for changing it).
 */
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
      {
        topic: names.events,
        numPartitions: EVENTS_PARTITIONS,
        replicationFactor: -1,
        configEntries: EVENTS_TOPIC_CONFIG,
      },
      {
        topic: names.deadLetter,
        numPartitions: 1,
        replicationFactor: -1,
        configEntries: DEAD_LETTER_TOPIC_CONFIG,
      },
      { topic: names.salts, numPartitions: 1, replicationFactor: -1, configEntries: SALT_TOPIC_CONFIG },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
