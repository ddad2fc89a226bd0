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
  KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('1g'),
  INIT_CWD: z.string().min(1).optional(),
});
// A relative data directory is taken from where the command was run (INIT_CWD under npm and pnpm, which run scripts
// in a package's folder): `npm start` and `pnpm --filter @godonu/api keys` then mean the same directory.
const resolved = schema.transform(({ INIT_CWD, ...c }) => ({
  ...c,
  GODONU_DATA_DIR: path.resolve(INIT_CWD ?? process.cwd(), c.GODONU_DATA_DIR),
}));

export type LocalConfig = Readonly<z.output<typeof resolved>>;

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = resolved.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid local infrastructure configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze(parsed.data);
}
