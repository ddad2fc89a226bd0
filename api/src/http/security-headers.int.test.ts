/*
 * The api's own defences against a misbehaving caller: a per-key request limit and, for the dashboard, a
 * Content-Security-Policy, which the public open-data page has too. The warehouse is asked only for the list of
 * open-data releases (none).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, DASHBOARD_CSP } from '../app.ts';
import { KeyStore } from '../auth/key-store.ts';
import { loadConfig } from '../config.ts';
import { loadSites } from '../sites.ts';
import type { Warehouse } from '../warehouse.ts';

const LIMIT = 5;
const unused: Warehouse = {
  // The open-data page lists the releases: there are none here.
  rows: <T>(q: { name: string }) =>
    q.name === 'open_data_releases'
      ? Promise.resolve([] as T[])
      : Promise.reject(new Error('no warehouse in this test')),
  insert: () => Promise.reject(new Error('no warehouse in this test')),
  ping: async () => true,
  close: async () => undefined,
};

let dir: string;
let app: Awaited<ReturnType<typeof buildApp>>;
let keys: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'godonu-security-'));
  const webDir = path.join(dir, 'web');
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(webDir);
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>t</title>');
  const config = loadConfig({
    API_KEYS_FILE: path.join(dir, 'keys.json'),
    API_RATE_LIMIT_PER_KEY: String(LIMIT),
    GODONU_DEMO: '1',
    LOG_LEVEL: 'silent',
  });
  const store = new KeyStore(config.API_KEYS_FILE);
  keys = [
    (await store.create({ role: 'admin', city: null, label: 'a' })).key,
    (await store.create({ role: 'admin', city: null, label: 'b' })).key,
  ];
  app = await buildApp({
    config,
    sites: loadSites(config.GODONU_SITES_FILE),
    keys: store,
    warehouse: unused,
    logger: pino({ level: 'silent' }),
    webDir,
  });
});
afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

const me = (key: string) => app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });

describe('per-key request limit', () => {
  it(`answers ${LIMIT} requests of a key a minute, then 429 with Retry-After; other keys go on`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await me(keys[0] as string)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await me(keys[0] as string);
    expect(refused.json()).toEqual({
      error: 'API_RATE_LIMITED',
      message: 'too many requests for this API key; wait as Retry-After says',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await me(keys[1] as string)).statusCode).toBe(200);
  });
});

describe('security headers', () => {
  it('gives the dashboard and every answer a strict Content-Security-Policy, nosniff and no referrer', async () => {
    for (const url of ['/', '/index.html', '/healthz', '/open-data/', '/open-data/open-data.css']) {
      const res = await app.inject({ url });
      expect([url, res.headers['content-security-policy']]).toEqual([url, DASHBOARD_CSP]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });

  it("leaves the API documentation its own policy (Swagger UI's)", async () => {
    const res = await app.inject({ url: '/docs/static/index.html' });
    expect(res.headers['content-security-policy']).not.toBe(DASHBOARD_CSP);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});
