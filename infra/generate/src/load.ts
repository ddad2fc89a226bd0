/*
 * Generates the collector's records for every city and day, runs them through the processor's own steps
 * (`pipelineRun` of @godonu/processor: visits, entry pages, bounces, durations, channels, paths, service keys, report
 * days) and inserts the rows into the raw `events` table in large JSONEachRow blocks; the warehouse's materialized
 * views fill the roll-ups as for processor inserts. Generation of the next block overlaps the insert of the previous
 * one (the ClickHouse server works in its own process).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { type CollectedEvent, DEFAULT_REPORT_TIME_ZONE, type SitesConfig } from '@godonu/contract';
import { pipelineRun } from '@godonu/processor';
import type { EventRow } from '@godonu/warehouse';
import { addDays, dayIn } from './calendar.ts';
import { Random } from './random.ts';
import { cityModels } from './traffic.model.ts';
import { generateCityDay } from './visits.ts';

export const DEFAULT_BLOCK_ROWS = 200_000;
/**
 * Kafka partition of the first city's generated rows (the next city has the next one): far above the events
 * topic's partitions, so that a processor writing into the same database never takes generated rows for its own
 * when it looks for the rows it stored last or for the visits still open on its partitions.
 */
export const FIRST_GENERATED_PARTITION = 60_000;

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
  client: Pick<ClickHouseClient, 'insert'>;
  sites: SitesConfig;
  /** Report days ending with the day of `end`. */
  days: number;
  /** 1 ≈ 0.1 visits per inhabitant and day (about 175,000 events a day for the six cities). */
  scale: number;
  seed: string;
  /** No event received later than this instant; default now. */
  end?: Date;
  /** The warehouse's report time zone (REPORT_TIME_ZONE); default Europe/Berlin. */
  timeZone?: string;
  blockRows?: number;
  onProgress?: (p: { day: string; events: number }) => void;
}

export async function generateTraffic(
  o: GenerateOptions,
): Promise<{ events: number; from: string; to: string }> {
  const end = o.end ?? new Date();
  const timeZone = o.timeZone ?? DEFAULT_REPORT_TIME_ZONE;
  const to = dayIn(timeZone, end);
  const from = addDays(to, -(o.days - 1));
  const models = cityModels(o.sites, o.seed, o.scale);
  // A visitor's records share a partition; one per city keeps each partition's records in order of receipt.
  const runs = models.map((_, i) =>
    pipelineRun(o.sites, timeZone, { partition: FIRST_GENERATED_PARTITION + i }),
  );
  const blockRows = o.blockRows ?? DEFAULT_BLOCK_ROWS;
  let events = 0;
  let block: Partial<EventRow>[] = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    const rows = block;
    block = [];
    await inFlight;
    inFlight = o.client.insert({ table: 'events', values: rows, format: 'JSONEachRow' });
  };
  const ctx = { until: end.getTime(), timeZone };
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const [i, model] of models.entries()) {
      // One generator per city and day: the same seed gives the same day whatever the range or order.
      const r = new Random(`${o.seed}:${model.city.key}:${day}`);
      const others = models.filter((m) => m !== model);
      const records: CollectedEvent[] = [];
      generateCityDay(model, others, day, r, ctx, (record) => records.push(record));
      // Visits are drawn one after another, but arrive interleaved: the partition sees them by receipt time.
      records.sort((a, b) => a.receivedAt - b.receivedAt);
      for (const row of (runs[i] as (typeof runs)[number]).rows(records)) block.push(compactRow(row));
      events += records.length;
      if (block.length >= blockRows) await flush();
    }
    o.onProgress?.({ day, events });
  }
  if (block.length > 0) await flush();
  await inFlight;
  return { events, from, to };
}
