import { z } from 'zod';
import { CLUSTER_NAME } from './cluster-render.ts';

const schema = z.object({
  CLICKHOUSE_URL: z.string().url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('godonu'),
  /** Federal practice: raw events 30 days, aggregates longer. */
  RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * A cluster of the servers' `remote_servers`: every statement runs ON CLUSTER, replicated and sharded
   * (README "On a cluster"). Unset: one server, the statements exactly as written.
   */
  CLICKHOUSE_CLUSTER: z.string().regex(CLUSTER_NAME).optional(),
});

export type MigrateConfig = Readonly<z.infer<typeof schema>>;

export function loadMigrateConfig(env: NodeJS.ProcessEnv = process.env): MigrateConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid migration configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}
