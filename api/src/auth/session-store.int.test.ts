/*
 * The dashboard's sessions in the real ClickHouse, as two api instances share them: what one opens the other
 * reads, what one ends is ended for both; a login is answered once; nothing usable is stored.
 */
import { migrate } from '@godonu/warehouse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../../../tests/support/infra.ts';
import { clickhouseWarehouse, type Warehouse } from '../warehouse.ts';
import { LOGIN_MS, SessionStore } from './session-store.ts';

const HOUR = 3_600_000;
let db: Awaited<ReturnType<typeof testDatabase>>;
let warehouses: Warehouse[];
let clock = Date.parse('2026-12-08T09:00:00Z');
let a: SessionStore;
let b: SessionStore;

beforeAll(async () => {
  db = await testDatabase('sessions');
  await migrate({ url: inject('clickhouseUrl'), database: db.database, rawRetentionDays: 30 });
  warehouses = [0, 1].map(() => clickhouseWarehouse({ url: inject('clickhouseUrl'), database: db.database }));
  [a, b] = warehouses.map((w) => new SessionStore(w, () => clock)) as [SessionStore, SessionStore];
});

afterAll(async () => {
  for (const w of warehouses ?? []) await w.close();
  await db?.drop();
});

describe('sessions shared by two api instances', () => {
  it('opened on one, read on the other, ended on the other for both', async () => {
    const s = await a.open({ role: 'city', city: 'giessen', actor: 'oidc:0123456789abcdef' }, 8 * HOUR);
    expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await b.find(s.id)).toEqual({
      keyId: 'oidc:0123456789abcdef',
      role: 'city',
      city: 'giessen',
      expiresAt: clock + 8 * HOUR,
    });
    await b.end(s.id);
    expect(await a.find(s.id)).toBeNull();
    expect(await b.find(s.id)).toBeNull();
  });

  it('are ended by an instance whose clock is behind the one that opened them', async () => {
    const ahead = new SessionStore(warehouses[0] as Warehouse, () => clock + 60_000);
    const s = await ahead.open({ role: 'city', city: 'giessen', actor: 'oidc:0123456789abcdef' }, 8 * HOUR);
    await b.end(s.id);
    expect(await ahead.find(s.id)).toBeNull();
  });

  it('expire at their end, whatever happens meanwhile', async () => {
    const s = await a.open({ role: 'admin', city: null, actor: 'oidc:fedcba9876543210' }, HOUR);
    clock += HOUR - 1;
    expect((await b.find(s.id))?.role).toBe('admin');
    clock += 1;
    expect(await b.find(s.id)).toBeNull();
  });

  it('answer a login once, and refuse one older than ten minutes', async () => {
    const login = { pkceVerifier: 'v'.repeat(43), state: 's'.repeat(43), nonce: 'n'.repeat(43) };
    const id = await a.beginLogin(login);
    expect(await b.find(id)).toBeNull();
    expect(await b.takeLogin(id)).toEqual(login);
    expect(await a.takeLogin(id)).toBeNull();
    const late = await a.beginLogin(login);
    clock += LOGIN_MS;
    expect(await b.takeLogin(late)).toBeNull();
  });

  it('store a hash of the cookie, never the cookie, and forget a login’s secrets once answered', async () => {
    const s = await a.open({ role: 'consortium', city: null, actor: 'oidc:00000000000000aa' }, HOUR);
    const login = await a.beginLogin({ pkceVerifier: 'secret-verifier', state: 'st', nonce: 'no' });
    await a.takeLogin(login);
    const rs = await db.client.query({
      query: `SELECT id_hash, kind, ended, pkce_verifier FROM api_sessions_v1 FINAL WHERE id_hash IN
        (SELECT id_hash FROM api_sessions_v1 WHERE kind = 'login' ORDER BY version DESC LIMIT 1)`,
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { id_hash: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'login', ended: 1, pkce_verifier: '' },
    ]);
    const all = await db.client.query({ query: 'SELECT * FROM api_sessions_v1', format: 'JSONEachRow' });
    expect(JSON.stringify(await all.json())).not.toContain(s.id);
  });

  it('refuse an id of the wrong shape before asking the warehouse', async () => {
    expect(await a.find('')).toBeNull();
    expect(await a.find("x' OR 1=1 --")).toBeNull();
    expect(await a.takeLogin('a'.repeat(44))).toBeNull();
  });
});
