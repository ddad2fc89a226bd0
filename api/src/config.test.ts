import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig, loadKeysConfig, policyOf, REPO_ROOT } from './config.ts';
import { DEMO_SECRET } from './disclosure/policy.ts';

const SECRET = 'a production secret of at least 32 characters';
const problem = (...lines: [string, string][]) =>
  `invalid api configuration:\n${lines.map(([message, at]) => `✖ ${message}\n  → at ${at}`).join('\n')}`;
/** The message a configuration is refused with, or null when it is taken. */
function refusal(env: NodeJS.ProcessEnv): string | null {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('loadConfig', () => {
  it('takes a disclosure secret, with k = 10 and ε = 0.5 by default', () => {
    const c = loadConfig({ DISCLOSURE_SECRET: SECRET });
    expect([c.K_ANONYMITY, c.DISCLOSURE_EPSILON, Object.isFrozen(c)]).toEqual([10, 0.5, true]);
    const policy = policyOf(c);
    expect([policy.k, policy.epsilon, policy.scale, policy.secret.toString('utf8')]).toEqual([
      10,
      0.5,
      { s: 2, t: 1 },
      SECRET,
    ]);
  });

  it('refuses a k below 5: a published cell of fewer people is too easy to single out', () => {
    for (const k of ['1', '3', '4'])
      expect(refusal({ DISCLOSURE_SECRET: SECRET, K_ANONYMITY: k })).toBe(
        problem(['Too small: expected number to be >=5', 'K_ANONYMITY']),
      );
    // Demo mode relaxes the secret, never k.
    expect(refusal({ GODONU_DEMO: '1', K_ANONYMITY: '3' })).toBe(
      problem(['Too small: expected number to be >=5', 'K_ANONYMITY']),
    );
    expect(loadConfig({ DISCLOSURE_SECRET: SECRET, K_ANONYMITY: '5' }).K_ANONYMITY).toBe(5);
  });

  it('refuses to start without a disclosure secret outside demo mode, and a short one in any mode', () => {
    const missing = problem([
      'is required outside demo mode: it keys the noise of every published number (e.g. `openssl rand -hex 32`)',
      'DISCLOSURE_SECRET',
    ]);
    expect(refusal({})).toBe(missing);
    expect(refusal({ GODONU_DEMO: '0' })).toBe(missing);
    const short = problem([
      'must be at least 32 characters (e.g. `openssl rand -hex 32`)',
      'DISCLOSURE_SECRET',
    ]);
    expect(refusal({ DISCLOSURE_SECRET: 'x'.repeat(31) })).toBe(short);
    expect(refusal({ GODONU_DEMO: '1', DISCLOSURE_SECRET: 'x'.repeat(31) })).toBe(short);
  });

  it('keys the noise with the public demo secret in demo mode when none is configured', () => {
    const demo = loadConfig({ GODONU_DEMO: '1' });
    expect(demo.DISCLOSURE_SECRET).toBeUndefined();
    expect(policyOf(demo).secret.toString('utf8')).toBe(DEMO_SECRET);
    // A configured secret wins in demo mode too.
    expect(
      policyOf(loadConfig({ GODONU_DEMO: '1', DISCLOSURE_SECRET: SECRET })).secret.toString('utf8'),
    ).toBe(SECRET);
  });

  it('reports every problem at once', () => {
    expect(refusal({ K_ANONYMITY: '3', DISCLOSURE_EPSILON: '0.1234' })).toBe(
      problem(
        ['Too small: expected number to be >=5', 'K_ANONYMITY'],
        ['must have at most three decimals', 'DISCLOSURE_EPSILON'],
        [
          'is required outside demo mode: it keys the noise of every published number (e.g. `openssl rand -hex 32`)',
          'DISCLOSURE_SECRET',
        ],
      ),
    );
  });
});

describe('sign-in through an identity provider', () => {
  const OIDC = {
    DISCLOSURE_SECRET: SECRET,
    OIDC_ISSUER: 'https://login.giessen.example/realms/stadt',
    OIDC_CLIENT_ID: 'godonu',
    OIDC_CLIENT_SECRET: 'client secret',
    OIDC_ROLE_MAP: '/godonu/giessen=city:giessen, /godonu/admin=admin',
  };

  it('is off without its variables, and on with all four, callback and sign-out addresses from the public URL', () => {
    expect(loadConfig({ DISCLOSURE_SECRET: SECRET }).oidc).toBeNull();
    expect(loadConfig({ ...OIDC, OPEN_DATA_BASE_URL: 'https://godonu.example/' }).oidc).toEqual({
      issuer: 'https://login.giessen.example/realms/stadt',
      clientId: 'godonu',
      clientSecret: 'client secret',
      redirectUri: 'https://godonu.example/auth/callback',
      afterSignOut: 'https://godonu.example/',
      scopes: 'openid profile',
      rolesClaim: 'groups',
      roleMap: [
        { group: '/godonu/giessen', role: 'city', city: 'giessen' },
        { group: '/godonu/admin', role: 'admin', city: null },
      ],
      sessionMs: 480 * 60_000,
    });
  });

  it('counts empty values as unset (compose passes them so)', () => {
    const empty = { OIDC_ISSUER: '', OIDC_CLIENT_ID: '', OIDC_CLIENT_SECRET: '', OIDC_ROLE_MAP: '' };
    expect(loadConfig({ DISCLOSURE_SECRET: SECRET, ...empty }).oidc).toBeNull();
  });

  it('names what is missing when only some are set, and refuses a role map it cannot read', () => {
    expect(refusal({ DISCLOSURE_SECRET: SECRET, OIDC_ISSUER: OIDC.OIDC_ISSUER })).toBe(
      problem(
        ['is required for sign-in with an identity provider (OIDC_ISSUER is set)', 'OIDC_CLIENT_ID'],
        ['is required for sign-in with an identity provider (OIDC_ISSUER is set)', 'OIDC_CLIENT_SECRET'],
        ['is required for sign-in with an identity provider (OIDC_ISSUER is set)', 'OIDC_ROLE_MAP'],
      ),
    );
    expect(refusal({ ...OIDC, OIDC_ROLE_MAP: 'stadt=city' })).toBe(
      problem(['entry "stadt=city": the city role needs its city: city:<city key>', 'OIDC_ROLE_MAP']),
    );
  });

  it('takes an http:// issuer on the loopback only, and scopes that include openid', () => {
    expect(refusal({ ...OIDC, OIDC_ISSUER: 'http://login.giessen.example' })).toBe(
      problem(['must be an https:// URL (http:// only on the loopback)', 'OIDC_ISSUER']),
    );
    expect(loadConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe(
      'http://127.0.0.1:4000',
    );
    expect(refusal({ ...OIDC, OIDC_SCOPES: 'profile email' })).toBe(
      problem(['must include openid', 'OIDC_SCOPES']),
    );
  });
});

describe('the variables the api shares with the other services', () => {
  it('parses the warehouse, the log level and the report time zone as every service does', () => {
    const c = loadConfig({ GODONU_DEMO: '1' });
    expect([c.CLICKHOUSE_URL, c.CLICKHOUSE_DATABASE, c.LOG_LEVEL, c.REPORT_TIME_ZONE]).toEqual([
      'http://127.0.0.1:8123',
      'godonu',
      'info',
      'Europe/Berlin',
    ]);
    expect(loadConfig({ GODONU_DEMO: '1', REPORT_TIME_ZONE: 'europe/berlin' }).REPORT_TIME_ZONE).toBe(
      'Europe/Berlin',
    );
    expect(CONFIG_VARIABLES).toEqual(
      expect.arrayContaining(['CLICKHOUSE_URL', 'CLICKHOUSE_DATABASE', 'LOG_LEVEL', 'REPORT_TIME_ZONE']),
    );
  });

  it('refuses a report time zone other than the one its day arithmetic is written for', () => {
    expect(refusal({ GODONU_DEMO: '1', REPORT_TIME_ZONE: 'Europe/Vienna' })).toBe(
      problem([
        "the api counts days in Europe/Berlin only (the processor's REPORT_TIME_ZONE must be the same)",
        'REPORT_TIME_ZONE',
      ]),
    );
    expect(refusal({ GODONU_DEMO: '1', REPORT_TIME_ZONE: 'Berlin' })).toBe(
      problem(['unknown time zone "Berlin" (an IANA name, e.g. Europe/Berlin)', 'REPORT_TIME_ZONE']),
    );
  });

  it('refuses a warehouse address that is not HTTP', () => {
    expect(refusal({ GODONU_DEMO: '1', CLICKHOUSE_URL: 'tcp://clickhouse:9000' })).toBe(
      problem(['Invalid URL', 'CLICKHOUSE_URL']),
    );
  });
});

describe('the files the api and its keys command read', () => {
  const files = (env: NodeJS.ProcessEnv) => {
    const c = loadConfig({ GODONU_DEMO: '1', ...env });
    const k = loadKeysConfig(env);
    // The server and the command always agree.
    expect([k.API_KEYS_FILE, k.GODONU_SITES_FILE]).toEqual([c.API_KEYS_FILE, c.GODONU_SITES_FILE]);
    return [c.API_KEYS_FILE, c.GODONU_SITES_FILE];
  };

  it('keeps the keys in the runtime state directory, .data unless GODONU_DATA_DIR says otherwise', () => {
    const sites = path.join(REPO_ROOT, 'infra/config/sites.json');
    expect(files({})).toEqual([path.join(REPO_ROOT, '.data/api-keys.json'), sites]);
    expect(files({ GODONU_DATA_DIR: '/srv/godonu' })).toEqual(['/srv/godonu/api-keys.json', sites]);
    expect(files({ GODONU_DATA_DIR: '/srv/godonu', API_KEYS_FILE: '/etc/godonu/keys.json' })).toEqual([
      '/etc/godonu/keys.json',
      sites,
    ]);
  });

  it('takes relative paths from the directory the command was run in (INIT_CWD), as npm and pnpm report it', () => {
    expect(
      files({
        INIT_CWD: '/home/team/godonu',
        GODONU_DATA_DIR: 'state',
        GODONU_SITES_FILE: 'sites/kassel.json',
      }),
    ).toEqual(['/home/team/godonu/state/api-keys.json', '/home/team/godonu/sites/kassel.json']);
    expect(files({ INIT_CWD: '/home/team/godonu', API_KEYS_FILE: '../keys.json' })[0]).toBe(
      '/home/team/keys.json',
    );
  });

  it('reads for the keys command neither the disclosure secret nor anything else only the server needs', () => {
    expect(Object.keys(loadKeysConfig({ K_ANONYMITY: '1' })).sort()).toEqual([
      'API_KEYS_FILE',
      'GODONU_SITES_FILE',
    ]);
  });
});
