import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clickhouseConnection, godonuDemo, logLevel, reportTimeZone } from '@godonu/contract';
import { z } from 'zod';
import { type OidcConfig, parseRoleMap } from './auth/role-map.ts';
import { DEMO_SECRET, type DisclosurePolicy, disclosurePolicy, MIN_K } from './disclosure/policy.ts';
import { REPORT_TIME_ZONE } from './queries/tables.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z.url({ protocol: /^https?$/ });
/** An empty value counts as unset: compose passes `${VAR:-}` for what an operator may leave out. */
const unsetIfEmpty = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), t.optional());
/** HTTPS; plain HTTP only on the loopback, where the tests' stubs and providers run. */
const httpsOrLoopback = httpUrl.refine(
  (u) => u.startsWith('https://') || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(u),
  'must be an https:// URL (http:// only on the loopback)',
);

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
  /**
   * Sign-in to the dashboard through the city's identity provider (api/README.md "Sign-in"): the provider's issuer
   * URL, this api's client id and secret there. Without them the dashboard offers API keys only.
   */
  OIDC_ISSUER: unsetIfEmpty(httpsOrLoopback),
  OIDC_CLIENT_ID: unsetIfEmpty(z.string()),
  OIDC_CLIENT_SECRET: unsetIfEmpty(z.string()),
  /** Where the provider sends people back; registered with it. Default `<OPEN_DATA_BASE_URL>/auth/callback`. */
  OIDC_REDIRECT_URI: unsetIfEmpty(httpsOrLoopback),
  OIDC_SCOPES: z
    .string()
    .regex(
      /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/,
      'must be scopes separated by single spaces',
    )
    .refine((s) => s.split(' ').includes('openid'), 'must include openid')
    .default('openid profile'),
  /** The claim (a dotted path, e.g. `realm_access.roles`) holding the person's groups or roles. */
  OIDC_ROLES_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/)
    .default('groups'),
  /** Which group gives which role: `group=admin,group=consortium,group=city:<city key>` (role-map.ts). */
  OIDC_ROLE_MAP: unsetIfEmpty(z.string()),
  /** How long a dashboard session lasts after sign-in, whatever happens meanwhile. */
  OIDC_SESSION_MINUTES: z.coerce.number().int().min(5).max(1440).default(480),
});

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_MAP'] as const;

const refined = schema
  .superRefine((c, ctx) => {
    if (!c.GODONU_DEMO && c.DISCLOSURE_SECRET === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['DISCLOSURE_SECRET'],
        message:
          'is required outside demo mode: it keys the noise of every published number (e.g. `openssl rand -hex 32`)',
      });
    const set = OIDC_REQUIRED.filter((name) => c[name] !== undefined);
    if (set.length > 0)
      for (const name of OIDC_REQUIRED)
        if (c[name] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `is required for sign-in with an identity provider (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set)`,
          });
    if (c.OIDC_ROLE_MAP !== undefined) {
      const parsed = parseRoleMap(c.OIDC_ROLE_MAP);
      if (typeof parsed === 'string')
        ctx.addIssue({ code: 'custom', path: ['OIDC_ROLE_MAP'], message: parsed });
    }
  })
  .transform((c) => {
    const { GODONU_DATA_DIR: _, INIT_CWD: __, ...rest } = c;
    const base = (c.OPEN_DATA_BASE_URL ?? `http://${c.API_HOST}:${c.API_PORT}`).replace(/\/+$/, '');
    return { ...rest, ...resolveFiles(c), OPEN_DATA_BASE_URL: base, oidc: oidcOf(c, base) };
  });

function oidcOf(c: z.output<typeof schema>, base: string): OidcConfig | null {
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET || !c.OIDC_ROLE_MAP) return null;
  const roleMap = parseRoleMap(c.OIDC_ROLE_MAP);
  if (typeof roleMap === 'string') return null;
  return {
    issuer: c.OIDC_ISSUER,
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    redirectUri: c.OIDC_REDIRECT_URI ?? `${base}/auth/callback`,
    afterSignOut: `${base}/`,
    scopes: c.OIDC_SCOPES,
    rolesClaim: c.OIDC_ROLES_CLAIM,
    roleMap,
    sessionMs: c.OIDC_SESSION_MINUTES * 60_000,
  };
}

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
    SDG_API_URL: httpsOrLoopback,
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

export const mailRecipients = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
  )
  .pipe(z.array(z.email('must be e-mail addresses separated by commas')).min(1));

const reportSchema = z.object({
  /** The Chromium that renders the dashboard's print view to PDF (Debian's package `chromium`). */
  REPORT_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /**
   * `smtps://user:password@host:465` or `smtp://user:password@host:587`; on `smtp://` the connection must switch to
   * TLS (STARTTLS), except on the loopback (a local relay).
   */
  REPORT_SMTP_URL: unsetIfEmpty(z.url({ protocol: /^smtps?$/ })),
  /** The sender, e.g. `godonu <berichte@godonu.example>`. */
  REPORT_MAIL_FROM: unsetIfEmpty(z.string().min(3)),
  /** Default recipients, comma-separated; `--to` replaces them. */
  REPORT_MAIL_TO: unsetIfEmpty(mailRecipients),
});
export type ReportConfig = Readonly<z.output<typeof reportSchema>> & { api: ApiConfig };
export const REPORT_VARIABLES: readonly string[] = Object.keys(reportSchema.shape);

/** What `report monthly` needs: the api's configuration (it serves the print view) and how to render and mail. */
export function loadReportConfig(env: NodeJS.ProcessEnv = process.env): ReportConfig {
  const parsed = reportSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid report configuration:\n${z.prettifyError(parsed.error)}`);
  return Object.freeze({ ...parsed.data, api: loadConfig(env) });
}

/** The disclosure policy of a configuration; in demo mode without a secret, the public demo secret. */
export function policyOf(config: ApiConfig): DisclosurePolicy {
  return disclosurePolicy({
    k: config.K_ANONYMITY,
    epsilon: config.DISCLOSURE_EPSILON,
    secret: config.DISCLOSURE_SECRET ?? DEMO_SECRET,
  });
}
