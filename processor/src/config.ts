import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  clickhouseConnection,
  godonuDemo,
  kafkaConnection,
  kafkaDurability,
  kafkaDurabilityRefinement,
  logLevel,
  reportTimeZone,
} from '@godonu/contract';
import { z } from 'zod';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const positiveInt = z.coerce.number().int().positive();

const schema = z
  .object({
    PROCESSOR_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
    PROCESSOR_HOST: z.string().min(1).default('127.0.0.1'),
    PROCESSOR_LOG_LEVEL: logLevel,
    ...kafkaConnection,
    /** What the events and dead-letter topics must keep at least (checked at start, `@godonu/contract`). */
    ...kafkaDurability,
    KAFKA_GROUP_ID: z.string().min(1).default('godonu-processor'),
    KAFKA_CLIENT_ID: z.string().min(1).default('godonu-processor'),
    /** How long the group waits for a silent member (e.g. one killed with -9) before its partitions move. */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
    /** Must be migrated (`db:migrate`): checked at start. */
    ...clickhouseConnection,
    GODONU_SITES_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'infra/config/sites.json')),
    /** Demo mode: only then may the sites configuration hold the demo ingest keys and loopback origins and hosts. */
    GODONU_DEMO: godonuDemo,
    /** Must match what db:migrate applied; the processor only checks it and warns on a mismatch. */
    RAW_RETENTION_DAYS: positiveInt.max(3650).default(30),
    /**
     * Calendar of the report day and of the midnight that ends a visit. The warehouse records the zone its days are
     * computed in (`warehouse_settings`, on the first start): another zone is refused at start.
     */
    REPORT_TIME_ZONE: reportTimeZone,
    /** Batching by size and time happens in the broker's fetch: it answers when it has MIN_BYTES or after MAX_WAIT. */
    PROCESSOR_FETCH_MIN_BYTES: positiveInt.default(256 * 1024),
    PROCESSOR_FETCH_MAX_WAIT_MS: positiveInt.max(10_000).default(500),
    PROCESSOR_FETCH_MAX_BYTES_PER_PARTITION: positiveInt.default(4 * 1024 * 1024),
    /** Upper bound of one ClickHouse insert (one block, one de-duplication token). */
    PROCESSOR_MAX_BLOCK_ROWS: positiveInt.max(1_000_000).default(20_000),
    /** Partitions whose batches are processed at the same time. */
    PROCESSOR_PARTITIONS_CONCURRENTLY: positiveInt.max(64).default(2),
    /** Longest pause between two attempts when ClickHouse or the dead-letter topic fails. */
    PROCESSOR_RETRY_MAX_MS: positiveInt.default(30_000),
  })
  .refine(...kafkaDurabilityRefinement);

/** Every variable this service reads: what a deployment's environment may set (infra/compose checks it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = Readonly<z.infer<typeof schema>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid processor configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}
