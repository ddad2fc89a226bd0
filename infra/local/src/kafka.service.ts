import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Daemon, isPortFree, readPid, startDaemon, stopDaemon, waitUntil } from './daemon.ts';
import { KAFKA_VERSION, type LocalConfig, REPO_ROOT } from './local.config.ts';

const START_DEADLINE_MS = 90_000;

function paths(cfg: LocalConfig) {
  const home = path.join(cfg.GODONU_DATA_DIR, 'kafka');
  return {
    libs: path.join(cfg.GODONU_CACHE_DIR, `kafka-${KAFKA_VERSION}`, 'libs'),
    home,
    logDirs: path.join(home, 'data'),
    properties: path.join(home, 'server.properties'),
    log4j: path.join(home, 'log4j.properties'),
    daemon: {
      name: 'Kafka',
      pidFile: path.join(home, 'kafka.pid'),
      logFile: path.join(home, 'kafka.log'),
    } as Daemon,
  };
}

export function kafkaBrokers(cfg: LocalConfig): string {
  return `127.0.0.1:${cfg.KAFKA_PORT}`;
}

/** Resolves the broker and its runtime jars from Maven Central once, into the cache. */
function ensureJars(libs: string): void {
  const marker = path.join(libs, '.complete');
  if (existsSync(marker)) return;
  console.log(`Kafka ${KAFKA_VERSION}: resolving broker jars from Maven Central into ${libs}`);
  mkdirSync(libs, { recursive: true });
  execFileSync(
    'mvn',
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      path.join(REPO_ROOT, 'infra/local/kafka/pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${libs}`,
    ],
    { stdio: 'inherit' },
  );
  if (!readdirSync(libs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
    throw new Error(`Kafka jars missing in ${libs} after Maven resolution`);
  }
  writeFileSync(marker, new Date().toISOString());
}

function writeConfig(cfg: LocalConfig, p: ReturnType<typeof paths>): void {
  mkdirSync(p.logDirs, { recursive: true });
  writeFileSync(
    p.properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${cfg.KAFKA_CONTROLLER_PORT}`,
      `listeners=PLAINTEXT://127.0.0.1:${cfg.KAFKA_PORT},CONTROLLER://127.0.0.1:${cfg.KAFKA_CONTROLLER_PORT}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${cfg.KAFKA_PORT}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${p.logDirs}`,
      'num.partitions=3',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      // kafkajs against KRaft: auto-created topics can answer "does not host this topic-partition"; we create topics explicitly.
      'auto.create.topics.enable=false',
      'group.initial.rebalance.delay.ms=0',
      'log.retention.hours=168',
      '',
    ].join('\n'),
  );
  writeFileSync(
    p.log4j,
    [
      'log4j.rootLogger=INFO, file',
      'log4j.appender.file=org.apache.log4j.FileAppender',
      `log4j.appender.file.File=${p.daemon.logFile}`,
      'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=INFO',
      'log4j.logger.org.apache.kafka=INFO',
      'log4j.logger.state.change.logger=WARN',
      '',
    ].join('\n'),
  );
}

function javaArgs(p: ReturnType<typeof paths>, heap: string, main: string, rest: string[]): string[] {
  return [
    `-Xmx${heap}`,
    '-Xms256m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${p.log4j}`,
    '-cp',
    `${p.libs}/*`,
    main,
    ...rest,
  ];
}

async function describe(cfg: LocalConfig): Promise<{ clusterId: string } | undefined> {
  const kafka = new Kafka({
    clientId: 'godonu-infra',
    brokers: [kafkaBrokers(cfg)],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? { clusterId: cluster.clusterId } : undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function kafkaUp(cfg: LocalConfig): Promise<{ brokers: string; clusterId: string }> {
  const p = paths(cfg);
  if (readPid(p.daemon) === undefined) {
    for (const port of [cfg.KAFKA_PORT, cfg.KAFKA_CONTROLLER_PORT]) {
      if (!(await isPortFree(port))) {
        throw new Error(
          `Kafka: port ${port} on 127.0.0.1 is taken by another process; set KAFKA_PORT / KAFKA_CONTROLLER_PORT`,
        );
      }
    }
    ensureJars(p.libs);
    writeConfig(cfg, { ...p });
    if (!existsSync(path.join(p.logDirs, 'meta.properties'))) {
      execFileSync(
        'java',
        javaArgs(p, '256m', 'kafka.tools.StorageTool', ['format', '-t', clusterIdFor(), '-c', p.properties]),
        { stdio: 'ignore' },
      );
    }
    startDaemon(p.daemon, 'java', javaArgs(p, cfg.KAFKA_HEAP, 'kafka.Kafka', [p.properties]), p.home);
  }
  const { clusterId } = await waitUntil(p.daemon, () => describe(cfg), START_DEADLINE_MS);
  return { brokers: kafkaBrokers(cfg), clusterId };
}

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints). */
function clusterIdFor(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
}

export async function kafkaDown(cfg: LocalConfig): Promise<boolean> {
  return stopDaemon(paths(cfg).daemon);
}

export async function kafkaStatus(cfg: LocalConfig): Promise<string> {
  const p = paths(cfg);
  const pid = readPid(p.daemon);
  if (pid === undefined) return `Kafka: stopped (log: ${p.daemon.logFile})`;
  const info = await describe(cfg).catch(() => undefined);
  return info
    ? `Kafka: running, pid ${pid}, ${kafkaBrokers(cfg)}, cluster ${info.clusterId}`
    : `Kafka: pid ${pid} is not answering on ${kafkaBrokers(cfg)} (log: ${p.daemon.logFile})`;
}
