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
  KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('1g'),
});

export type LocalConfig = Readonly<z.infer<typeof schema>>;

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid local infrastructure configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze(parsed.data);
}
