import { clickhouseDown, clickhouseStatus, clickhouseUp } from './clickhouse.service.ts';
import { kafkaDown, kafkaStatus, kafkaUp } from './kafka.service.ts';
import { type LocalConfig, loadLocalConfig } from './local.config.ts';

export { freePort, isPortFree } from './daemon.ts';
export { type LocalConfig, loadLocalConfig, REPO_ROOT } from './local.config.ts';

export interface Infrastructure {
  kafkaBrokers: string;
  kafkaClusterId: string;
  clickhouseUrl: string;
  clickhouseVersion: string;
}

/** Starts (or finds running) the local Kafka broker and ClickHouse server; idempotent. */
export async function infraUp(cfg: LocalConfig = loadLocalConfig()): Promise<Infrastructure> {
  const [kafka, clickhouse] = await Promise.all([kafkaUp(cfg), clickhouseUp(cfg)]);
  return {
    kafkaBrokers: kafka.brokers,
    kafkaClusterId: kafka.clusterId,
    clickhouseUrl: clickhouse.url,
    clickhouseVersion: clickhouse.version,
  };
}

export async function infraDown(cfg: LocalConfig = loadLocalConfig()): Promise<string[]> {
  const [kafka, clickhouse] = await Promise.all([kafkaDown(cfg), clickhouseDown(cfg)]);
  return [
    kafka ? 'Kafka stopped' : 'Kafka was not running',
    clickhouse ? 'ClickHouse stopped' : 'ClickHouse was not running',
  ];
}

export async function infraStatus(cfg: LocalConfig = loadLocalConfig()): Promise<string[]> {
  return Promise.all([kafkaStatus(cfg), clickhouseStatus(cfg)]);
}

/** Single services, for fault-injection tests that need a private broker or server on their own ports. */
export { clickhouseDown, clickhouseUp } from './clickhouse.service.ts';
export { kafkaBrokers, kafkaDown, kafkaNodePid, kafkaUp } from './kafka.service.ts';
export {
  DEAD_LETTER_TOPIC_CONFIG,
  EVENTS_PARTITIONS,
  EVENTS_TOPIC_CONFIG,
  ensureTopics,
  SALT_TOPIC_CONFIG,
  SINGLE_BROKER,
  type TopicDurability,
  topicDurabilityOf,
  topicNames,
} from './kafka-topics.ts';
