/*
 * Known ingest keys for every city, and valid events: the hostile tests mix them into their floods, the role and
 * schemathesis tests send them so that the api's answers carry real numbers.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { type SitesConfig, templatePath } from '@godonu/contract';
import { insertTotals } from '../support/processor-metrics.ts';

/** Desktop and mobile browsers: none of them is a bot to the collector. */
export const BROWSER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
] as const;

export function ingestKey(city: string): string {
  return `hostile-ingest-${city}`;
}

/** `startPipeline({ sites })`: every city also accepts `ingestKey(city)` on the server route. */
export function withIngestKeys(sites: SitesConfig): void {
  for (const city of sites.cities) {
    city.ingestKeySha256.push(createHash('sha256').update(ingestKey(city.key)).digest('hex'));
  }
}

/** Ids that never repeat within a run (the contract wants 8–36 url-safe characters). */
export function eventIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${(n++).toString(36).padStart(8, '0')}`;
}

export interface ServerItem {
  ip: string;
  ua: string;
  event: Record<string, unknown>;
}

/** One visitor's journey through a service's form, ending with a confirmation: seven events. */
export function formJourney(
  o: { ip: string; ua: string; service: string; path: string; id: () => string; now: number },
  confirm = true,
): ServerItem[] {
  const base = (type: string, extra: Record<string, unknown> = {}) => ({
    ip: o.ip,
    ua: o.ua,
    event: { type, id: o.id(), ts: o.now, url: o.path, service: o.service, ...extra },
  });
  const journey = [
    base('pageview'),
    base('service_view'),
    base('form_start', { form: 'antrag' }),
    base('form_step', { form: 'antrag', step: 1, steps: 2, stepName: 'person' }),
    base('form_error', { form: 'antrag', field: 'geburtsdatum', step: 1 }),
    base('form_submit', { form: 'antrag', elapsedMs: 90_000 }),
    base('rating', { score: 4 }),
  ];
  if (confirm) journey.push(base('form_confirm', { form: 'antrag', elapsedMs: 95_000 }));
  return journey;
}

/** Posts server batches of at most 50 events; throws unless every event is accepted. */
export async function sendServerEvents(
  collectorUrl: string,
  city: string,
  items: ServerItem[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 50) {
    const events = items.slice(i, i + 50);
    const res = await fetch(`${collectorUrl}/v1/events/server`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey(city)}` },
      body: JSON.stringify({ v: 1, site: city, sentAt: Date.now(), events }),
    });
    const body = await res.text();
    if (res.status !== 202 || JSON.parse(body).accepted !== events.length) {
      throw new Error(`collector answered ${res.status} ${body} for ${events.length} events of ${city}`);
    }
  }
}

/** Waits until the processor has written `count` rows that match `where` into `events`. */
export async function waitForRows(
  clickhouse: ClickHouseClient,
  where: string,
  params: Record<string, unknown>,
  count: number,
  deadlineMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const rs = await clickhouse.query({
      query: `SELECT count() AS n FROM events WHERE ${where}`,
      query_params: params,
      format: 'JSONEachRow',
    });
    seen = Number(((await rs.json()) as [{ n: string }])[0].n);
    if (seen >= count) return;
    await sleep(250);
  }
  throw new Error(`only ${seen} of ${count} rows (${where}) reached ClickHouse in ${deadlineMs} ms`);
}

/**
 * Sends each city's visitors through a service's form (`visitors` journeys, all but one confirmed) and waits
 * until the processor has stored them. Every city's page carries a marker that names the city and this run:
 * an answer that contains another city's marker shows that city's detail.
 */
/**
 * A run id of letters only, one path segment: the templating before Kafka folds segments that mix letters and
 * digits like case ids (a base-36 timestamp did, in about one run of four), never a single word of letters.
 */
function lettersOnly(n: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 26)) out = String.fromCharCode(97 + (v % 26)) + out;
  return out;
}

export async function seedCities(
  o: { collectorUrl: string; processorUrl: string; clickhouse: ClickHouseClient; service: string },
  visitors: Record<string, number>,
): Promise<Record<string, string>> {
  const before = (await insertTotals(o.processorUrl)).rows;
  const run = lettersOnly(Date.now());
  const markers: Record<string, string> = {};
  const id = eventIds(`s${run}`);
  let total = 0;
  let octet = 0;
  for (const [city, count] of Object.entries(visitors)) {
    markers[city] = `/marker/${city}/${run}`;
    // Paths are templated before Kafka: a marker that looked like a case id or a name would be stored as `:id`.
    if (templatePath(markers[city] as string) !== markers[city])
      throw new Error(`marker ${markers[city]} would be templated; choose another form`);
    const items = Array.from({ length: count }, (_, i) =>
      formJourney(
        {
          ip: `198.51.${100 + (octet >> 8)}.${octet++ & 255}`,
          ua: BROWSER_AGENTS[i % BROWSER_AGENTS.length] as string,
          service: o.service,
          path: markers[city] as string,
          id,
          now: Date.now(),
        },
        i > 0,
      ),
    ).flat();
    await sendServerEvents(o.collectorUrl, city, items);
    total += items.length;
  }
  await waitForRows(o.clickhouse, '1', {}, total);
  // The roll-ups of the last insert may still be on their way when its raw rows are visible (CI once counted 2 of
  // 3 visitors): wait until the processor's inserts have returned.
  const deadline = Date.now() + 30_000;
  while ((await insertTotals(o.processorUrl)).rows < before + total) {
    if (Date.now() > deadline) throw new Error(`the processor did not report ${total} rows inserted in 30 s`);
    await sleep(100);
  }
  return markers;
}

const DAY_MS = 86_400_000;

/**
 * Copies every stored event `days` days back (report day, salt day and times alike), as if the same visitors had
 * come then too: the closed calendar periods, the only ones other parties may read, get real numbers. The roll-ups
 * are filled by the insert, as the processor's inserts fill them.
 */
export async function copyEventsBack(clickhouse: ClickHouseClient, days: number): Promise<void> {
  await clickhouse.command({
    query: `INSERT INTO events
            SELECT * REPLACE (
              day - {days:UInt16} AS day,
              salt_day - {days:UInt16} AS salt_day,
              ts - toIntervalDay({days:UInt16}) AS ts,
              client_ts - toIntervalDay({days:UInt16}) AS client_ts
            )
            FROM events`,
    query_params: { days },
  });
}

/** How many days `copyEventsBack` takes today's events back to the 15th of a month (given by its first day). */
export function daysBackToMidMonth(month: { from: string }, today: string): number {
  return Math.round((Date.parse(today) - Date.parse(month.from)) / DAY_MS) - 14;
}
