/**
 * A Kafka broker and a ClickHouse server of the benchmark's own, on free ports with a temporary data dir: minutes
 * of 10,000 events/s would otherwise slow everyone's tests on the shared ones (chDB runs one statement at a time),
 * and their CPU would mix with other people's work. Stopped and deleted afterwards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clickhouseDown, clickhouseUp, freePort, kafkaDown, kafkaUp, loadLocalConfig } from '@godonu/infra';
import { workerProcess } from './proc.sampler.ts';

export interface PrivateInfra {
  kafkaBrokers: string;
  clickhouseUrl: string;
  /** The broker's JVM and the chDB server's Node process (not its launcher). */
  kafkaPid: number;
  clickhousePid: number;
  stop(): Promise<void>;
}

export async function startPrivateInfra(kafkaHeap: string): Promise<PrivateInfra> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'godonu-load-'));
  const cfg = loadLocalConfig({
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    CLICKHOUSE_PORT: String(await freePort()),
    GODONU_DATA_DIR: dir,
    KAFKA_HEAP: kafkaHeap,
  });
  const stop = async () => {
    await Promise.all([kafkaDown(cfg), clickhouseDown(cfg)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [kafka, clickhouse] = await Promise.all([kafkaUp(cfg), clickhouseUp(cfg)]);
    const pid = async (file: string) => Number((await readFile(path.join(dir, file), 'utf8')).trim());
    return {
      kafkaBrokers: kafka.brokers,
      clickhouseUrl: clickhouse.url,
      kafkaPid: await pid('kafka/kafka.pid'),
      clickhousePid: workerProcess(await pid('clickhouse/clickhouse.pid')),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
