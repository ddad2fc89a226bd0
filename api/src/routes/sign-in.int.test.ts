/*
 * The sign-in routes where no browser is needed: a provider that does not answer, answers that come without a login,
 * the limit on attempts, sign-out from elsewhere, and an api without a provider. The flow itself runs in Chromium
 * against a real provider (api/web-test/sign-in.int.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate } from '@godonu/warehouse';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { buildApp } from '../app.ts';
import { KeyStore } from '../auth/key-store.ts';
import { loadConfig } from '../config.ts';
import { loadSites } from '../sites.ts';
import { clickhouseWarehouse, type Warehouse } from '../warehouse.ts';

let db: Awaited<ReturnType<typeof testDatabase>>;
let dir: string;
let warehouse: Warehouse;

async function app(oidc: boolean): Promise<FastifyInstance> {
  const config = loadConfig({
    CLICKHOUSE_URL: inject('clickhouseUrl'),
    CLICKHOUSE_DATABASE: db.database,
    API_KEYS_FILE: path.join(dir, 'keys.json'),
    GODONU_DEMO: '1',
    LOG_LEVEL: 'silent',
    ...(oidc
      ? {
          // Nothing listens on the discard port: the provider does not answer.
          OIDC_ISSUER: 'http://127.0.0.1:9',
          OIDC_CLIENT_ID: 'godonu',
          OIDC_CLIENT_SECRET: 'secret',
          OIDC_ROLE_MAP: 'team=city:giessen',
        }
      : {}),
  });
  return buildApp({
    config,
    sites: loadSites(config.GODONU_SITES_FILE),
    keys: new KeyStore(config.API_KEYS_FILE),
    warehouse,
    logger: pino({ level: 'silent' }),
  });
}

beforeAll(async () => {
  db = await testDatabase('signin');
  await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 30 });
  dir = await mkdtemp(path.join(tmpdir(), 'godonu-signin-'));
  warehouse = clickhouseWarehouse({ url: inject('clickhouseUrl'), database: db.database });
});

afterAll(async () => {
  await warehouse?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const loginRows = async () =>
  (
    await (
      await db.client.query({ query: 'SELECT count() AS n FROM api_sessions_v1', format: 'JSONEachRow' })
    ).json<{ n: number | string }>()
  ).map((r) => Number(r.n))[0];

describe('with an identity provider configured', () => {
  let api: FastifyInstance;
  beforeAll(async () => {
    api = await app(true);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('says so to the dashboard, and that it does not answer, in German, with nothing stored', async () => {
    const status = await api.inject({ method: 'GET', url: '/auth/status' });
    expect([status.statusCode, status.json()]).toEqual([200, { identityProvider: true }]);
    const res = await api.inject({ method: 'GET', url: '/auth/login' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<h1>Anmeldedienst nicht erreichbar</h1>');
    expect(res.headers['set-cookie']).toEqual(
      '__Host-godonu-login=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict',
    );
    expect(await loginRows()).toBe(0);
  });

  it('refuses an answer that comes without a login of this browser', async () => {
    const res = await api.inject({ method: 'GET', url: '/auth/callback?code=abc&state=xyz' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<h1>Anmeldung abgelaufen</h1>');
    const forged = await api.inject({
      method: 'GET',
      url: '/auth/callback?code=abc&state=xyz',
      cookies: { '__Host-godonu-login': 'A'.repeat(43) },
    });
    expect(forged.statusCode).toBe(400);
  });

  it('takes 30 sign-in attempts a minute from one address, then answers 429', async () => {
    const statuses: number[] = [];
    // The first test's attempt counts too.
    for (let i = 0; i < 30; i++)
      statuses.push((await api.inject({ method: 'GET', url: '/auth/login' })).statusCode);
    expect(statuses.filter((s) => s === 503)).toHaveLength(29);
    expect(statuses.at(-1)).toBe(429);
  });

  it('signs out only from the dashboard’s own page', async () => {
    const foreign = await api.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(foreign.statusCode).toBe(403);
    const missing = await api.inject({ method: 'POST', url: '/auth/logout' });
    expect(missing.statusCode).toBe(403);
  });
});

describe('without an identity provider', () => {
  it('offers no sign-in routes and accepts no session cookie', async () => {
    const api = await app(false);
    try {
      const status = await api.inject({ method: 'GET', url: '/auth/status' });
      expect(status.json()).toEqual({ identityProvider: false });
      expect((await api.inject({ method: 'GET', url: '/auth/login' })).statusCode).toBe(404);
      const me = await api.inject({
        method: 'GET',
        url: '/v1/me',
        headers: { 'sec-fetch-site': 'same-origin' },
        cookies: { '__Host-godonu-session': 'A'.repeat(43) },
      });
      expect(me.statusCode).toBe(401);
    } finally {
      await api.close();
    }
  });
});
