/*
 * A broker or a ClickHouse server of the test's own, on free ports with a temporary data directory, that the
 * test may stop and start at will: the shared instances on 9092 and 8123 are never disturbed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  clickhouseDown,
  clickhouseUp,
  freePort,
  isPortFree,
  kafkaBrokers,
  kafkaDown,
  kafkaNodePid,
  kafkaUp,
  type LocalConfig,
  loadLocalConfig,
} from '@godonu/infra';

export interface PrivateService {
  /** `host:port` of the broker, or the server's URL. */
  address: string;
  /** Starts the service (again, on the same ports and data) and waits until it answers. */
  up(): Promise<void>;
  /** Stops it gracefully (SIGTERM to its process group, SIGKILL after a grace period). */
  down(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

export async function privateKafka(): Promise<PrivateService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-faults-kafka-'));
  const cfg = loadLocalConfig({
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    GODONU_DATA_DIR: dataDir,
    // Two cores and several JVMs on the machine: the broker of a fault test needs little.
    KAFKA_HEAP: '512m',
  });
  const service: PrivateService = {
    address: `127.0.0.1:${cfg.KAFKA_PORT}`,
    up: async () => void (await kafkaUp(cfg)),
    down: async () => void (await kafkaDown(cfg)),
    dispose: async () => {
      await kafkaDown(cfg);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await service.up();
  return service;
}

export interface PrivateKafkaCluster extends PrivateService {
  cfg: LocalConfig;
  /** SIGKILL to node `id`'s process group, as a crashed machine: no controlled shutdown. */
  kill(id: number): Promise<void>;
}

/** A first port with the 2 × count ports after it free: node i listens on base + 2i and base + 2i + 1. */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    if (base + 2 * count > 65535) continue;
    const ports = Array.from({ length: 2 * count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return base;
  }
  throw new Error(`no run of ${2 * count} free ports found`);
}

/** `count` KRaft nodes (broker and controller each) of the test's own; `up()` restarts whichever are down. */
export async function privateKafkaCluster(count: number): Promise<PrivateKafkaCluster> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-faults-kafka-cluster-'));
  const base = await freePortRun(count);
  const cfg = loadLocalConfig({
    KAFKA_PORT: String(base),
    KAFKA_CONTROLLER_PORT: String(base + 1),
    KAFKA_BROKERS_COUNT: String(count),
    GODONU_DATA_DIR: dataDir,
    // Two cores and several JVMs on the machine.
    KAFKA_HEAP: '384m',
  });
  const cluster: PrivateKafkaCluster = {
    cfg,
    address: kafkaBrokers(cfg),
    up: async () => void (await kafkaUp(cfg)),
    down: async () => void (await kafkaDown(cfg)),
    dispose: async () => {
      await kafkaDown(cfg);
      rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async (id) => {
      const pid = kafkaNodePid(cfg, id);
      if (pid === undefined) throw new Error(`Kafka node ${id} is not running`);
      process.kill(-pid, 'SIGKILL');
      while (kafkaNodePid(cfg, id) !== undefined) await new Promise((r) => setTimeout(r, 50));
    },
  };
  await cluster.up();
  return cluster;
}

export async function privateClickHouse(): Promise<PrivateService> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-faults-clickhouse-'));
  const cfg = loadLocalConfig({ CLICKHOUSE_PORT: String(await freePort()), GODONU_DATA_DIR: dataDir });
  const service: PrivateService = {
    address: `http://127.0.0.1:${cfg.CLICKHOUSE_PORT}`,
    up: async () => void (await clickhouseUp(cfg)),
    down: async () => void (await clickhouseDown(cfg)),
    dispose: async () => {
      await clickhouseDown(cfg);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await service.up();
  return service;
}
