/** The Docker path of the test infrastructure: official images, only when a Docker engine answers. */
import { existsSync } from 'node:fs';

export interface Containers {
  kafkaBrokers: string;
  clickhouseUrl: string;
  stop: () => Promise<void>;
}

const KAFKA_IMAGE = 'apache/kafka:3.9.1';
const CLICKHOUSE_IMAGE = 'clickhouse/clickhouse-server:25.8';

function dockerConfigured(): boolean {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

export async function startContainers(): Promise<Containers | undefined> {
  if (!dockerConfigured()) return undefined;
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined; // A socket without an engine behind it (the client-only machines here).
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { ClickHouseContainer } = await import('@testcontainers/clickhouse');
  const [kafka, clickhouse] = await Promise.all([
    new KafkaContainer(KAFKA_IMAGE).withKraft().start(),
    new ClickHouseContainer(CLICKHOUSE_IMAGE).start(),
  ]);
  const chUrl = new URL(clickhouse.getHttpUrl());
  chUrl.username = clickhouse.getUsername();
  chUrl.password = clickhouse.getPassword();
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    clickhouseUrl: chUrl.toString().replace(/\/$/, ''),
    stop: async () => {
      await Promise.all([kafka.stop(), clickhouse.stop()]);
    },
  };
}
