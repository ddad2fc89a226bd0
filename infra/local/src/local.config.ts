import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const KAFKA_VERSION = '3.9.1';

const port = z.coerce.number().int().min(1).max(65535);
const schema = z.object({
  KAFKA_PORT: port.default(9092),
  KAFKA_CONTROLLER_PORT: port.default(9093),
  CLICKHOUSE_PORT: port.default(8123),
  /** Runtime state (broker log dirs, chDB files, pid and log files). Git-ignored. */
  GODONU_DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')),
  /** Downloads that survive `rm -rf .data` and fresh clones: the Kafka jars. */
  GODONU_CACHE_DIR: z
    .string()
    .default(path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'godonu')),
  /** The local ClickHouse server: statements without a session that run at once (more wait their turn). */
  CLICKHOUSE_CONNECTIONS: z.coerce.number().int().min(1).max(256).default(16),
  /** `max_memory_usage` of every query in bytes, as a server's profile sets it; 0 for none. */
  CLICKHOUSE_MAX_MEMORY_USAGE: z.coerce
    .number()
    .int()
    .min(0)
    .default(4 * 1024 ** 3),
  /** Open HTTP sessions (`session_id`) at most; each holds an engine connection until its session_timeout. */
  CLICKHOUSE_MAX_SESSIONS: z.coerce.number().int().min(1).max(1024).default(64),
  /** On SIGTERM: how long running inserts may finish before they are cancelled too (reads are cancelled at once). */
  CLICKHOUSE_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Heap of each Kafka node. */
  KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('1g'),
  /**
   * Kafka nodes on this machine, each a combined broker and controller (KRaft quorum of all of them). Node i
   * (from 0) listens on KAFKA_PORT + 2i and KAFKA_CONTROLLER_PORT + 2i.
   */
  KAFKA_BROKERS_COUNT: z.coerce.number().int().min(1).max(5).default(1),
  /** Replicas of each topic `kafka:topics` creates: default 3 on a cluster of three or more, else every node. */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).optional(),
  /**
   * `min.insync.replicas` of those topics: how many copies an acknowledged write has (the collector sends with
   * acks=all). Default 2 with three replicas (one node may fail without refusing writes), else 1.
   */
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(5).optional(),
  INIT_CWD: z.string().min(1).optional(),
});
// A relative data directory is taken from where the command was run (INIT_CWD under npm and pnpm, which run scripts
// in a package's folder): `npm start` and `pnpm --filter @godonu/api keys` then mean the same directory.
const resolved = schema
  .transform(({ INIT_CWD, ...c }) => {
    const replicationFactor = c.KAFKA_REPLICATION_FACTOR ?? Math.min(3, c.KAFKA_BROKERS_COUNT);
    return {
      ...c,
      KAFKA_REPLICATION_FACTOR: replicationFactor,
      KAFKA_MIN_INSYNC_REPLICAS: c.KAFKA_MIN_INSYNC_REPLICAS ?? (replicationFactor >= 3 ? 2 : 1),
      GODONU_DATA_DIR: path.resolve(INIT_CWD ?? process.cwd(), c.GODONU_DATA_DIR),
    };
  })
  .superRefine((c, ctx) => {
    const ports = kafkaNodesOf(c).flatMap((n) => [n.port, n.controllerPort]);
    if (new Set(ports).size !== ports.length || Math.max(...ports) > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `the Kafka nodes' ports (${ports.join(', ')}) must be distinct and at most 65535: choose KAFKA_PORT and KAFKA_CONTROLLER_PORT further apart`,
      });
    }
    if (c.KAFKA_REPLICATION_FACTOR > c.KAFKA_BROKERS_COUNT) {
      ctx.addIssue({
        code: 'custom',
        message: `KAFKA_REPLICATION_FACTOR ${c.KAFKA_REPLICATION_FACTOR} exceeds KAFKA_BROKERS_COUNT ${c.KAFKA_BROKERS_COUNT}`,
      });
    }
    if (c.KAFKA_MIN_INSYNC_REPLICAS > c.KAFKA_REPLICATION_FACTOR) {
      ctx.addIssue({
        code: 'custom',
        message: `KAFKA_MIN_INSYNC_REPLICAS ${c.KAFKA_MIN_INSYNC_REPLICAS} exceeds KAFKA_REPLICATION_FACTOR ${c.KAFKA_REPLICATION_FACTOR}: no write could be acknowledged`,
      });
    }
  });

export interface KafkaNode {
  /** KRaft node.id, from 1. */
  id: number;
  port: number;
  controllerPort: number;
}

export function kafkaNodesOf(
  c: Pick<LocalConfig, 'KAFKA_PORT' | 'KAFKA_CONTROLLER_PORT' | 'KAFKA_BROKERS_COUNT'>,
): KafkaNode[] {
  return Array.from({ length: c.KAFKA_BROKERS_COUNT }, (_, i) => ({
    id: i + 1,
    port: c.KAFKA_PORT + 2 * i,
    controllerPort: c.KAFKA_CONTROLLER_PORT + 2 * i,
  }));
}

export type LocalConfig = Readonly<z.output<typeof resolved>>;

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = resolved.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid local infrastructure configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze(parsed.data);
}
