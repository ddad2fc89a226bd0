import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/**
 * `false` (default: the socket address is the client), `true` (trust every proxy), a hop count, or a
 * comma-separated list of proxy addresses/CIDRs, as Fastify's `trustProxy` takes them.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((v): boolean | number | string[] => {
    const s = v.trim();
    if (s === '' || s === 'false') return false;
    if (s === 'true') return true;
    if (/^\d+$/.test(s)) return Number(s);
    return s
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
  });

const schema = z.object({
  COLLECTOR_PORT: port.default(8080),
  COLLECTOR_HOST: z.string().min(1).default('127.0.0.1'),
  COLLECTOR_TRUST_PROXY: trustProxy,
  COLLECTOR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b.length > 0),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'brokers are host:port')).min(1)),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
  KAFKA_CLIENT_ID: z.string().min(1).default('godonu-collector'),
  GODONU_SITES_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'infra/config/sites.json')),
  COLLECTOR_SDK_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'sdk/dist/sdk.js')),
  /** Largest request body; a full batch of long URLs stays well below it. */
  COLLECTOR_BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
  /** How long the first request of a group waits for others before one produce call carries them all. */
  COLLECTOR_GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(100).default(2),
  /**
   * Produce calls in flight at once, each on its own idempotent producer: a request that arrives during a
   * write need not wait for that write's round trip.
   */
  COLLECTOR_KAFKA_PRODUCERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Upper bound of one produce call, below the broker's default `message.max.bytes` (1 MiB). */
  COLLECTOR_GROUP_COMMIT_MAX_BYTES: positiveInt.default(512 * 1024),
  /** Events waiting for Kafka (queued or in flight) beyond which requests are refused at once with 503. */
  COLLECTOR_BUFFER_MAX_EVENTS: positiveInt.default(20_000),
  /** How long a request waits for Kafka's acknowledgement before it is answered 503 (never 202). */
  COLLECTOR_BUFFER_TIMEOUT_MS: positiveInt.default(5_000),
  /** Seconds the SDK is told to wait (`Retry-After`) after a 503. */
  COLLECTOR_RETRY_AFTER_SECONDS: positiveInt.default(10),
  COLLECTOR_RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
  /** Requests per window from one client address (browser route); generous for NAT and CGNAT. */
  COLLECTOR_RATE_LIMIT_CLIENT_MAX: positiveInt.default(600),
  /** Requests per window for one site over both routes: a flood aimed at one city cannot starve the others. */
  COLLECTOR_RATE_LIMIT_SITE_MAX: positiveInt.default(120_000),
  /** Upper bound of a graceful shutdown; requests not acknowledged by then were answered 503, never 202. */
  COLLECTOR_SHUTDOWN_TIMEOUT_MS: positiveInt.default(15_000),
});

export type CollectorConfig = Readonly<z.infer<typeof schema>>;

/** Parses the environment once and reports every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid collector configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze(parsed.data);
}
