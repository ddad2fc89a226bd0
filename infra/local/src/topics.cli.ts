/**
 * `npm run kafka:topics` — creates the pipeline's Kafka topics on KAFKA_BROKERS (default: the local broker or
 * cluster), with KAFKA_REPLICATION_FACTOR copies and KAFKA_MIN_INSYNC_REPLICAS (local.config.ts).
 */
import { kafkaBrokers } from './kafka.service.ts';
import { ensureTopics, topicDurabilityOf } from './kafka-topics.ts';
import { loadLocalConfig } from './local.config.ts';

const cfg = loadLocalConfig();
const brokers = process.env.KAFKA_BROKERS ?? kafkaBrokers(cfg);
const created = await ensureTopics(brokers, process.env.KAFKA_TOPIC_PREFIX ?? '', topicDurabilityOf(cfg));
console.log(
  created.length > 0
    ? `created topics: ${created.join(', ')} (${cfg.KAFKA_REPLICATION_FACTOR} replicas, min.insync.replicas ${cfg.KAFKA_MIN_INSYNC_REPLICAS})`
    : 'topics already exist',
);
