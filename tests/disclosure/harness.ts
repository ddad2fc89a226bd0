/*
 * The api as an adversary meets it: the real app (routes, disclosure layer, real ClickHouse with the truth's rows
 * in a database of this file's own), keys of every role, "today" fixed at TODAY_NOW. `appFor(secret)` builds the app
 * under another DISCLOSURE_SECRET over the same warehouse, whose answers are memoised per query until `refresh()`,
 * so hundreds of secrets cost no more warehouse reads than one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, clickhouseWarehouse, KeyStore, loadConfig, loadSites, type Warehouse } from '@godonu/api';
import { migrate } from '@godonu/warehouse';
import pino from 'pino';
import { inject } from 'vitest';
import { testDatabase } from '../support/infra.ts';
import { TODAY_NOW, truthRows } from './truth.ts';

export const SECRET = 'attack-suite secret: 0123456789abcdef0123456789abcdef';
export const K = 5;
export const EPSILON = 0.5;

export const KEY_HOLDERS = [
  'giessen',
  'fulda',
  'limburg',
  'marburg',
  'wetzlar',
  'offenbach',
  'consortium',
  'admin',
] as const;
export type KeyHolder = (typeof KEY_HOLDERS)[number];

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read as an adversary reads JSON
  body: any;
}

export interface Adversary {
  keys: Record<KeyHolder, string>;
  /** GET as a key holder, from the app keyed by `SECRET` (or by `secret`). */
  get(holder: KeyHolder, url: string, secret?: string): Promise<Answer>;
  /** POST a JSON body as a key holder (creating an open-data release), to the app keyed by `SECRET`. */
  post(holder: KeyHolder, url: string, body: object): Promise<Answer>;
  /** GET without any key, as the public reads `/open-data/`; `text` is the body as served. */
  open(url: string): Promise<Answer & { text: string }>;
  insert(rows: object[]): Promise<void>;
  /** Forget memoised warehouse answers (after an insert). */
  refresh(): void;
  close(): Promise<void>;
}

function memoised(inner: Warehouse): Warehouse & { clear(): void } {
  const memo = new Map<string, Promise<unknown[]>>();
  return {
    rows<T>(q: Parameters<Warehouse['rows']>[0]): Promise<T[]> {
      const id = JSON.stringify([q.query, q.params]);
      let hit = memo.get(id);
      if (!hit) {
        hit = inner.rows<unknown>(q);
        memo.set(id, hit);
      }
      return hit as Promise<T[]>;
    },
    // The api writes only its own records (releases, the audit log); whatever was read before may have changed.
    async insert(...args: Parameters<Warehouse['insert']>): Promise<void> {
      await inner.insert(...args);
      memo.clear();
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
    clear: () => memo.clear(),
  } as Warehouse & { clear(): void };
}

export async function startAdversary(): Promise<Adversary> {
  const db = await testDatabase('disclosure');
  const url = inject('clickhouseUrl');
  await migrate({ url, database: db.database, rawRetentionDays: 3650 });
  await db.client.insert({ table: 'events', values: truthRows(), format: 'JSONEachRow' });
  const dir = await mkdtemp(path.join(tmpdir(), 'godonu-disclosure-'));
  const keysFile = path.join(dir, 'keys.json');
  const store = new KeyStore(keysFile);
  const keys = {} as Record<KeyHolder, string>;
  for (const holder of KEY_HOLDERS) {
    const spec =
      holder === 'consortium' || holder === 'admin'
        ? { role: holder, city: null, label: holder }
        : { role: 'city' as const, city: holder, label: holder };
    keys[holder] = (await store.create(spec)).key;
  }
  const warehouse = memoised(clickhouseWarehouse({ url, database: db.database }));
  const apps = new Map<string, ReturnType<typeof buildApp>>();
  const appFor = (secret: string) => {
    let app = apps.get(secret);
    if (!app) {
      const config = loadConfig({
        CLICKHOUSE_URL: url,
        CLICKHOUSE_DATABASE: db.database,
        API_KEYS_FILE: keysFile,
        K_ANONYMITY: String(K),
        DISCLOSURE_EPSILON: String(EPSILON),
        DISCLOSURE_SECRET: secret,
        LOG_LEVEL: 'silent',
      });
      app = buildApp({
        config,
        sites: loadSites(config.GODONU_SITES_FILE),
        keys: store,
        warehouse,
        logger: pino({ level: 'silent' }),
        now: () => TODAY_NOW,
      });
      apps.set(secret, app);
    }
    return app;
  };
  return {
    keys,
    async get(holder, u, secret = SECRET) {
      const app = await appFor(secret);
      const res = await app.inject({
        method: 'GET',
        url: u,
        headers: { authorization: `Bearer ${keys[holder]}` },
      });
      return {
        status: res.statusCode,
        body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
      };
    },
    async post(holder, u, body) {
      const res = await (await appFor(SECRET)).inject({
        method: 'POST',
        url: u,
        headers: { authorization: `Bearer ${keys[holder]}` },
        payload: body,
      });
      return { status: res.statusCode, body: res.json() };
    },
    async open(u) {
      const res = await (await appFor(SECRET)).inject({ method: 'GET', url: u });
      const json = String(res.headers['content-type']).includes('json');
      return { status: res.statusCode, body: json ? res.json() : res.body, text: res.body };
    },
    async insert(rows) {
      await db.client.insert({ table: 'events', values: rows, format: 'JSONEachRow' });
    },
    refresh: () => warehouse.clear(),
    async close() {
      for (const app of apps.values()) await (await app).close();
      await warehouse.close();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
