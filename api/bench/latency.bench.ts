/*
 * API latency benchmark: loads ≥ 10 million generated events (30 days, six cities) into a PRIVATE ClickHouse (own
 * port and data directory, so the shared one is not slowed), starts the api on it and measures p50/p95 of the city
 * report over the 30 days and the cross-city comparison over the last closed month (the only kind of period it is
 * published for), sequential requests over HTTP, several runs.
 *
 *   pnpm --filter @godonu/api bench [--scale 2.2] [--runs 3] [--requests 40] [--port 18481] [--keep]
 *   (a quick trial of the command: --scale 0.05 --min-events 100000 --runs 1)
 *
 * With --keep the private ClickHouse and its data stay (a second run skips the load); otherwise both are removed.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@clickhouse/client';
import { generateTraffic } from '@godonu/generate';
import { clickhouseDown, clickhouseUp, loadLocalConfig } from '@godonu/infra';
import { migrate } from '@godonu/warehouse';
import pino from 'pino';
import { z } from 'zod';
import { buildApp } from '../src/app.ts';
import { KeyStore } from '../src/auth/key-store.ts';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import { localMidnightUtc } from '../src/reports/buckets.ts';
import { addDays, reportDay } from '../src/routes/params.schema.ts';
import { loadSites } from '../src/sites.ts';
import { clickhouseWarehouse } from '../src/warehouse.ts';
import { cachedWarehouse } from '../src/warehouse-cache.ts';

const MIN_EVENTS = 10_000_000;
const DAYS = 30;
const DATABASE = 'godonu_bench';
const WARMUP = 5;

const options = z.object({
  scale: z.coerce.number().positive().default(2.2),
  runs: z.coerce.number().int().min(1).max(20).default(3),
  requests: z.coerce.number().int().min(5).max(1000).default(40),
  port: z.coerce.number().int().min(1024).max(65535).default(18481),
  seed: z.string().default('bench'),
  keep: z.boolean().default(false),
  /** Only for a quick trial of the command itself; the recorded numbers use the default. */
  minEvents: z.coerce.number().int().min(1).default(MIN_EVENTS),
});
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    scale: { type: 'string' },
    runs: { type: 'string' },
    requests: { type: 'string' },
    port: { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean' },
    'min-events': { type: 'string' },
  },
});
const opts = options.parse({ ...values, minEvents: values['min-events'] });
const log = (m: string) => process.stderr.write(`${m}\n`);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const dataDir = path.join(REPO_ROOT, '.data', 'bench-api');
/** The comparison is published through the disclosure layer, whose noise needs a key; any will do here. */
const DISCLOSURE_SECRET = randomBytes(32).toString('hex');
/** The sites file the api would read. */
const SITES_FILE = loadConfig({ ...process.env, DISCLOSURE_SECRET }).GODONU_SITES_FILE;
const local = loadLocalConfig({ CLICKHOUSE_PORT: String(opts.port), GODONU_DATA_DIR: dataDir });
log(`starting a private ClickHouse on port ${opts.port} (data in ${dataDir})`);
const ch = await clickhouseUp(local);
const client = createClient({
  url: ch.url,
  database: DATABASE,
  request_timeout: 600_000,
  // Generating a block takes seconds; a kept-alive socket would go stale in between.
  keep_alive: { enabled: false },
  // Big blocks take a while: progress headers keep the connection busy so no idle timeout cuts it.
  clickhouse_settings: { send_progress_in_http_headers: 1, http_headers_progress_interval_ms: '10000' },
});
try {
  await migrate({ url: ch.url, database: DATABASE, rawRetentionDays: 3650 });
  // The 30 full days before today (Berlin), so every run of a day measures the same period.
  const end = new Date(localMidnightUtc(reportDay(new Date())) - 1);
  const to = reportDay(end);
  const from = addDays(to, -(DAYS - 1));
  const count = async () => {
    const rs = await client.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
    return Number(((await rs.json()) as [{ n: string }])[0].n);
  };
  let events = await count();
  if (events < opts.minEvents) {
    if (events > 0) await client.command({ query: 'TRUNCATE TABLE events' });
    log(`loading ${DAYS} days at scale ${opts.scale} (seed ${opts.seed}) ...`);
    const started = performance.now();
    const g = await generateTraffic({
      client,
      sites: loadSites(SITES_FILE).config,
      days: DAYS,
      scale: opts.scale,
      seed: opts.seed,
      end,
      onProgress: ({ day, events: n }) => log(`  ${day}: ${n} events`),
    });
    const seconds = (performance.now() - started) / 1000;
    log(`loaded ${g.events} events in ${seconds.toFixed(0)} s (${Math.round(g.events / seconds)} events/s)`);
    events = await count();
  } else log(`reusing ${events} events already loaded`);
  if (events < opts.minEvents) throw new Error(`only ${events} events: raise --scale`);

  const sites = loadSites(SITES_FILE);
  const keysFile = path.join(dataDir, 'bench-keys.json');
  await rm(keysFile, { force: true });
  const store = new KeyStore(keysFile);
  const cityKeys = new Map<string, string>();
  for (const c of sites.config.cities)
    cityKeys.set(c.key, (await store.create({ role: 'city', city: c.key, label: 'bench' })).key);
  const consortium = (await store.create({ role: 'consortium', city: null, label: 'bench' })).key;
  const config = loadConfig({
    CLICKHOUSE_URL: ch.url,
    CLICKHOUSE_DATABASE: DATABASE,
    API_KEYS_FILE: keysFile,
    DISCLOSURE_SECRET,
  });
  const warehouse = clickhouseWarehouse({ url: ch.url, database: DATABASE });
  // Cold: every request asks ClickHouse. Warm: the api's result cache for closed days, as `server.ts` runs it.
  const cold = await buildApp({ config, sites, keys: store, warehouse, logger: pino({ level: 'warn' }) });
  const cached = cachedWarehouse(warehouse, { ttlMs: 60_000, maxEntries: 1000 });
  const warm = await buildApp({
    config,
    sites,
    keys: store,
    warehouse: cached,
    logger: pino({ level: 'warn' }),
  });
  const bases = {
    cold: await cold.listen({ port: 0, host: '127.0.0.1' }),
    warm: await warm.listen({ port: 0, host: '127.0.0.1' }),
  };

  const cities = sites.config.cities.map((c) => c.key);
  const services = sites.config.services.map((s) => s.key);
  const period = `from=${from}&to=${to}`;
  // Other cities' numbers are published for closed calendar periods only: the comparison asks for the last closed
  // month, which the 30 days overlap (most of it).
  const closedMonth = addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7);
  const call = async (base: string, url: string, key: string) => {
    const t = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${key}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    return performance.now() - t;
  };
  const report = (base: string) => (i: number) => {
    const city = cities[i % cities.length] as string;
    return call(base, `/v1/cities/${city}/report?${period}`, cityKeys.get(city) as string);
  };
  const comparison = (base: string) => (i: number) =>
    call(base, `/v1/services/${services[i % services.length]}/comparison?period=${closedMonth}`, consortium);
  const endpoints = {
    'city report': report(bases.cold),
    'cross-city comparison': comparison(bases.cold),
    'city report, warm cache': report(bases.warm),
    'cross-city comparison, warm cache': comparison(bases.warm),
  };
  const results: Record<string, { p50: number[]; p95: number[] }> = {};
  for (const [name, run] of Object.entries(endpoints)) {
    for (let i = 0; i < WARMUP; i += 1) await run(i);
    results[name] = { p50: [], p95: [] };
    for (let r = 0; r < opts.runs; r += 1) {
      const samples: number[] = [];
      for (let i = 0; i < opts.requests; i += 1) samples.push(await run(i));
      samples.sort((a, b) => a - b);
      const p50 = percentile(samples, 0.5);
      const p95 = percentile(samples, 0.95);
      results[name].p50.push(p50);
      results[name].p95.push(p95);
      log(`${name} run ${r + 1}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    }
  }
  await cold.close();
  await warm.close();
  await warehouse.close();

  const parts = await client.query({
    query:
      'SELECT table, count() AS parts FROM system.parts WHERE database = {db:String} AND active GROUP BY table ORDER BY table',
    query_params: { db: DATABASE },
    format: 'JSONEachRow',
  });
  log(`active parts: ${JSON.stringify(await parts.json())}`);
  process.stdout.write(
    `\n${events} events, ${DAYS} days ${from}..${to} (comparison: ${closedMonth}), ${opts.runs} runs × ${opts.requests} sequential requests\n`,
  );
  process.stdout.write(
    '| endpoint | p50 ms (median of runs) | p95 ms (median of runs) | p95 per run |\n|---|---|---|---|\n',
  );
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `| ${name} | ${median(r.p50).toFixed(1)} | ${median(r.p95).toFixed(1)} | ${r.p95.map((x) => x.toFixed(1)).join(' / ')} |\n`,
    );
  }
} finally {
  await client.close();
  if (!opts.keep) {
    await clickhouseDown(local);
    await rm(path.join(dataDir, 'clickhouse'), { recursive: true, force: true });
    log('private ClickHouse stopped and its data removed');
  }
}
