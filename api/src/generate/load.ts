/*
 * Generates traffic for every city and day and inserts it into the raw `events` table in large JSONEachRow blocks;
 * the warehouse's materialized views fill the roll-ups as for processor inserts. Generation of the next block
 * overlaps the insert of the previous one (the ClickHouse server works in its own process).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { SitesConfig } from '@godonu/contract';
import type { EventRow } from '@godonu/warehouse';
import { addDays, reportDay } from '../routes/params.schema.ts';
import { Random } from './random.ts';
import { cityModels } from './traffic.model.ts';
import { generateCityDay } from './visits.ts';

export const DEFAULT_BLOCK_ROWS = 200_000;

/**
 * The row without its empty fields: JSONEachRow fills omitted columns with their defaults ('' / 0 / NULL / {}),
 * and half the bytes of a typical row are such empties. Parsing is the slow part of a bulk load.
 */
export function compactRow(row: EventRow): Partial<EventRow> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '' || v === 0 || v === null) continue;
    if (typeof v === 'object' && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as Partial<EventRow>;
}

export interface GenerateOptions {
  client: ClickHouseClient;
  sites: SitesConfig;
  /** Report days (Europe/Berlin) ending with the day of `end`. */
  days: number;
  /** 1 ≈ 0.1 visits per inhabitant and day (about 300,000 events a day for the six cities). */
  scale: number;
  seed: string;
  /** No event later than this instant; default now. */
  end?: Date;
  blockRows?: number;
  onProgress?: (p: { day: string; events: number }) => void;
}

export async function generateTraffic(
  o: GenerateOptions,
): Promise<{ events: number; from: string; to: string }> {
  const end = o.end ?? new Date();
  const to = reportDay(end);
  const from = addDays(to, -(o.days - 1));
  const models = cityModels(o.sites, o.seed, o.scale);
  const blockRows = o.blockRows ?? DEFAULT_BLOCK_ROWS;
  let offset = 0;
  let events = 0;
  let block: Partial<EventRow>[] = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const rows = block;
    block = [];
    await inFlight;
    inFlight = o.client.insert({ table: 'events', values: rows, format: 'JSONEachRow' });
  };
  const ctx = { until: end.getTime(), nextOffset: () => String(offset++) };
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const model of models) {
      // One generator per city and day: the same seed gives the same day whatever the range or order.
      const r = new Random(`${o.seed}:${model.city.key}:${day}`);
      const others = models.filter((m) => m !== model);
      generateCityDay(model, others, day, r, ctx, (row) => {
        block.push(compactRow(row));
        events += 1;
      });
      if (block.length >= blockRows) await flush();
    }
    o.onProgress?.({ day, events });
  }
  if (block.length > 0) await flush();
  await inFlight;
  return { events, from, to };
}
