/*
 * Makes a real Kafka broker and a real ClickHouse available once per test run, in this order of preference:
 * KAFKA_BROKERS / CLICKHOUSE_URL from the environment; containers when a Docker engine answers; else the
 * project's own local services (infra/local). Missing infrastructure fails the run; nothing is skipped.
 */
import { infraDown, infraUp, isPortFree, loadLocalConfig } from '@godonu/infra';
import type { TestProject } from 'vitest/node';
import { startContainers } from './containers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    clickhouseUrl: string;
  }
}

let teardown: (() => Promise<unknown>) | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let kafkaBrokers = process.env.KAFKA_BROKERS;
  let clickhouseUrl = process.env.CLICKHOUSE_URL;
  if (!kafkaBrokers || !clickhouseUrl) {
    const containers = await startContainers();
    if (containers) {
      kafkaBrokers ??= containers.kafkaBrokers;
      clickhouseUrl ??= containers.clickhouseUrl;
      teardown = containers.stop;
      console.log('[infra] using containers (Docker engine found)');
    } else {
      const cfg = loadLocalConfig();
      const wasRunning = await isLocalRunning(cfg.KAFKA_PORT, cfg.CLICKHOUSE_PORT);
      const infra = await infraUp(cfg);
      kafkaBrokers ??= infra.kafkaBrokers;
      clickhouseUrl ??= infra.clickhouseUrl;
      // Leave services a developer started alone; stop those this run started.
      if (!wasRunning) teardown = () => infraDown(cfg);
      console.log(
        `[infra] using infra/local: Kafka cluster ${infra.kafkaClusterId}, ClickHouse ${infra.clickhouseVersion}`,
      );
    }
  }
  process.env.KAFKA_BROKERS = kafkaBrokers;
  process.env.CLICKHOUSE_URL = clickhouseUrl;
  project.provide('kafkaBrokers', kafkaBrokers);
  project.provide('clickhouseUrl', clickhouseUrl);
  console.log(`[infra] KAFKA_BROKERS=${kafkaBrokers} CLICKHOUSE_URL=${clickhouseUrl}`);
  return async () => {
    await teardown?.();
  };
}

async function isLocalRunning(...ports: number[]): Promise<boolean> {
  const free = await Promise.all(ports.map((p) => isPortFree(p)));
  return free.every((f) => !f);
}
