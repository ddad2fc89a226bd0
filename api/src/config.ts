import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clickhouseConnection, godonuDemo, logLevel, reportTimeZone } from '@godonu/contract';
import { z } from 'zod';
import { DEMO_SECRET, type DisclosurePolicy, disclosurePolicy, MIN_K } from './disclosure/policy.ts';
import { REPORT_TIME_ZONE } from './queries/tables.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * The files the api and its `keys` command read. Relative paths are taken from the directory the command was run
 * in (INIT_CWD: npm and pnpm run a package's script in the package's folder), so that
 * `pnpm --filter @godonu/api keys …` and `npm start` name the same file. The keys file defaults to the runtime state
 * directory that `npm start` uses, so a key made with the documented command works there.
 */
const fileSchema = z.object({
  GODONU_SITES_FILE: z.string().min(1).optional(),
  /** Runtime state; `.data` by default, like infra/local's `GODONU_DATA_DIR`. */
  GODONU_DATA_DIR: z.string().min(1).optional(),
  /** Where the hashed API keys live (see README "Roles and keys"); git-ignored runtime state by default. */
  API_KEYS_FILE: z.string().min(1).optional(),
  INIT_CWD: z.string().min(1).optional(),
});

function resolveFiles(f: z.infer<typeof fileSchema>): { GODONU_SITES_FILE: string; API_KEYS_FILE: string } {
  const resolve = (file: string) => path.resolve(f.INIT_CWD ?? process.cwd(), file);
  const dataDir = f.GODONU_DATA_DIR ?? path.join(REPO_ROOT, '.data');
  return {
    GODONU_SITES_FILE: resolve(f.GODONU_SITES_FILE ?? path.join(REPO_ROOT, 'infra/config/sites.json')),
    API_KEYS_FILE: resolve(f.API_KEYS_FILE ?? path.join(dataDir, 'api-keys.json')),
  };
}

const schema = fileSchema.extend({
  API_PORT: port.default(8081),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  ...clickhouseConnection,
  /**
   * The calendar of the report days, the processor's setting. The api's day arithmetic (`queries/tables.ts`) is
   * written for one zone, so this may only name it; at start it is compared with the zone the warehouse's days
   * were computed in (`warehouse_settings`, server.ts).
   */
  REPORT_TIME_ZONE: reportTimeZone.refine(
    (tz) => tz === REPORT_TIME_ZONE,
    `the api counts days in ${REPORT_TIME_ZONE} only (the processor's REPORT_TIME_ZONE must be the same)`,
  ),
  /** Demo mode (`npm start`, tests): a public demo disclosure secret is used when none is configured. */
  GODONU_DEMO: godonuDemo,
  /** A published cell needs a perturbed count of at least k (api/README.md "Disclosure control"). */
  K_ANONYMITY: z.coerce.number().int().min(MIN_K).max(1000).default(10),
  /** Key of the noise of every published cell: whoever holds it can remove the noise. At least 32 characters. */
  DISCLOSURE_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .optional(),
  /** Privacy loss ε per published cell; noise scale 1/ε. In steps of 0.001. */
  DISCLOSURE_EPSILON: z.coerce
    .number()
    .min(0.05)
    .max(5)
    .refine((e) => Math.abs(e * 1000 - Math.round(e * 1000)) < 1e-9, 'must have at most three decimals')
    .default(0.5),
  /** Lifetime of cached results of queries over closed days (see warehouse-cache.ts); 0 turns the cache off. */
  API_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Requests per minute and API key; a key beyond it gets 429 with Retry-After. */
  API_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).max(10_000_000).default(1200),
  API_CACHE_ENTRIES: z.coerce.number().int().min(1).max(100_000).default(1000),
  LOG_LEVEL: logLevel,
  /**
   * The licence of the open-data releases. Each release stores the licence in force when it was created, so a
   * change applies to later releases only (api/README.md "Open data").
   */
  OPEN_DATA_LICENCE_NAME: z
    .string()
    .min(1)
    .max(200)
    .default('Datenlizenz Deutschland – Namensnennung – Version 2.0'),
  OPEN_DATA_LICENCE_URL: httpUrl.default('https://www.govdata.de/dl-de/by-2-0'),
  /** The same licence in the DCAT-AP.de licence vocabulary, which harvesters such as GovData read. */
  OPEN_DATA_LICENCE_URI: httpUrl.default('http://dcat-ap.de/def/licenses/dl-by-de/2.0'),
  /** Who publishes the releases: the source that the licence's attribution names. */
  OPEN_DATA_PUBLISHER: z.string().min(1).max(200).default('GoDoNu – Digitale Kommune@Hessen'),
  /**
   * The api's public address, for the absolute links of the DCAT-AP.de catalog (harvesters need absolute IRIs);
   * default `http://API_HOST:API_PORT`.
   */
  OPEN_DATA_BASE_URL: httpUrl.optional(),
  /** GovData's id of the publishing organisation (`dcatde:contributorID`), once it has one. */
  OPEN_DATA_CONTRIBUTOR_ID: httpUrl.optional(),
});

const refined = schema
  .superRefine((c, ctx) => {
    if (!c.GODONU_DEMO && c.DISCLOSURE_SECRET === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['DISCLOSURE_SECRET'],
        message:
          'is required outside demo mode: it keys the noise of every published number (e.g. `openssl rand -hex 32`)',
      });
  })
  .transform((c) => {
    const { GODONU_DATA_DIR: _, INIT_CWD: __, ...rest } = c;
    const base = c.OPEN_DATA_BASE_URL ?? `http://${c.API_HOST}:${c.API_PORT}`;
    return { ...rest, ...resolveFiles(c), OPEN_DATA_BASE_URL: base.replace(/\/+$/, '') };
  });

/** Every variable this service reads: what a deployment's environment may set (infra/compose checks it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type ApiConfig = Readonly<z.output<typeof refined>>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = refined.safeParse(env);
  if (!parsed.success) throw new Error(`invalid api configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}

const keysSchema = fileSchema.transform(resolveFiles);
export type KeysConfig = Readonly<z.output<typeof keysSchema>>;

/** What the `keys` command needs: the keys file and the sites file, nothing that only the server uses. */
export function loadKeysConfig(env: NodeJS.ProcessEnv = process.env): KeysConfig {
  const parsed = keysSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid keys configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}

const importSchema = fileSchema
  .extend({
    CLICKHOUSE_URL: schema.shape.CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: schema.shape.CLICKHOUSE_DATABASE,
  })
  .transform((c) => ({
    CLICKHOUSE_URL: c.CLICKHOUSE_URL,
    CLICKHOUSE_DATABASE: c.CLICKHOUSE_DATABASE,
    ...resolveFiles(c),
    /** Where the command was run: the file it is given is taken from there, like the files above. */
    COMMAND_DIR: c.INIT_CWD ?? process.cwd(),
  }));
export type ImportConfig = Readonly<z.output<typeof importSchema>>;

/** What the `offline-cases` command needs: the warehouse and the sites file, no disclosure secret. */
export function loadImportConfig(env: NodeJS.ProcessEnv = process.env): ImportConfig {
  const parsed = importSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`invalid offline-cases configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}

const sdgSchema = importSchema.and(
  z.object({
    /**
     * Base URL of the Commission's API for the common data repository. HTTPS (Annex II (b)); plain HTTP only on the
     * loopback, where the tests' stub of the API runs.
     */
    SDG_API_URL: httpUrl.refine(
      (u) =>
        u.startsWith('https://') || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(u),
      'must be an https:// URL (http:// only on the loopback)',
    ),
    /** The data provider's key for that API; one per provider (the city), so a run sends for one city. */
    SDG_API_KEY: z.string().min(8, 'must be the key the Commission issued (at least 8 characters)'),
  }),
);
export type SdgConfig = Readonly<z.output<typeof sdgSchema>>;

/** What the `sdg send` command needs: the warehouse, the sites file and the Commission's API. */
export function loadSdgConfig(env: NodeJS.ProcessEnv = process.env): SdgConfig {
  const parsed = sdgSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid sdg configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze(parsed.data);
}

/** The disclosure policy of a configuration; in demo mode without a secret, the public demo secret. */
export function policyOf(config: ApiConfig): DisclosurePolicy {
  return disclosurePolicy({
    k: config.K_ANONYMITY,
    epsilon: config.DISCLOSURE_EPSILON,
    secret: config.DISCLOSURE_SECRET ?? DEMO_SECRET,
  });
}
