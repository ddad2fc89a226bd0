import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  API_PORT: port.default(8081),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain database name')
    .default('godonu'),
  GODONU_SITES_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'infra/config/sites.json')),
  /** Where the hashed API keys live (see README "Keys"); git-ignored runtime state by default. */
  API_KEYS_FILE: z.string().min(1).default(path.join(REPO_ROOT, '.data/api-keys.json')),
  /** Cells built from fewer distinct visitors than this are suppressed wherever another party may see them. */
  K_ANONYMITY: z.coerce.number().int().min(1).max(1000).default(10),
  /** Lifetime of cached results of queries over closed days (see warehouse-cache.ts); 0 turns the cache off. */
  API_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  API_CACHE_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ApiConfig = Readonly<z.infer<typeof schema>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid api configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}
