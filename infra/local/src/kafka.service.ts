import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Daemon, isPortFree, readPid, startDaemon, stopDaemon, waitUntil } from './daemon.ts';
import { KAFKA_VERSION, type KafkaNode, kafkaNodesOf, type LocalConfig, REPO_ROOT } from './local.config.ts';

/** A node's start-up; a cluster's nodes start at once on two cores and need longer together. */
const START_DEADLINE_MS = 90_000;
const START_DEADLINE_PER_EXTRA_NODE_MS = 30_000;

/**
 * One node keeps the layout it always had (`kafka/`); a cluster of n lives in `kafka-cluster-<n>/node-<id>/`, so
 * that switching between the two never mixes a data directory formatted for another quorum.
 */
function nodeHome(cfg: LocalConfig, node: KafkaNode): string {
  return cfg.KAFKA_BROKERS_COUNT === 1
    ? path.join(cfg.GODONU_DATA_DIR, 'kafka')
    : path.join(cfg.GODONU_DATA_DIR, `kafka-cluster-${cfg.KAFKA_BROKERS_COUNT}`, `node-${node.id}`);
}

function paths(cfg: LocalConfig, node: KafkaNode) {
  const home = nodeHome(cfg, node);
  return {
    libs: path.join(cfg.GODONU_CACHE_DIR, `kafka-${KAFKA_VERSION}`, 'libs'),
    home,
    logDirs: path.join(home, 'data'),
    properties: path.join(home, 'server.properties'),
    log4j: path.join(home, 'log4j.properties'),
    daemon: kafkaDaemon(home, cfg.KAFKA_BROKERS_COUNT === 1 ? 'Kafka' : `Kafka node ${node.id}`),
  };
}

function kafkaDaemon(home: string, name: string): Daemon {
  return { name, pidFile: path.join(home, 'kafka.pid'), logFile: path.join(home, 'kafka.log') };
}

/** Every Kafka node that has a pid file under the data directory, whatever KAFKA_BROKERS_COUNT started it. */
function knownDaemons(cfg: LocalConfig): Daemon[] {
  const homes = [path.join(cfg.GODONU_DATA_DIR, 'kafka')];
  const entries = existsSync(cfg.GODONU_DATA_DIR) ? readdirSync(cfg.GODONU_DATA_DIR) : [];
  for (const cluster of entries.filter((e) => /^kafka-cluster-\d+$/.test(e)).sort()) {
    const dir = path.join(cfg.GODONU_DATA_DIR, cluster);
    for (const node of readdirSync(dir)
      .filter((e) => /^node-\d+$/.test(e))
      .sort()) {
      homes.push(path.join(dir, node));
    }
  }
  return homes
    .filter((home) => existsSync(path.join(home, 'kafka.pid')))
    .map((home) => kafkaDaemon(home, `Kafka (${path.relative(cfg.GODONU_DATA_DIR, home)})`));
}

export function kafkaBrokers(cfg: LocalConfig): string {
  return kafkaNodesOf(cfg)
    .map((n) => `127.0.0.1:${n.port}`)
    .join(',');
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

function writeConfig(cfg: LocalConfig, node: KafkaNode, p: ReturnType<typeof paths>): void {
  const nodes = kafkaNodesOf(cfg);
  // Kafka's internal topics follow the cluster: three copies where there are three nodes, two needed in sync.
  const internalReplicas = Math.min(3, nodes.length);
  const internalMinIsr = internalReplicas >= 3 ? 2 : 1;
  mkdirSync(p.logDirs, { recursive: true });
  writeFileSync(
    p.properties,
    [
      'process.roles=broker,controller',
      `node.id=${node.id}`,
      `controller.quorum.voters=${nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',')}`,
      `listeners=PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${node.port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${p.logDirs}`,
      'num.partitions=3',
      `default.replication.factor=${cfg.KAFKA_REPLICATION_FACTOR}`,
      `min.insync.replicas=${cfg.KAFKA_MIN_INSYNC_REPLICAS}`,
      `offsets.topic.replication.factor=${internalReplicas}`,
      'offsets.topic.num.partitions=10',
      `transaction.state.log.replication.factor=${internalReplicas}`,
      `transaction.state.log.min.isr=${internalMinIsr}`,
      // kafkajs against KRaft: auto-created topics can answer "does not host this topic-partition"; we create topics explicitly.
      'auto.create.topics.enable=false',
      'group.initial.rebalance.delay.ms=0',
      'log.retention.hours=168',
      // A node back from a crash takes its partitions' leadership back once it has caught up, so that a cluster
      // that lost a node spreads its leaders again without an operator.
      'auto.leader.rebalance.enable=true',
      'leader.imbalance.check.interval.seconds=30',
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

/** The cluster id once every node answers as a broker. */
async function describe(cfg: LocalConfig): Promise<{ clusterId: string; brokers: number } | undefined> {
  const kafka = new Kafka({
    clientId: 'godonu-infra',
    brokers: kafkaBrokers(cfg).split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0
      ? { clusterId: cluster.clusterId, brokers: cluster.brokers.length }
      : undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The cluster id the first formatted node carries: every node of a cluster is formatted with the same one. */
function existingClusterId(cfg: LocalConfig): string | undefined {
  for (const node of kafkaNodesOf(cfg)) {
    const meta = path.join(paths(cfg, node).logDirs, 'meta.properties');
    if (!existsSync(meta)) continue;
    const id = /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1];
    if (id) return id.trim();
  }
  return undefined;
}

/** Starts the nodes that do not run (all of them, or one that crashed) and waits until all answer as brokers. */
export async function kafkaUp(cfg: LocalConfig): Promise<{ brokers: string; clusterId: string }> {
  const nodes = kafkaNodesOf(cfg);
  const stopped = nodes.filter((n) => readPid(paths(cfg, n).daemon) === undefined);
  for (const node of stopped) {
    for (const port of [node.port, node.controllerPort]) {
      if (!(await isPortFree(port))) {
        throw new Error(
          `Kafka: port ${port} on 127.0.0.1 is taken by another process; set KAFKA_PORT / KAFKA_CONTROLLER_PORT`,
        );
      }
    }
  }
  if (stopped.length > 0) {
    const first = paths(cfg, nodes[0] as KafkaNode);
    ensureJars(first.libs);
    const clusterId = existingClusterId(cfg) ?? clusterIdFor();
    for (const node of stopped) {
      const p = paths(cfg, node);
      writeConfig(cfg, node, p);
      if (!existsSync(path.join(p.logDirs, 'meta.properties'))) {
        execFileSync(
          'java',
          javaArgs(p, '256m', 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', p.properties]),
          { stdio: 'ignore' },
        );
      }
      startDaemon(p.daemon, 'java', javaArgs(p, cfg.KAFKA_HEAP, 'kafka.Kafka', [p.properties]), p.home);
    }
  }
  const deadline = START_DEADLINE_MS + START_DEADLINE_PER_EXTRA_NODE_MS * (nodes.length - 1);
  const started = await Promise.all(
    nodes.map((n) =>
      waitUntil(
        paths(cfg, n).daemon,
        async () => {
          const info = await describe(cfg);
          return info && info.brokers === nodes.length ? info : undefined;
        },
        deadline,
      ),
    ),
  );
  return { brokers: kafkaBrokers(cfg), clusterId: (started[0] as { clusterId: string }).clusterId };
}

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding, never starting with '-' (StorageTool would read
 * it as an option and fail: 1 start in 64), as Kafka's own Uuid.randomUuid ensures.
 */
export function clusterIdFor(): string {
  for (;;) {
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The pid of node `id` (from 1) while it runs: for fault tests that kill one node. */
export function kafkaNodePid(cfg: LocalConfig, id: number): number | undefined {
  const node = kafkaNodesOf(cfg).find((n) => n.id === id);
  return node && readPid(paths(cfg, node).daemon);
}

/** Stops every Kafka node under the data directory (a single one or a cluster's). */
export async function kafkaDown(cfg: LocalConfig): Promise<boolean> {
  const stopped = await Promise.all(knownDaemons(cfg).map((d) => stopDaemon(d)));
  return stopped.some(Boolean);
}

export async function kafkaStatus(cfg: LocalConfig): Promise<string> {
  const running = kafkaNodesOf(cfg).flatMap((n) => {
    const pid = readPid(paths(cfg, n).daemon);
    return pid === undefined ? [] : [`${n.id}: pid ${pid}`];
  });
  const log = paths(cfg, kafkaNodesOf(cfg)[0] as KafkaNode).daemon.logFile;
  if (running.length === 0) return `Kafka: stopped (log: ${log})`;
  const nodes =
    cfg.KAFKA_BROKERS_COUNT === 1 ? running[0]?.replace(/^1: /, '') : `nodes ${running.join(', ')}`;
  const info = await describe(cfg).catch(() => undefined);
  return info
    ? `Kafka: running, ${nodes}, ${kafkaBrokers(cfg)}, cluster ${info.clusterId}, ${info.brokers} of ${cfg.KAFKA_BROKERS_COUNT} brokers answering`
    : `Kafka: ${nodes}, not answering on ${kafkaBrokers(cfg)} (log: ${log})`;
}
