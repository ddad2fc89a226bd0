/*
 * Over 100,000 generated hostile requests against the collector and the api as real processes (wrong types, huge
 * and deeply nested bodies, invalid UTF-8, SQL and script injection in every field, parameter and header, header
 * abuse, wrong methods, random paths, malformed HTTP on raw sockets), with valid traffic mixed in. Neither may
 * answer 5xx or stop, their memory must stay flat, and Kafka must hold exactly the events the collector
 * acknowledged: the valid ones, and nothing of the hostile ones. The seed makes every request reproducible.
 */

import { seededRandom } from '@godonu/infra/seeded-random';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKafka } from '../support/infra.ts';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import { type ApiKey, apiCases } from './api-cases.ts';
import { waitForRows, withIngestKeys } from './city-traffic.ts';
import { type CollectorSite, collectorCases } from './collector-cases.ts';
import { CATEGORIES, type Category } from './hostile-request.ts';
import { INSPECTOR_ARGS, LiveMemoryProbe, medianSlope } from './live-memory.ts';
import { fetchOperations } from './openapi-operations.ts';
import { type RawAnswer, rawRequest, sendRaw } from './raw-http.ts';
import { emptyTally, RequestSender, type Tally, tallyTable } from './send-requests.ts';

const SEED = 20_251_125;
/** Requests per target, sent in rounds with a memory reading after each. */
const REQUESTS = { collector: 56_000, api: 43_000 };
const ROUNDS = 8;
/** Rounds before the first reading the growth is measured from: every code path has run, caches have filled. */
const WARMUP_ROUNDS = 2;
/** Readings after each round, each after a full collection; the least counts (anything in flight only adds). */
const READINGS_PER_ROUND = 3;
const RAW = { collector: 1_200, api: 800 };
const CONCURRENCY = 32;
const RAW_CONCURRENCY = 16;
/**
 * Live memory (V8 heap in use plus Buffers, after a full collection: `live-memory.ts`) may grow by at most this many
 * MiB per 10,000 requests, taken as the median slope over the readings from the end of the warm-up on. Without a
 * leak the collector measures −0.09 to 0.08 and the api 0.14 to 0.31 (five runs on 2 cores at load 8–26, two of
 * them beside two CPU hogs); a leak of a kilobyte per request measures 9.9 to 11.5, one of 250 bytes 2.6.
 * Resident memory is no measure: it saw-tooths with the young generation, V8 grows it in steps and returns it
 * lazily. In one run without a leak the collector's rose steadily from 136 to 175 MiB (a factor 1.29) while its live
 * memory stayed at 26.3–26.7 MiB; the leak of 250 bytes a request moved the api's by a factor 1.08.
 */
const LIVE_GROWTH_LIMIT_MIB_PER_10K = 2;
const CLIENT_MAX = 600;
/** Client addresses of the flood (127.0.0.0/8 is all loopback): each stays well under `CLIENT_MAX` per window. */
const ADDRESSES = Array.from({ length: 128 }, (_, i) => `127.0.1.${i + 1}`);
const RAW_ADDRESSES = Array.from({ length: 64 }, (_, i) => `127.0.3.${i + 1}`);
const PROBE_URL = "/hostile/probe/'; DROP TABLE events; --<script>alert(1)</script>";

let p: Pipeline;
const probes: { collector?: LiveMemoryProbe; api?: LiveMemoryProbe } = {};
const tallies = { collector: emptyTally(), api: emptyTally() };
const raw = { collector: new Map<string, number>(), api: new Map<string, number>() };
const probeIds: string[] = [];

beforeAll(async () => {
  p = await startPipeline({
    sites: withIngestKeys,
    env: {
      collector: { COLLECTOR_RATE_LIMIT_CLIENT_MAX: String(CLIENT_MAX), COLLECTOR_LOG_LEVEL: 'warn' },
      // The flood sends ~10,000 requests a key within two minutes: the per-key limit must not answer them.
      api: { API_RATE_LIMIT_PER_KEY: '10000000' },
    },
    nodeArgs: { collector: INSPECTOR_ARGS, api: INSPECTOR_ARGS },
  });
  probes.collector = await LiveMemoryProbe.connect(p.services.collector);
  probes.api = await LiveMemoryProbe.connect(p.services.api);
});
afterAll(async () => {
  await Promise.all([probes.collector?.close(), probes.api?.close()]);
  await p?.stop();
});

function tallyRaw(into: Map<string, number>, answer: RawAnswer): void {
  const outcome = answer.timedOut
    ? ['timed out']
    : answer.closedSilently
      ? ['closed']
      : answer.statuses.map(String);
  for (const o of outcome) into.set(o, (into.get(o) ?? 0) + 1);
}

async function sendRawMany(
  port: number,
  target: Parameters<typeof rawRequest>[0],
  count: number,
  into: Map<string, number>,
  seed: number,
): Promise<void> {
  const r = seededRandom(seed);
  let next = 0;
  await Promise.all(
    Array.from({ length: RAW_CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        tallyRaw(
          into,
          await sendRaw(port, rawRequest(target, r), RAW_ADDRESSES[i % RAW_ADDRESSES.length] as string),
        );
      }
    }),
  );
}

function counts(t: Tally): Record<Category, number> {
  const table = tallyTable(t);
  return Object.fromEntries(CATEGORIES.map((c) => [c, table[c]?.total ?? 0])) as Record<Category, number>;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

interface RoundMemory {
  live: number;
  /** For the record only. */
  rss: number;
}

/** The least of `READINGS_PER_ROUND` readings. */
async function readMemory(probe: LiveMemoryProbe): Promise<RoundMemory> {
  const readings = [];
  for (let i = 0; i < READINGS_PER_ROUND; i++) readings.push(await probe.read());
  return {
    live: Math.min(...readings.map((r) => r.live)),
    rss: Math.min(...readings.map((r) => r.rss)),
  };
}

describe('hostile requests against the running collector and api', () => {
  it(`answer ${REQUESTS.collector + REQUESTS.api + RAW.collector + RAW.api} requests without a 5xx, keep running, and keep their memory`, {
    // About 3 minutes on a quiet machine; up to 8 under load (measured at load 25).
    timeout: 900_000,
  }, async () => {
    const sites = p.sites.cities.map(
      (c): CollectorSite => ({ key: c.key, origin: c.allowedOrigins[0] as string }),
    );
    const services = p.sites.services.map((s) => s.key);
    const keys: ApiKey[] = [
      { key: await p.apiKey('admin'), role: 'admin', city: null },
      { key: await p.apiKey('consortium'), role: 'consortium', city: null },
      { key: await p.apiKey('city', 'giessen'), role: 'city', city: 'giessen' },
      { key: await p.apiKey('city', 'limburg'), role: 'city', city: 'limburg' },
    ];
    const operations = await fetchOperations(p.services.api.url);
    const collectorStream = collectorCases(seededRandom(SEED), {
      sites,
      services,
      now: Date.now(),
      probeUrl: PROBE_URL,
      probeIds,
    });
    const apiStream = apiCases(seededRandom(SEED + 1), {
      operations,
      keys,
      cities: new Map(p.sites.cities.map((c) => [c.key, { named: c.namedInComparisons }])),
      services,
      periods: [
        { from: '2025-01-01', to: '2025-01-31' },
        { from: '2025-03-01', to: '2025-03-07' },
      ],
    });
    const collector = new RequestSender(p.services.collector.url, ADDRESSES);
    const api = new RequestSender(p.services.api.url, ADDRESSES);
    const started = Date.now();
    try {
      const memory = { collector: [] as RoundMemory[], api: [] as RoundMemory[] };
      const rounds = (async () => {
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all([
            collector.send(collectorStream, REQUESTS.collector / ROUNDS, CONCURRENCY, tallies.collector),
            api.send(apiStream, REQUESTS.api / ROUNDS, CONCURRENCY, tallies.api),
          ]);
          const [c, a] = await Promise.all([
            readMemory(probes.collector as LiveMemoryProbe),
            readMemory(probes.api as LiveMemoryProbe),
          ]);
          memory.collector.push(c);
          memory.api.push(a);
        }
      })();
      await Promise.all([
        rounds,
        sendRawMany(
          p.services.collector.port,
          {
            port: p.services.collector.port,
            post: {
              path: '/v1/events',
              headers:
                'Origin: https://www.giessen.de\r\nContent-Type: text/plain\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n',
            },
            get: '/healthz',
          },
          RAW.collector,
          raw.collector,
          SEED + 2,
        ),
        sendRawMany(
          p.services.api.port,
          {
            port: p.services.api.port,
            post: {
              path: '/v1/me',
              headers: `Authorization: Bearer ${keys[0]?.key}\r\nContent-Type: application/json\r\n`,
            },
            get: '/v1/cities/giessen/report?from=2025-01-01&to=2025-01-31',
          },
          RAW.api,
          raw.api,
          SEED + 3,
        ),
      ]);
      const seconds = (Date.now() - started) / 1000;
      /** MiB per 10,000 requests. */
      const growth = (target: 'collector' | 'api') =>
        (medianSlope(memory[target].slice(WARMUP_ROUNDS - 1).map((m) => m.live)) / 2 ** 20) *
        (10_000 / (REQUESTS[target] / ROUNDS));

      for (const target of ['collector', 'api'] as const) {
        const t = tallies[target];
        console.log(
          `${target}: ${t.sent} requests by category`,
          counts(t),
          'statuses',
          tallyTable(t),
          `raw sockets (${RAW[target]})`,
          Object.fromEntries(raw[target]),
          `5xx ${t.serverErrors}, not as expected ${t.violationCount}, leaks ${t.leaks}`,
          `after each ${REQUESTS[target] / ROUNDS} requests, live memory: ${memory[target].map((m) => mib(m.live)).join(', ')};`,
          `resident: ${memory[target].map((m) => mib(m.rss)).join(', ')};`,
          `live growth ${growth(target).toFixed(3)} MiB per 10,000 requests`,
        );
        if (t.violations.length > 0)
          console.log(`${target} answers not as expected:\n${t.violations.join('\n')}`);
      }
      console.log(
        `${tallies.collector.sent + tallies.api.sent + RAW.collector + RAW.api} requests in ${seconds.toFixed(1)} s; processor RSS ${mib(p.services.processor.rssBytes())}`,
      );

      const all = [...tallies.collector.byCategory.values(), ...tallies.api.byCategory.values()];
      expect(tallies.collector.sent + tallies.api.sent + RAW.collector + RAW.api).toBeGreaterThanOrEqual(
        100_000,
      );
      for (const target of ['collector', 'api'] as const) {
        const t = tallies[target];
        expect([target, t.serverErrors, t.violationCount, t.leaks]).toEqual([target, 0, 0, 0]);
        expect(Math.min(...Object.values(counts(t))), `${target}: every category`).toBeGreaterThan(100);
        const rawStatuses = [...raw[target].keys()].filter((k) => /^\d+$/.test(k)).map(Number);
        expect([target, rawStatuses.filter((s) => s >= 500 || s === 202)]).toEqual([target, []]);
        expect(growth(target), `${target} live memory growth, MiB per 10,000 requests`).toBeLessThan(
          LIVE_GROWTH_LIMIT_MIB_PER_10K,
        );
      }
      // Every request reached the collector's validation: none was turned away by its per-client limit.
      expect(all.some((statuses) => statuses.has(429))).toBe(false);
      expect([p.services.collector.running, p.services.api.running, p.services.processor.running]).toEqual([
        true,
        true,
        true,
      ]);
    } finally {
      await Promise.all([collector.close(), api.close()]);
    }
  });

  it('put exactly the events it acknowledged into Kafka: the valid ones mixed in, none of the hostile ones', async () => {
    const admin = testKafka().admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(p.topics.events);
    await admin.disconnect();
    const records = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    const t = tallies.collector;
    console.log(
      `events topic: ${records} records; valid events mixed in ${t.expectedEvents}, events the browser route repaired ${t.repairedEvents}, acknowledged ${t.acceptedEvents}`,
    );
    expect(t.expectedEvents).toBeGreaterThan(1_000);
    expect(records).toBe(t.acceptedEvents);
    expect(t.acceptedEvents).toBe(t.expectedEvents + t.repairedEvents);
  });

  it('stored the injection probes as inert data, and every key still reads what it did before', async () => {
    expect(probeIds.length).toBeGreaterThan(10);
    await waitForRows(p.clickhouse, 'event_id IN {ids:Array(String)}', { ids: probeIds }, probeIds.length);
    const rs = await p.clickhouse.query({
      query:
        "SELECT count() AS n FROM events WHERE event_id IN {ids:Array(String)} AND path LIKE '%DROP%TABLE%script%'",
      query_params: { ids: probeIds },
      format: 'JSONEachRow',
    });
    expect(Number(((await rs.json()) as [{ n: string }])[0].n)).toBe(probeIds.length);
    const key = await p.apiKey('city', 'wetzlar');
    const me = await fetch(`${p.services.api.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ role: 'city', city: 'wetzlar' });
  });

  it(`lets one client address send ${CLIENT_MAX} requests a window, then answers 429 with Retry-After`, async () => {
    const client = new Pool(p.services.collector.url, { connections: 1, localAddress: '127.0.2.1' });
    const statuses: number[] = [];
    const retryAfter = new Set<string>();
    try {
      for (let i = 0; i < CLIENT_MAX + 100; i++) {
        // A batch refused for its envelope: the limit counts requests before any body is read. A forwarded
        // address changes nothing, as no proxy is trusted.
        const res = await client.request({
          method: 'POST',
          path: '/v1/events',
          headers: {
            'content-type': 'text/plain',
            origin: 'https://www.giessen.de',
            'x-forwarded-for': `10.0.0.${i % 250}`,
          },
          body: JSON.stringify({ v: 2, site: 'giessen', events: [] }),
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) retryAfter.add(String(res.headers['retry-after']));
        await res.body.text();
      }
    } finally {
      await client.close();
    }
    expect(statuses.slice(0, CLIENT_MAX).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(CLIENT_MAX).every((s) => s === 429)).toBe(true);
    expect([...retryAfter].every((v) => Number(v) >= 1 && Number(v) <= 60)).toBe(true);
  });
});
