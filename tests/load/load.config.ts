import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();
const SERVICE_NAMES = ['collector', 'processor', 'api'] as const;

const schema = z.object({
  /** Target events per second, held open-loop: requests leave on schedule whatever the answers do. */
  LOAD_RATE: positiveInt.default(10_000),
  /** Measured seconds per round, after the warm-up. */
  LOAD_DURATION_S: positiveInt.default(600),
  /** Seconds at the target rate before measuring: JIT, pools, first merges; RSS drift is measured from its end. */
  LOAD_WARMUP_S: z.coerce.number().int().min(0).default(60),
  LOAD_ROUNDS: positiveInt.default(3),
  /** Events per SDK request are drawn from 1..this (the SDK flushes a page's queue in one request). */
  LOAD_MAX_BATCH: positiveInt.max(50).default(10),
  /** Keep-alive connections of the driver (a proxy in front of the collector keeps a pool like this). */
  LOAD_CONNECTIONS: positiveInt.default(128),
  /** Requests waiting for an answer beyond which the driver counts further requests as not sent. */
  LOAD_MAX_IN_FLIGHT: positiveInt.default(20_000),
  /** A request not answered within this is counted as an error (the SDK would retry it later). */
  LOAD_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  /**
   * One latency marker per this many ms, polled in ClickHouse every LOAD_POLL_MS: the poll period bounds the
   * resolution, and each poll takes ClickHouse (one statement at a time) away from the inserts for a few ms.
   */
  LOAD_MARKER_MS: positiveInt.default(100),
  LOAD_POLL_MS: positiveInt.default(250),
  /** /proc readings of every process (CPU, RSS, threads) and the stored row count, every this many seconds. */
  LOAD_SAMPLE_S: positiveInt.default(5),
  /** After the last request: how long stored rows may take to reach the accepted count. */
  LOAD_DRAIN_TIMEOUT_S: positiveInt.default(300),
  /** Services to run with `--cpu-prof` (comma-separated); their top self-time functions are printed. */
  LOAD_PROFILE: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(z.enum(SERVICE_NAMES))),
  /** Where samples, latencies and profiles of the run are written (a new temp directory by default). */
  LOAD_OUT_DIR: z.string().optional(),
  /** Measure nothing: print the tables of the rounds saved in this directory (`round-*.json`). */
  LOAD_REPORT_DIR: z.string().optional(),
  /** Log level of the three services; production runs `info`, which logs nothing per request. */
  LOAD_SERVICE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info']).default('info'),
  /** The private broker's heap (`-Xmx`). */
  KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('1g'),
  /**
   * Another checkout of this repository (e.g. `git worktree add /tmp/base <commit>` and `pnpm install` there): each
   * round then runs twice with the same traffic, once from those sources and once from this tree, alternating
   * which goes first, and the tables compare the two (ratios from the same run).
   */
  LOAD_BASELINE_ROOT: z.string().optional(),
  /** Seed of the traffic generator, so every run sends the same visits. */
  LOAD_SEED: z.coerce.number().int().default(1),
});

export type LoadConfig = Readonly<z.infer<typeof schema>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid load configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}
