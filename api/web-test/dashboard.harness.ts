/*
 * The api with the dashboard, on a real port, over a database of its own filled by the traffic generator
 * (deterministic: fixed seed, fixed end, fixed clock) and with k = 10 and ε = 0.5, the production defaults, and the
 * api tests' fixed disclosure secret, so the noise of every published number is the same in every run. The
 * generated numbers are large enough for charts that look like a real month, and small enough that the smallest
 * city's rarer services fall below k: the comparison then has suppressed cells to show.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import {
  fixtureRows,
  TEST_DISCLOSURE_SECRET,
  type Visit,
} from '../../tests/support/api-fixture/journeys.fixture.ts';
import { buildApp } from '../src/app.ts';
import { KeyStore } from '../src/auth/key-store.ts';
import { loadConfig } from '../src/config.ts';
import { loadSites } from '../src/sites.ts';
import { clickhouseWarehouse, type Warehouse } from '../src/warehouse.ts';
import { buildDashboard } from '../web/build.ts';
import { createDemoDatabase } from './demo-traffic.fixture.ts';

/**
 * The api's clock (and the browser's, in the test): reports default to the 30 days up to this day, realtime to the
 * 30 minutes before it; the last closed periods are 2025-W13, 2025-02, 2024-Q4 and 2024.
 */
export const DEMO_NOW = new Date('2025-03-31T10:00:00Z');
export const DEMO_K = 10;
export const DEMO_EPSILON = 0.5;
export { TEST_DISCLOSURE_SECRET };

/** From 2025-01-01: the closed months January and February are whole, so a published month has a whole one before. */
const DEMO_DAYS = 90;
/** About 900 visits a day for the six cities: ~80,000 visits in 90 days, generated once and copied (demo-traffic.fixture.ts). */
const DEMO_SCALE = 0.02;
const RAW_RETENTION_DAYS = 3650;

export const DEMO_KEYS = ['giessen', 'consortium', 'admin'] as const;
export type DemoKey = (typeof DEMO_KEYS)[number];

export interface DashboardServer {
  app: FastifyInstance;
  baseUrl: string;
  keys: Record<DemoKey, string>;
  /** The api's warehouse, for what only a command writes (the record of SDG transmissions). */
  warehouse: Warehouse;
  /** The configuration the api runs with, e.g. for a command run against the same database. */
  env: Record<string, string>;
  /** GET of the public API with a key, parsed as JSON: what the dashboard shows must equal it. */
  api<T>(pathAndQuery: string, key: string): Promise<T>;
  close(): Promise<void>;
}

export interface DashboardOptions {
  /** Hand-written visits on top of the generated traffic (journeys.fixture.ts), e.g. feedback answers. */
  visits?: readonly Visit[];
  /** Raw events as the processor stores them, for events the visits cannot write (downloads, outbound links). */
  rows?: readonly object[];
  /** More configuration, given the api's address (e.g. sign-in through a provider that redirects back to it). */
  env?: (baseUrl: string) => Record<string, string>;
  /** The sessions' clock (wall-clock ms), for a test that lets a session expire. */
  wallClock?: () => number;
}

export async function startDashboardServer(
  clickhouseUrl: string,
  opts: DashboardOptions = {},
): Promise<DashboardServer> {
  await buildDashboard();
  // Listening before the app is built: its address is part of its configuration (the sign-in's redirect URI).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const address = `http://127.0.0.1:${port}`;
  const database = `dashboard_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'godonu-dashboard-'));
  const env: Record<string, string> = {
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: database,
    API_KEYS_FILE: path.join(dir, 'keys.json'),
    K_ANONYMITY: String(DEMO_K),
    DISCLOSURE_EPSILON: String(DEMO_EPSILON),
    DISCLOSURE_SECRET: TEST_DISCLOSURE_SECRET,
    LOG_LEVEL: 'silent',
    API_PORT: String(port),
    ...opts.env?.(address),
  };
  const config = loadConfig(env);
  const sites = loadSites(config.GODONU_SITES_FILE);
  await createDemoDatabase(clickhouseUrl, database, {
    sites: sites.config,
    days: DEMO_DAYS,
    scale: DEMO_SCALE,
    seed: 'dashboard',
    end: DEMO_NOW,
    rawRetentionDays: RAW_RETENTION_DAYS,
  });
  const client = createClient({ url: clickhouseUrl, database });
  if (opts.visits?.length)
    await client.insert({ table: 'events', values: fixtureRows(opts.visits), format: 'JSONEachRow' });
  if (opts.rows?.length)
    await client.insert({ table: 'events', values: [...opts.rows], format: 'JSONEachRow' });

  const store = new KeyStore(config.API_KEYS_FILE);
  const keys: Record<DemoKey, string> = {
    giessen: (await store.create({ role: 'city', city: 'giessen', label: 'team giessen' })).key,
    consortium: (await store.create({ role: 'consortium', city: null, label: 'programme office' })).key,
    admin: (await store.create({ role: 'admin', city: null, label: 'admin' })).key,
  };
  const warehouse = clickhouseWarehouse({ url: clickhouseUrl, database });
  const app = await buildApp({
    config,
    sites,
    keys: store,
    warehouse,
    logger: pino({ level: 'silent' }),
    now: () => DEMO_NOW,
    ...(opts.wallClock ? { wallClock: opts.wallClock } : {}),
    server,
  });
  await app.ready();
  return {
    app,
    baseUrl: address,
    keys,
    warehouse,
    env,
    async api<T>(pathAndQuery: string, key: string): Promise<T> {
      const res = await fetch(`${address}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}` } });
      if (!res.ok) throw new Error(`GET ${pathAndQuery} answered ${res.status}`);
      return (await res.json()) as T;
    },
    async close() {
      await app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await warehouse.close();
      await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
