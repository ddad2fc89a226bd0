import { setTimeout as sleep } from 'node:timers/promises';
import { TOPICS } from '@godonu/contract';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import type { LocalConfig } from './local.config.ts';

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

/**
 * The collectors' quality counts wait for the processor like events do: the same 7 days, in daily segments. A
 * tally is a few bytes per site, hour and reason, so one partition carries them all.
 */
export const QUALITY_TOPIC_CONFIG = EVENTS_TOPIC_CONFIG;

export function topicNames(prefix = ''): {
  events: string;
  deadLetter: string;
  salts: string;
  quality: string;
} {
  return {
    events: `${prefix}${TOPICS.events}`,
    deadLetter: `${prefix}${TOPICS.deadLetter}`,
    salts: `${prefix}${TOPICS.salts}`,
    quality: `${prefix}${TOPICS.quality}`,
  };
}

const LEADERS_DEADLINE_MS = 30_000;

/**
 * Until every partition of `topics` has a leader. On a cluster a broker learns of a new topic moments after the
 * controller created it and answers "does not host this topic-partition" until then, which kafkajs's own
 * waitForLeaders does not retry.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_DEADLINE_MS;
  for (;;) {
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics });
      if (described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`Kafka topics ${topics.join(', ')} have no leaders after 30 s`);
    await sleep(200);
  }
}

/** How many copies of each record a topic keeps, and how many must have it before a write is acknowledged. */
export interface TopicDurability {
  replicationFactor: number;
  minInsyncReplicas: number;
}

export const SINGLE_BROKER: TopicDurability = { replicationFactor: 1, minInsyncReplicas: 1 };

/** `KAFKA_REPLICATION_FACTOR` / `KAFKA_MIN_INSYNC_REPLICAS`, which default from `KAFKA_BROKERS_COUNT`. */
export function topicDurabilityOf(cfg: LocalConfig): TopicDurability {
  return {
    replicationFactor: cfg.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: cfg.KAFKA_MIN_INSYNC_REPLICAS,
  };
}

/**
 * Creates the pipeline's topics if missing (auto-creation is off), each with its configuration. Returns the names
 * it created; an existing topic keeps the configuration it has (see the collector README for changing it).
 */
export async function ensureTopics(
  brokers: string,
  prefix = '',
  durability: TopicDurability = SINGLE_BROKER,
): Promise<string[]> {
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
        configEntries: EVENTS_TOPIC_CONFIG,
      },
      {
        topic: names.deadLetter,
        numPartitions: 1,
        configEntries: DEAD_LETTER_TOPIC_CONFIG,
      },
      { topic: names.salts, numPartitions: 1, configEntries: SALT_TOPIC_CONFIG },
      { topic: names.quality, numPartitions: 1, configEntries: QUALITY_TOPIC_CONFIG },
    ]
      .filter((t) => !existing.has(t.topic))
      .map((t) => ({
        ...t,
        replicationFactor: durability.replicationFactor,
        configEntries: [
          ...t.configEntries,
          { name: 'min.insync.replicas', value: String(durability.minInsyncReplicas) },
        ],
      }));
    if (wanted.length > 0) {
      await admin.createTopics({ topics: wanted, waitForLeaders: false });
      await waitForLeaders(
        admin,
        wanted.map((t) => t.topic),
      );
    }
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
