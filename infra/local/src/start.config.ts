/** `npm start`'s configuration, parsed once: every port it opens can be moved with its variable. */
import path from 'node:path';
import { z } from 'zod';
import { type LocalConfig, loadLocalConfig } from './local.config.ts';

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  COLLECTOR_PORT: port.default(8080),
  API_PORT: port.default(8081),
  PORTAL_PORT: port.default(8082),
  PROCESSOR_PORT: port.default(8083),
  /** With both set, the pipeline uses those servers and starts no Kafka or ClickHouse of its own. */
  KAFKA_BROKERS: z.string().min(1).optional(),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a plain database name')
    .default('godonu'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
  /** Passed on to every service as an absolute path, so that they all read the same file. */
  GODONU_SITES_FILE: z.string().min(1).optional(),
  /** `0` skips the 30 days of demo traffic loaded once per database. */
  DEMO_TRAFFIC: z.enum(['0', '1']).default('1'),
  DEMO_SCALE: z.coerce.number().positive().max(10).default(0.02),
  INIT_CWD: z.string().min(1).optional(),
});

export interface StartConfig {
  local: LocalConfig;
  ports: { collector: number; api: number; portal: number; processor: number };
  kafkaBrokers: string | undefined;
  clickhouseUrl: string | undefined;
  database: string;
  topicPrefix: string;
  sitesFile: string | undefined;
  demoTraffic: boolean;
  demoScale: number;
}

export function loadStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  const local = loadLocalConfig(env);
  const parsed = schema
    .superRefine((c, ctx) => {
      // Two services on one port would fail only once the second starts, with a less helpful message.
      const used: [string, number][] = [
        ['COLLECTOR_PORT', c.COLLECTOR_PORT],
        ['API_PORT', c.API_PORT],
        ['PORTAL_PORT', c.PORTAL_PORT],
        ['PROCESSOR_PORT', c.PROCESSOR_PORT],
      ];
      if (!c.KAFKA_BROKERS)
        used.push(['KAFKA_PORT', local.KAFKA_PORT], ['KAFKA_CONTROLLER_PORT', local.KAFKA_CONTROLLER_PORT]);
      if (!c.CLICKHOUSE_URL) used.push(['CLICKHOUSE_PORT', local.CLICKHOUSE_PORT]);
      for (const [name, value] of used) {
        const first = used.find(([, v]) => v === value)?.[0];
        if (first !== name)
          ctx.addIssue({ code: 'custom', path: [name], message: `is ${value}, the port of ${first} too` });
      }
    })
    .safeParse(env);
  if (!parsed.success) throw new Error(`invalid npm start configuration:\n${z.prettifyError(parsed.error)}`);
  const c = parsed.data;
  return Object.freeze({
    local,
    ports: Object.freeze({
      collector: c.COLLECTOR_PORT,
      api: c.API_PORT,
      portal: c.PORTAL_PORT,
      processor: c.PROCESSOR_PORT,
    }),
    kafkaBrokers: c.KAFKA_BROKERS,
    clickhouseUrl: c.CLICKHOUSE_URL,
    database: c.CLICKHOUSE_DATABASE,
    topicPrefix: c.KAFKA_TOPIC_PREFIX,
    sitesFile: c.GODONU_SITES_FILE && path.resolve(c.INIT_CWD ?? process.cwd(), c.GODONU_SITES_FILE),
    demoTraffic: c.DEMO_TRAFFIC === '1',
    demoScale: c.DEMO_SCALE,
  });
}
