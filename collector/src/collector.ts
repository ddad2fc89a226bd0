import {
  runShutdown,
  type ShutdownStep,
  TOPICS,
  verifyTopicDurability,
  verifyTopicsExist,
} from '@godonu/contract';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { CollectorConfig } from './config.ts';
import { openCountryDatabase } from './ingest/country-lookup.ts';
import { GroupCommit } from './kafka/group-commit.ts';
import { createKafka } from './kafka/kafka-client.ts';
import { createKafkaProbe } from './kafka/kafka-probe.ts';
import { createWorkerEventWriter } from './kafka/worker-event-writer.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { kafkaQualitySink } from './quality/kafka-quality-sink.ts';
import { QualityFlusher } from './quality/quality-flusher.ts';
import { KafkaSaltLog } from './salt/kafka-salt-log.ts';
import { SaltKeeper } from './salt/salt-keeper.ts';
import { verifySaltTopic } from './salt/salt-topic.check.ts';
import { createSdkLoader } from './sdk/sdk-loader.ts';
import { loadSiteRegistry } from './sites/site-registry.ts';

export interface Collector {
  app: FastifyInstance;
  metrics: Metrics;
  salts: SaltKeeper;
  topics: { events: string; salts: string; quality: string };
  quality: QualityFlusher;
  /** Verifies the topics, connects the producer, agrees on today's salts, then listens. Returns the address. */
  start(): Promise<string>;
  /** Stops accepting, answers or times out every open request, flushes, disconnects, in this order. */
  stopSteps: readonly ShutdownStep[];
  /** Runs `stopSteps` within COLLECTOR_SHUTDOWN_TIMEOUT_MS (in-process tests). Returns the steps done. */
  close(): Promise<string[]>;
}

/** The collector wired to real Kafka: what `server.ts` runs and what integration tests start in-process. */
export async function createCollector(config: CollectorConfig, logger: Logger): Promise<Collector> {
  const sites = loadSiteRegistry(config.GODONU_SITES_FILE, { demo: config.GODONU_DEMO });
  if (config.GODONU_DEMO)
    logger.warn('demo mode (GODONU_DEMO=1): demo ingest keys and loopback origins are accepted');
  // Read whole before anything connects: a missing or broken file stops the start with its name.
  const countries = openCountryDatabase(config.COLLECTOR_COUNTRY_DATABASE);
  logger.info({ file: countries.file, builtAt: countries.builtAt.toISOString() }, 'country database opened');
  const metrics = createMetrics();
  const topics = {
    events: `${config.KAFKA_TOPIC_PREFIX}${TOPICS.events}`,
    salts: `${config.KAFKA_TOPIC_PREFIX}${TOPICS.salts}`,
    quality: `${config.KAFKA_TOPIC_PREFIX}${TOPICS.quality}`,
  };
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger });
  const writer = createWorkerEventWriter({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    topic: topics.events,
    logLevel: config.COLLECTOR_LOG_LEVEL,
    producers: config.COLLECTOR_KAFKA_PRODUCERS,
    logger,
  });
  const sink = new GroupCommit({
    send: (messages) => writer.send(messages),
    lingerMs: config.COLLECTOR_GROUP_COMMIT_MS,
    maxInFlight: config.COLLECTOR_KAFKA_PRODUCERS,
    maxBytes: config.COLLECTOR_GROUP_COMMIT_MAX_BYTES,
    maxEvents: config.COLLECTOR_BUFFER_MAX_EVENTS,
    timeoutMs: config.COLLECTOR_BUFFER_TIMEOUT_MS,
    onWrite: ({ events, seconds, ok }) => {
      metrics.produceSeconds.observe({ outcome: ok ? 'ok' : 'error' }, seconds);
      metrics.produceBatchEvents.observe(events);
    },
  });
  metrics.observeBufferDepth(() => sink.depth);
  const salts = new SaltKeeper({
    log: new KafkaSaltLog({
      kafka,
      topic: topics.salts,
      groupPrefix: `${config.KAFKA_CLIENT_ID}-salts`,
      logger,
    }),
    sites: sites.keys,
    logger: logger.child({ component: 'salts' }),
  });
  const qualitySink = kafkaQualitySink(kafka, topics.quality);
  const quality = new QualityFlusher({
    tally: metrics.quality,
    send: qualitySink.send,
    intervalMs: config.COLLECTOR_QUALITY_FLUSH_MS,
    logger: logger.child({ component: 'quality' }),
  });
  const probe = createKafkaProbe(kafka, topics.events);
  let started = false;

  const app = await buildApp({
    config,
    logger,
    sites,
    salts,
    sink,
    countries,
    metrics,
    sdk: createSdkLoader(config.COLLECTOR_SDK_FILE, logger),
    readiness: async () => {
      const kafkaReachable = await probe.check();
      const saltsAgreed = salts.ready(Date.now());
      return {
        ready: started && kafkaReachable && saltsAgreed,
        checks: { started, kafka: kafkaReachable, salts: saltsAgreed },
      };
    },
  });

  const stopSteps: ShutdownStep[] = [
    // Open requests finish first: each is answered 202 (acknowledged) or 503 within the buffer timeout.
    { name: 'http', run: () => app.close() },
    { name: 'sink', run: () => sink.close() },
    { name: 'producer', run: () => writer.close() },
    // After the requests: their drops and refusals are in the last tally.
    {
      name: 'quality',
      run: async () => {
        await quality.stop();
        await qualitySink.close();
      },
    },
    { name: 'salts', run: () => salts.stop() },
    { name: 'probe', run: () => probe.close() },
  ];

  return {
    app,
    metrics,
    salts,
    topics,
    quality,
    start: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await verifyTopicsExist(admin, [topics.events, topics.salts, topics.quality]);
        await verifyTopicDurability(admin, [topics.events, topics.salts, topics.quality], {
          replicationFactor: config.KAFKA_REPLICATION_FACTOR,
          minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
        });
        await verifySaltTopic(admin, topics.salts);
      } finally {
        await admin.disconnect();
      }
      await writer.connect();
      await qualitySink.connect();
      quality.start();
      await salts.start();
      const address = await app.listen({ port: config.COLLECTOR_PORT, host: config.COLLECTOR_HOST });
      started = true;
      logger.info({ address, topic: topics.events, sites: sites.keys.length }, 'collector listening');
      return address;
    },
    stopSteps,
    close: () => runShutdown(stopSteps, config.COLLECTOR_SHUTDOWN_TIMEOUT_MS, logger),
  };
}
