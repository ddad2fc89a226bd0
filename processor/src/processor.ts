import { readFile } from 'node:fs/promises';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import {
  assertNoDemoEntries,
  parseSitesConfig,
  type SitesConfig,
  TOPICS,
  verifyTopicDurability,
  verifyTopicsExist,
} from '@godonu/contract';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { createBatchHandler } from './consume/batch-handler.ts';
import { Health } from './consume/health.ts';
import { kafkaLogCreator } from './consume/kafka-logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createQualityHandler } from './quality/quality-tally.handler.ts';
import { checkReportTimeZone, checkSchema } from './schema-check.ts';
import { recoverSessions } from './session/recover-sessions.query.ts';
import { kafkaDeadLetters } from './sink/dead-letter.ts';
import { clickhouseInsert, type InsertBlock } from './sink/events.sink.ts';
import { clickhouseQualityInsert } from './sink/quality.sink.ts';
import { clickhouseStoredRows } from './sink/stored-rows.query.ts';
import { createPipeline } from './steps/pipeline.ts';
import { reportDayOf } from './steps/report-day.step.ts';

/** First delay after a failed insert or dead-letter write; it doubles up to PROCESSOR_RETRY_MAX_MS. */
const RETRY_INITIAL_MS = 250;
/** Upper bound of one ClickHouse request, inserts included. */
const CLICKHOUSE_REQUEST_TIMEOUT_MS = 60_000;
/**
 * How long the coordinator waits for this member to rejoin in a rebalance. kafkajs rejoins only after the running
 * batches returned, so this must exceed the longest insert: a partition moves only once its last insert settled.
 */
const REBALANCE_TIMEOUT_MS = CLICKHOUSE_REQUEST_TIMEOUT_MS + 30_000;

const heartbeatInterval = (config: Config) => Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 10);

export interface ProcessorOptions {
  config: Config;
  logger: Logger;
  /** Defaults to the file named by GODONU_SITES_FILE. */
  sites?: SitesConfig;
  /** Wraps the ClickHouse insert: the crash test and the latency benchmark observe stored blocks with it. */
  decorateInsert?: (insert: InsertBlock) => InsertBlock;
}

export interface Processor {
  metrics: Metrics;
  health: Health;
  /** Graceful: the batch in hand finishes its block or is abandoned uncommitted, then everything closes. */
  stop(): Promise<void>;
}

interface Closable {
  consumer: { disconnect(): Promise<void> };
  producer: { disconnect(): Promise<void> };
  clickhouse: { close(): Promise<void> };
}

/**
 * Shutdown order: the consumer first (it stops fetching, lets the current batch commit what is stored and leaves
 * the group), then the dead-letter producer the batch may still have used, then ClickHouse.
 */
export function shutdownInOrder(parts: Closable, log: Logger): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= (async () => {
      log.info('stopping: consumer');
      await parts.consumer.disconnect();
      log.info('stopping: dead-letter producer');
      await parts.producer.disconnect();
      log.info('stopping: ClickHouse client');
      await parts.clickhouse.close();
      log.info('stopped');
    })();
    return done;
  };
}

/** Topics are created by `kafka:topics`, never here: missing or weakly replicated ones stop the start. */
async function checkTopics(kafka: Kafka, topics: string[], config: Config): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await verifyTopicsExist(admin, topics);
    await verifyTopicDurability(admin, topics, {
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function startProcessor(options: ProcessorOptions): Promise<Processor> {
  const { config, logger } = options;
  const log = logger.child({ component: 'processor' });
  const sites = options.sites ?? parseSitesConfig(await readFile(config.GODONU_SITES_FILE, 'utf8'));
  // The processor reads only city keys, portal hosts and service rules, but one sites file serves every service: a
  // file with demo entries is the demo's, and no service runs on it in production.
  if (config.GODONU_DEMO)
    log.warn('demo mode (GODONU_DEMO=1): demo ingest keys and loopback hosts are accepted');
  else assertNoDemoEntries(sites, options.sites ? 'the sites configuration' : config.GODONU_SITES_FILE);
  const topic = `${config.KAFKA_TOPIC_PREFIX}${TOPICS.events}`;
  const deadLetterTopic = `${config.KAFKA_TOPIC_PREFIX}${TOPICS.deadLetter}`;
  const qualityTopic = `${config.KAFKA_TOPIC_PREFIX}${TOPICS.quality}`;
  const metrics = createMetrics();
  const health = new Health();

  const clickhouse = createClient({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    request_timeout: CLICKHOUSE_REQUEST_TIMEOUT_MS,
    max_open_connections: config.PROCESSOR_PARTITIONS_CONCURRENTLY + 2,
    // Failures are logged by the batch handler, through pino, with context; the client would print them again.
    log: { level: ClickHouseLogLevel.OFF },
  });
  const kafka = new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
  try {
    await checkSchema(clickhouse, config.CLICKHOUSE_DATABASE, config.RAW_RETENTION_DAYS, log);
    await checkReportTimeZone(clickhouse, config.REPORT_TIME_ZONE, log);
    // A dead letter is the only copy of a record the processor could not store: both topics must keep what the
    // deployment promises (the collector checks the same of the events topic).
    // The collectors' quality tallies are counts, not events, but an operator relies on them as much.
    await checkTopics(kafka, [topic, deadLetterTopic, qualityTopic], config);
  } catch (err) {
    await clickhouse.close();
    throw err;
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const baseInsert = clickhouseInsert(clickhouse);
  const insertQuality = clickhouseQualityInsert(clickhouse);
  const retry = { initialMs: RETRY_INITIAL_MS, maxMs: config.PROCESSOR_RETRY_MAX_MS };
  const handler = createBatchHandler({
    topic,
    pipeline: createPipeline(sites, config.REPORT_TIME_ZONE),
    insert: options.decorateInsert ? options.decorateInsert(baseInsert) : baseInsert,
    insertQuality,
    writeDeadLetters: kafkaDeadLetters(producer, deadLetterTopic),
    findStoredRows: clickhouseStoredRows(clickhouse),
    recoverSessions: (r) => recoverSessions(clickhouse, r),
    metrics,
    health,
    logger: log,
    retry,
    maxBlockRows: config.PROCESSOR_MAX_BLOCK_ROWS,
    heartbeatIntervalMs: heartbeatInterval(config),
  });

  const consumer = kafka.consumer({
    groupId: config.KAFKA_GROUP_ID,
    minBytes: config.PROCESSOR_FETCH_MIN_BYTES,
    maxWaitTimeInMs: config.PROCESSOR_FETCH_MAX_WAIT_MS,
    maxBytesPerPartition: config.PROCESSOR_FETCH_MAX_BYTES_PER_PARTITION,
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    rebalanceTimeout: REBALANCE_TIMEOUT_MS,
    // kafkajs sends a heartbeat at most this often, also from within a long batch (the handler calls heartbeat()).
    heartbeatInterval: heartbeatInterval(config),
    allowAutoTopicCreation: false,
  });
  consumer.on(consumer.events.CRASH, (e) => {
    log.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
    health.set('consumer_stopped', !e.payload.restart);
  });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    health.set('consumer_stopped', false);
    log.info({ assignment: e.payload.memberAssignment }, 'joined the consumer group');
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    // kafkajs commits nothing by itself: the handler commits explicit offsets after each stored block.
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: config.PROCESSOR_PARTITIONS_CONCURRENTLY,
    eachBatch: handler,
  });
  // The tallies have a consumer and group of their own: a slow or failing events partition never holds them up.
  const qualityGroup = `${config.KAFKA_GROUP_ID}.quality`;
  const qualityConsumer = kafka.consumer({
    groupId: qualityGroup,
    maxWaitTimeInMs: config.PROCESSOR_FETCH_MAX_WAIT_MS,
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    rebalanceTimeout: REBALANCE_TIMEOUT_MS,
    heartbeatInterval: heartbeatInterval(config),
    allowAutoTopicCreation: false,
  });
  qualityConsumer.on(qualityConsumer.events.CRASH, (e) => {
    log.error({ err: e.payload.error, restart: e.payload.restart }, 'quality consumer crashed');
  });
  await qualityConsumer.connect();
  await qualityConsumer.subscribe({ topics: [qualityTopic], fromBeginning: true });
  await qualityConsumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: createQualityHandler({
      topic: qualityTopic,
      insertQuality,
      dayOf: reportDayOf(config.REPORT_TIME_ZONE),
      metrics,
      logger: log.child({ topic: qualityTopic }),
      retry,
    }),
  });
  log.info({ topic, deadLetterTopic, qualityTopic, group: config.KAFKA_GROUP_ID, qualityGroup }, 'consuming');

  const consumers = {
    disconnect: async () => {
      await Promise.all([consumer.disconnect(), qualityConsumer.disconnect()]);
    },
  };
  return { metrics, health, stop: shutdownInOrder({ consumer: consumers, producer, clickhouse }, log) };
}
