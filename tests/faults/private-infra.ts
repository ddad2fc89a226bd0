/*
 * A broker or a ClickHouse server of the test's own, on free ports with a temporary data directory, that the
 * test may stop and start at will: the shared instances on 9092 and 8123 are never disturbed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickhouseDown, clickhouseUp, freePort, kafkaDown, kafkaUp, loadLocalConfig } from '@godonu/infra';

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
