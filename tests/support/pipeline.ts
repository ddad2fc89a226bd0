/*
 * The whole pipeline as separate processes, the way it runs in production: collector, processor and api, each
 * `node --import tsx <entry>` in its own process group, on free ports, against this run's Kafka and ClickHouse, with
 * topics, database and consumer group of their own. Fault tests kill, stop and restart single services. With
 * `built`, the services and the init commands run from the JavaScript of `npm run build`, as in the image.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { KeyStore } from '@godonu/api';
import { parseSitesConfig, type SitesConfig } from '@godonu/contract';
import {
  ensureTopics,
  freePort,
  REPO_ROOT,
  SINGLE_BROKER,
  type TopicDurability,
  topicNames,
} from '@godonu/infra';
import { migrate } from '@godonu/warehouse';
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './unique-name.ts';

export const SERVICES = ['processor', 'api', 'collector'] as const;
export type ServiceName = (typeof SERVICES)[number];

const ENTRY: Record<ServiceName, string> = {
  collector: 'collector/src/server.ts',
  processor: 'processor/src/server.ts',
  api: 'api/src/server.ts',
};
/** What `npm run build` makes of the entries, and of the deployment's init commands. */
const BUILT_ENTRY: Record<ServiceName, string> = {
  collector: 'collector/dist/server.js',
  processor: 'processor/dist/server.js',
  api: 'api/dist/server.js',
};
const BUILT_TOPICS = 'infra/local/dist/topics.cli.js';
const BUILT_MIGRATE = 'infra/clickhouse/dist/migrate.cli.js';
const SOURCE_TOPICS = 'infra/local/src/topics.cli.ts';
const SOURCE_MIGRATE = 'infra/clickhouse/src/migrate.cli.ts';
const PORT_VARIABLE: Record<ServiceName, string> = {
  collector: 'COLLECTOR_PORT',
  processor: 'PROCESSOR_PORT',
  api: 'API_PORT',
};
const HEALTH_DEADLINE_MS = 60_000;

export interface PipelineOptions {
  /** Defaults: this run's infrastructure (`inject`). Fault tests pass a private broker or server. */
  kafkaBrokers?: string;
  clickhouseUrl?: string;
  /** Which services to start (all three by default); others can be started later with `start`. */
  services?: readonly ServiceName[];
  /** Extra environment per service, e.g. shorter timeouts for a fault test. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Extra Node options per service, e.g. `--cpu-prof` (which NODE_OPTIONS may not carry). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Changes to the site configuration, e.g. an allowed origin for a test portal. */
  sites?: (sites: SitesConfig) => void;
  /** Replicas and min.insync.replicas of the pipeline's topics (one copy by default). */
  topicDurability?: TopicDurability;
  /**
   * Run the build (`npm run build` first): each service as `node <service>/dist/server.js`, no TypeScript loader,
   * and the topics and migrations by the built init commands.
   */
  built?: boolean;
  /**
   * Another checkout of this repository, dependencies installed: services, topics and migrations run from its
   * sources (a benchmark's baseline commit beside this tree, in the same run). This tree by default.
   */
  root?: string;
}

export class Service {
  child: ChildProcess | undefined;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly nodeArgs: readonly string[] = [],
    readonly built = false,
    readonly root = REPO_ROOT,
  ) {}

  /** The arguments of the service's node process. */
  get args(): string[] {
    return this.built
      ? [...this.nodeArgs, BUILT_ENTRY[this.name]]
      : [...this.nodeArgs, '--import', 'tsx', ENTRY[this.name]];
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits until `/healthz` answers 200. */
  async start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    // The loader in the service's own process (not the tsx launcher, which would run the service as its child):
    // the pid is the service's, for signals, /proc readings and profiles (`nodeArgs`).
    this.child = spawn(process.execPath, this.args, {
      cwd: this.root,
      env: this.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    // The child holds its own copy; keeping ours would leak a descriptor per (re)start.
    closeSync(log);
    const deadline = Date.now() + HEALTH_DEADLINE_MS;
    while (Date.now() < deadline && this.running) {
      const ok = await fetch(`${this.url}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${this.name} did not become healthy on ${this.url}:\n${this.logTail()}`);
  }

  /**
   * Sends `signal` to the service's process group and waits for the exit; SIGTERM is a graceful stop, SIGKILL a
   * crash. Resolves to the exit code (null after a signal).
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', deadlineMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running || child.pid === undefined) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(-child.pid, signal);
    const code = await Promise.race([exited, sleep(deadlineMs).then(() => 'timeout' as const)]);
    if (code !== 'timeout') return code;
    process.kill(-child.pid, 'SIGKILL');
    throw new Error(`${this.name} did not exit within ${deadlineMs} ms of ${signal}:\n${this.logTail()}`);
  }

  /** Resident memory of the service's node process (the spawned process itself, see `start`), from /proc (Linux). */
  rssBytes(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.name} is not running`);
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(statm[1]) * 4096;
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

export interface Pipeline {
  kafkaBrokers: string;
  clickhouseUrl: string;
  database: string;
  topicPrefix: string;
  topics: ReturnType<typeof topicNames>;
  sites: SitesConfig;
  /** A client on the pipeline's database. */
  clickhouse: ClickHouseClient;
  services: Record<ServiceName, Service>;
  /** Creates an API key and returns it in clear. */
  apiKey(role: 'city' | 'consortium' | 'admin', city?: string): Promise<string>;
  /**
   * Stops every running service (collector first, so that it flushes into Kafka), drops the database, deletes
   * the topics and removes the temp dir. Read what you need before.
   */
  stop(): Promise<void>;
}

/** Fails fast when the broker is down (a fault test may have stopped its private one). */
async function deleteTopics(brokers: string, topics: string[]): Promise<void> {
  const admin = new Kafka({
    clientId: 'pipeline-cleanup',
    brokers: brokers.split(','),
    connectionTimeout: 1000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs an init command with node (`args`: a built file, or `--import tsx` and a source file) in `root`, as the
 * deployment's init does; fails with its output.
 */
async function runInit(args: string[], env: Record<string, string>, root = REPO_ROOT): Promise<void> {
  await promisify(execFile)(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
  }).catch((err: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`node ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  });
}

/** Vitest is loaded only when a caller names no infrastructure: benchmark commands run outside Vitest. */
async function injected(key: 'kafkaBrokers' | 'clickhouseUrl'): Promise<string> {
  const { inject } = await import('vitest');
  return inject(key);
}

/**
 * Topics, migrations, sites and key files, then the services in dependency order (processor, api, collector),
 * each healthy before the next starts. The caller must `stop()` it (afterAll).
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const kafkaBrokers = options.kafkaBrokers ?? (await injected('kafkaBrokers'));
  const clickhouseUrl = options.clickhouseUrl ?? (await injected('clickhouseUrl'));
  const name = uniqueName('pipeline');
  const topicPrefix = `${name}.`;
  const database = name;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'godonu-pipeline-'));
  mkdirSync(path.join(dir, 'logs'));

  const sites = parseSitesConfig(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));
  options.sites?.(sites);
  const sitesFile = path.join(dir, 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(sites));
  const keysFile = path.join(dir, 'api-keys.json');
  const keyStore = new KeyStore(keysFile);

  const root = options.root ?? REPO_ROOT;
  if (options.built || root !== REPO_ROOT) {
    const loader = options.built ? [] : ['--import', 'tsx'];
    const durability = options.topicDurability ?? SINGLE_BROKER;
    await runInit(
      [...loader, options.built ? BUILT_TOPICS : SOURCE_TOPICS],
      {
        KAFKA_BROKERS: kafkaBrokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_BROKERS_COUNT: String(kafkaBrokers.split(',').length),
        KAFKA_REPLICATION_FACTOR: String(durability.replicationFactor),
        KAFKA_MIN_INSYNC_REPLICAS: String(durability.minInsyncReplicas),
      },
      root,
    );
    await runInit(
      [...loader, options.built ? BUILT_MIGRATE : SOURCE_MIGRATE],
      {
        CLICKHOUSE_URL: clickhouseUrl,
        CLICKHOUSE_DATABASE: database,
        RAW_RETENTION_DAYS: '30',
      },
      root,
    );
  } else {
    await ensureTopics(kafkaBrokers, topicPrefix, options.topicDurability);
    await migrate({ url: clickhouseUrl, database, rawRetentionDays: 30 });
  }

  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    GODONU_SITES_FILE: sitesFile,
    API_KEYS_FILE: keysFile,
    KAFKA_GROUP_ID: `${topicPrefix}processor`,
    // A killed processor's partitions move to its successor after this long, not after the default 30 s.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    GODONU_DEMO: '1',
  };
  const services = {} as Record<ServiceName, Service>;
  for (const service of SERVICES) {
    const port = await freePort();
    services[service] = new Service(
      service,
      port,
      { ...shared, [PORT_VARIABLE[service]]: String(port), ...options.env?.[service] },
      path.join(dir, 'logs', `${service}.log`),
      options.nodeArgs?.[service],
      options.built,
      root,
    );
  }
  const clickhouse = createClient({ url: clickhouseUrl, database });
  const pipeline: Pipeline = {
    kafkaBrokers,
    clickhouseUrl,
    database,
    topicPrefix,
    topics: topicNames(topicPrefix),
    sites,
    clickhouse,
    services,
    apiKey: async (role, city) =>
      (await keyStore.create({ role, city: city ?? null, label: `test ${role} ${city ?? ''}`.trim() })).key,
    stop: async () => {
      for (const service of [...SERVICES].reverse()) await services[service].stop().catch(() => undefined);
      // Database and topics live on shared infrastructure: left behind, one set per run piles up there.
      await clickhouse
        .command({ query: 'DROP DATABASE IF EXISTS {database:Identifier}', query_params: { database } })
        .catch(() => undefined);
      await clickhouse.close();
      await deleteTopics(kafkaBrokers, Object.values(topicNames(topicPrefix))).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const service of options.services ?? SERVICES) await services[service].start();
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  return pipeline;
}
