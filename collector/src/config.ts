import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  godonuDemo,
  kafkaConnection,
  kafkaDurability,
  kafkaDurabilityRefinement,
  logLevel,
} from '@godonu/contract';
import { z } from 'zod';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Longer than any real chain of proxies: a larger count is a typo, and it would believe entries a client wrote. */
const MAX_PROXY_HOPS = 10;
const TRUST_PROXY_EXAMPLE =
  'write the addresses or CIDRs of your proxies (e.g. 10.0.0.5 or 172.28.0.0/24, comma-separated) ' +
  'or the number of proxies in front of the collector (e.g. 1)';

/** An IPv4/IPv6 address or CIDR, as proxy-addr (Fastify's `trustProxy`) compiles it; the prefix must not be /0. */
function proxyAddressProblem(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `"${entry}" is not an IP address or CIDR`;
  if (prefix === undefined) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits)
    return `"${entry}" has no valid prefix length (0–${bits})`;
  if (Number(prefix) === 0) return `"${entry}" is every address, i.e. trusting every peer`;
  return undefined;
}

/**
 * Whose `X-Forwarded-For` is believed. Unset or empty: nobody's (the socket address is the client). A hop count
 * `n`: the `n` peers nearest to the collector, the nearest on a private network (`routes/trust-proxy.ts`). A
 * comma-separated list of addresses/CIDRs: peers in those networks. Never "everyone" (`true`, `/0`): a client
 * that connects directly could then choose the address its visitor hash and rate limit are computed from.
 */
const trustProxy = z
  .string()
  .default('')
  .transform((v, ctx): false | number | string[] => {
    const s = v.trim();
    if (s === '') return false;
    if (/^(true|yes|on|all|\*)$/i.test(s)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${s}" would believe X-Forwarded-For from every peer, so any client could choose its address; ${TRUST_PROXY_EXAMPLE}`,
      });
      return z.NEVER;
    }
    if (/^(false|no|off)$/i.test(s)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${s}" is not a setting: leave the variable unset when clients connect directly; behind proxies ${TRUST_PROXY_EXAMPLE}`,
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(s)) {
      const hops = Number(s);
      if (hops < 1 || hops > MAX_PROXY_HOPS) {
        ctx.addIssue({
          code: 'custom',
          message: `a hop count is 1–${MAX_PROXY_HOPS} (the proxies in front of the collector), got ${s}; leave the variable unset when there is none`,
        });
        return z.NEVER;
      }
      return hops;
    }
    const entries = s.split(',').map((p) => p.trim());
    const problems = entries.map(proxyAddressProblem).filter((p) => p !== undefined);
    if (problems.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${problems.join('; ')}: ${TRUST_PROXY_EXAMPLE}` });
      return z.NEVER;
    }
    return entries;
  });

const schema = z
  .object({
    COLLECTOR_PORT: port.default(8080),
    COLLECTOR_HOST: z.string().min(1).default('127.0.0.1'),
    COLLECTOR_TRUST_PROXY: trustProxy,
    COLLECTOR_LOG_LEVEL: logLevel,
    ...kafkaConnection,
    KAFKA_CLIENT_ID: z.string().min(1).default('godonu-collector'),
    /** What the events and salt topics must keep at least (checked at start, `@godonu/contract`). */
    ...kafkaDurability,
    GODONU_SITES_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'infra/config/sites.json')),
    /** Demo mode: only then may the sites file hold the public demo ingest keys and loopback origins. */
    GODONU_DEMO: godonuDemo,
    COLLECTOR_SDK_FILE: z.string().min(1).default(path.join(REPO_ROOT, 'sdk/dist/sdk.js')),
    /**
     * An MMDB file with country codes to use instead of the data set the collector ships
     * (`ingest/country-lookup.ts`); read whole at start, which fails if it cannot be.
     */
    COLLECTOR_COUNTRY_DATABASE: z.string().min(1).optional(),
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
    /**
     * How often the counts of dropped events and refused requests go to the quality topic (and once more on
     * shutdown); the warehouse's data-quality table is behind by at most this much.
     */
    COLLECTOR_QUALITY_FLUSH_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
    /** Upper bound of a graceful shutdown; requests not acknowledged by then were answered 503, never 202. */
    COLLECTOR_SHUTDOWN_TIMEOUT_MS: positiveInt.default(15_000),
  })
  .refine(...kafkaDurabilityRefinement);

/** Every variable this service reads: what a deployment's environment may set (infra/compose checks it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type CollectorConfig = Readonly<z.infer<typeof schema>>;

/** Parses the environment once and reports every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid collector configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return Object.freeze(parsed.data);
}
