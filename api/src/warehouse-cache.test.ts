import { defineQuery, param, sql } from '@godonu/warehouse';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { offlineCasesQuery } from './queries/offline-cases.query.ts';
import { releaseFileQuery, releaseListQuery } from './queries/releases.query.ts';
import type { Warehouse } from './warehouse.ts';
import { cachedWarehouse, isClosedPeriod } from './warehouse-cache.ts';

const row = z.object({ n: z.number() });
const q = (to: string | undefined, name = 'q') =>
  defineQuery(name, to === undefined ? sql`SELECT 1` : sql`SELECT ${param.date('to', to)}`, row);

function fake(): Warehouse & { calls: number } {
  const w = {
    calls: 0,
    rows: async <T>() => {
      w.calls += 1;
      return [{ n: w.calls }] as T[];
    },
    insert: async () => {},
    ping: async () => true,
    close: async () => {},
  };
  return w;
}

describe('isClosedPeriod', () => {
  it('treats a day as closed 15 minutes after its Berlin midnight', () => {
    // 2025-03-07 ends at 2025-03-07T23:00Z (CET).
    expect(isClosedPeriod(q('2025-03-07'), Date.parse('2025-03-07T23:14:59Z'))).toBe(false);
    expect(isClosedPeriod(q('2025-03-07'), Date.parse('2025-03-07T23:15:00Z'))).toBe(true);
    expect(isClosedPeriod(q(undefined), Date.parse('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('never holds what a command or a route writes and must show at once: imports, releases', () => {
    const later = Date.parse('2030-01-01T00:00:00Z');
    const months = { firstMonth: '2025-01-01', lastMonth: '2025-02-01' };
    expect(isClosedPeriod(offlineCasesQuery({ sites: ['giessen'], service: null, ...months }), later)).toBe(
      false,
    );
    expect(isClosedPeriod(releaseListQuery(), later)).toBe(false);
    expect(isClosedPeriod(releaseFileQuery({ month: '2025-01', file: 'release.json' }), later)).toBe(false);
  });
});

describe('cachedWarehouse', () => {
  it('answers a closed period from the cache within the lifetime, and asks again after it', async () => {
    let t = Date.parse('2025-03-10T12:00:00Z');
    const inner = fake();
    const hits: string[] = [];
    const w = cachedWarehouse(inner, {
      ttlMs: 60_000,
      maxEntries: 10,
      now: () => t,
      onHit: (n) => hits.push(n),
    });
    expect(await w.rows(q('2025-03-07'))).toEqual([{ n: 1 }]);
    expect(await w.rows(q('2025-03-07'))).toEqual([{ n: 1 }]);
    expect(hits).toEqual(['q']);
    t += 60_000;
    expect(await w.rows(q('2025-03-07'))).toEqual([{ n: 2 }]);
  });

  it('never caches a period that reaches today, and evicts the oldest entry when full', async () => {
    const t = Date.parse('2025-03-10T12:00:00Z');
    const inner = fake();
    const w = cachedWarehouse(inner, { ttlMs: 60_000, maxEntries: 1, now: () => t });
    await w.rows(q('2025-03-10'));
    await w.rows(q('2025-03-10'));
    expect(inner.calls).toBe(2);
    await w.rows(q('2025-03-01'));
    await w.rows(q('2025-03-02'));
    await w.rows(q('2025-03-01'));
    expect(inner.calls).toBe(5);
  });

  it('answers from an entry only a query with the same row schema', async () => {
    const inner = fake();
    const w = cachedWarehouse(inner, {
      ttlMs: 60_000,
      maxEntries: 10,
      now: () => Date.parse('2025-03-10T12:00:00Z'),
    });
    const other = defineQuery(
      'q',
      sql`SELECT ${param.date('to', '2025-03-01')}`,
      z.object({ n: z.string() }),
    );
    await w.rows(q('2025-03-01'));
    await w.rows(other);
    await w.rows(q('2025-03-01'));
    expect(inner.calls).toBe(3);
  });

  it('is off with a lifetime of 0', async () => {
    const inner = fake();
    const w = cachedWarehouse(inner, {
      ttlMs: 0,
      maxEntries: 10,
      now: () => Date.parse('2025-03-10T12:00:00Z'),
    });
    await w.rows(q('2025-03-01'));
    await w.rows(q('2025-03-01'));
    expect(inner.calls).toBe(2);
  });
});
