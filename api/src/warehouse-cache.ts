/*
 * A short-lived result cache in front of the warehouse, for queries over closed days only. A report day is final
 * once it is over (the `day` of an event is the collector's receive day) plus the time the processor needs to
 * store its last events; queries whose period ends before that are cached for a short time, so a person moving
 * between views, or several people looking at the same comparison, do not make ClickHouse merge the same visitor
 * states again. Anything that reads today (including realtime) always goes to ClickHouse. The lifetime is short
 * because data can still be loaded into past days by hand (the generator, a backfill).
 */
import type { Query } from '@godonu/warehouse';
import { localMidnightUtc } from './reports/buckets.ts';
import { addDays } from './routes/params.schema.ts';
import type { Warehouse } from './warehouse.ts';

/** How long after a day's end its last events may still be on their way into ClickHouse. */
export const DAY_SETTLED_MS = 15 * 60_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isClosedPeriod(q: Query<unknown>, now: number): boolean {
  const to = q.params.to;
  if (typeof to !== 'string' || !ISO_DAY.test(to)) return false;
  return now >= localMidnightUtc(addDays(to, 1)) + DAY_SETTLED_MS;
}

export function cachedWarehouse(
  inner: Warehouse,
  opts: { ttlMs: number; maxEntries: number; now?: () => number; onHit?: (name: string) => void },
): Warehouse {
  const now = opts.now ?? Date.now;
  // Keyed by the query text and its parameters; an entry answers only a query with the same row schema, so the
  // rows it hands out are of the type that query promises.
  const entries = new Map<string, { at: number; schema: unknown; rows: Promise<unknown[]> }>();
  return {
    async rows<Row>(q: Query<Row>): Promise<Row[]> {
      const t = now();
      if (opts.ttlMs <= 0 || !isClosedPeriod(q, t)) return inner.rows(q);
      const key = `${q.query}\u0000${JSON.stringify(q.params)}`;
      const hit = entries.get(key);
      if (hit && hit.schema === q.schema && t - hit.at < opts.ttlMs) {
        opts.onHit?.(q.name);
        return hit.rows as Promise<Row[]>;
      }
      const rows = inner.rows(q);
      // The promise itself is cached, so concurrent identical requests share one query; a failure is not kept.
      entries.delete(key);
      entries.set(key, { at: t, schema: q.schema, rows });
      rows.catch(() => entries.delete(key));
      while (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value as string);
      return rows;
    },
    insert: (table, rows, insertOpts) => inner.insert(table, rows, insertOpts),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
