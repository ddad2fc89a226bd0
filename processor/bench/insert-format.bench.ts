/*
 * What the format of the processor's insert costs, end to end: encoding in the processor, and parsing (plus the
 * roll-ups' views, the same work for every format) in ClickHouse.
 *
 *   pnpm --filter @godonu/processor bench:insert
 *   BENCH_ROUNDS=7 BENCH_BLOCKS=10 BENCH_BLOCK=2000 pnpm --filter @godonu/processor bench:insert
 *
 * BENCH_BLOCKS blocks of BENCH_BLOCK rows (SDK-shaped traffic through the processor's own steps) are inserted
 * into a migrated database per format, one insert per block with the sink's settings (a de-duplication token of
 * its own per insert): into `events` (roll-ups included) and into a copy of it without views (parsing and storing
 * alone), the formats taking turns, BENCH_ROUNDS times. ClickHouse is a private chDB server (so the shared one
 * is not disturbed and its CPU is this benchmark's alone) unless CLICKHOUSE_URL is set; merges are stopped while
 * measuring. Printed per format, medians over rounds, per row: wall time of the inserts, the processor's CPU
 * (encoding and HTTP), the server's CPU (from /proc, 10 ms ticks), and the body's bytes. Finally the stored rows
 * of every database are compared: every format must store the same.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type InsertParams } from '@clickhouse/client';
import { type CollectedEvent, parseSitesConfig } from '@godonu/contract';
import { clickhouseDown, clickhouseUp, freePort, loadLocalConfig } from '@godonu/infra';
import { EVENT_COLUMNS, type EventRow, eventRowsTabSeparated, migrate } from '@godonu/warehouse';
import { loadConfig } from '../src/config.ts';
import { pipelineRun } from '../src/steps/rows-through-pipeline.ts';
import { interleavedRecords } from './traffic.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 2_000);
const SITES = parseSitesConfig(readFileSync(loadConfig({}).GODONU_SITES_FILE, 'utf8'));
const TICK_US = 1_000_000 / 100;

/** A row as JSONCompactEachRow writes it, in EVENT_COLUMNS order (written out: as fast as it gets). */
const compact = (r: EventRow): unknown[] => [
  r.site,
  r.day,
  r.event_type,
  r.service,
  r.path,
  r.ts,
  r.client_ts,
  r.event_id,
  r.visitor,
  r.salt_day,
  r.session_id,
  r.session_start,
  r.entry,
  r.bounce_delta,
  r.duration_delta_ms,
  r.channel,
  r.channel_host,
  r.referrer_host,
  r.mode,
  r.device,
  r.country,
  r.browser,
  r.os,
  r.form,
  r.step,
  r.steps,
  r.step_name,
  r.field,
  r.elapsed_ms,
  r.target_host,
  r.target_path,
  r.engaged_ms,
  r.scroll_pct,
  r.name,
  r.props,
  r.score,
  r.reason,
  r.found,
  r.feedback_context,
  r.kafka_partition,
  r.kafka_offset,
];
const jsonLines = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
const columns = [...EVENT_COLUMNS];

/** What `client.insert` is given per format; `body` is the text the client sends, for its size. */
const FORMATS = {
  JSONEachRow: (rows: EventRow[]) => ({
    insert: { format: 'JSONEachRow' as const, values: rows },
    body: () => jsonLines(rows),
  }),
  JSONCompactEachRow: (rows: EventRow[]) => ({
    insert: { format: 'JSONCompactEachRow' as const, columns, values: rows.map(compact) },
    body: () => jsonLines(rows.map(compact)),
  }),
  JSONCompactEachRowWithNames: (rows: EventRow[]) => ({
    insert: { format: 'JSONCompactEachRowWithNames' as const, values: [columns, ...rows.map(compact)] },
    body: () => jsonLines([columns, ...rows.map(compact)]),
  }),
  TabSeparated: (rows: EventRow[]) => ({
    insert: {
      format: 'TabSeparated' as const,
      columns,
      values: Readable.from([eventRowsTabSeparated(rows)], { objectMode: false }),
    },
    body: () => eventRowsTabSeparated(rows),
  }),
};
type InsertFormat = keyof typeof FORMATS;
const INSERT_FORMATS = Object.keys(FORMATS) as InsertFormat[];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The chDB server's own process: the launcher (tsx) runs it as a child. */
function workerProcess(pid: number): number {
  let current = pid;
  for (;;) {
    try {
      const [child] = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').trim().split(' ');
      if (!child) return current;
      current = Number(child);
    } catch {
      return current;
    }
  }
}

/** User + system CPU of a process and its threads, µs (clock ticks of 10 ms). */
function processCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function blocks(): EventRow[][] {
  const run = pipelineRun(SITES, 'Europe/Berlin');
  const records = interleavedRecords(SITES, {
    visits: Number.MAX_SAFE_INTEGER,
    open: 20_000,
    startMs: Date.UTC(2025, 2, 4, 7),
    perSecond: 10_000,
    seed: 3,
  });
  const out: EventRow[][] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const block: CollectedEvent[] = [];
    for (let i = 0; i < BLOCK; i++) block.push(records.next().value as CollectedEvent);
    out.push(run.rows(block));
  }
  return out;
}

async function main() {
  let privateDir: string | undefined;
  let url = process.env.CLICKHOUSE_URL;
  let serverPid: number | undefined;
  const local = loadLocalConfig({ CLICKHOUSE_PORT: String(await freePort()), GODONU_DATA_DIR: '' });
  if (!url) {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'godonu-insert-bench-'));
    url = (await clickhouseUp({ ...local, GODONU_DATA_DIR: privateDir })).url;
    const launcher = Number(
      (await readFile(path.join(privateDir, 'clickhouse/clickhouse.pid'), 'utf8')).trim(),
    );
    serverPid = workerProcess(launcher);
  }
  const data = blocks();
  const rows = BLOCKS * BLOCK;
  console.log(
    `insert-format bench: ${ROUNDS} rounds of ${BLOCKS} inserts of ${BLOCK} rows per format, ClickHouse ${url}` +
      `${serverPid ? ` (pid ${serverPid})` : ' (shared: server CPU not measured)'}, ${os.cpus().length} cores`,
  );
  const stamp = Date.now().toString(36);
  const databases = new Map<InsertFormat, string>(INSERT_FORMATS.map((f) => [f, `bench_fmt_${f}_${stamp}`]));
  type Costs = { wall: number[]; client: number[]; server: number[] };
  const results = new Map<string, Costs>();
  const bytes = new Map<InsertFormat, number>();
  const clients = new Map<InsertFormat, ReturnType<typeof createClient>>();
  const insertAll = async (format: InsertFormat, table: string, round: number) => {
    const client = clients.get(format) as ReturnType<typeof createClient>;
    const wall0 = performance.now();
    const cpu0 = cpuUs();
    const server0 = serverPid ? processCpuUs(serverPid) : 0;
    for (const [b, block] of data.entries()) {
      await client.insert({
        table,
        ...(FORMATS[format](block).insert as Pick<
          InsertParams<Readable, unknown[]>,
          'format' | 'values' | 'columns'
        >),
        clickhouse_settings: {
          insert_deduplicate: 1,
          insert_deduplication_token: `bench/${round}/${b}`,
          deduplicate_blocks_in_dependent_materialized_views: 1,
          async_insert: 0,
          distributed_foreground_insert: 1,
          input_format_skip_unknown_fields: 0,
        },
      });
    }
    const key = `${format} ${table}`;
    const r = results.get(key) ?? { wall: [], client: [], server: [] };
    r.wall.push(((performance.now() - wall0) * 1000) / rows);
    r.client.push((cpuUs() - cpu0) / rows);
    if (serverPid) r.server.push((processCpuUs(serverPid) - server0) / rows);
    results.set(key, r);
  };
  try {
    for (const [format, database] of databases) {
      await migrate({ url, database, rawRetentionDays: 3650 });
      const client = createClient({ url, database, request_timeout: 120_000 });
      // The same table without the roll-ups' views: what parsing and storing alone cost.
      await client.command({ query: 'CREATE TABLE events_plain AS events' });
      await client.command({ query: 'SYSTEM STOP MERGES' }).catch((err) => {
        console.log(`  merges not stopped: ${(err as Error).message.split('\n')[0]}`);
      });
      clients.set(format, client);
      bytes.set(format, data.reduce((n, b) => n + Buffer.byteLength(FORMATS[format](b).body()), 0) / rows);
    }
    for (let round = 0; round < ROUNDS; round++) {
      // The formats take turns, each round starting with another one, so drift hits all alike.
      const order = INSERT_FORMATS.map(
        (_, i) => INSERT_FORMATS[(i + round) % INSERT_FORMATS.length] as InsertFormat,
      );
      for (const format of order) {
        await insertAll(format, 'events', round);
        await insertAll(format, 'events_plain', round);
      }
      console.log(`  round ${round + 1} done`);
    }
    for (const table of ['events', 'events_plain']) {
      console.log(table === 'events' ? 'into events (roll-ups included):' : 'into a copy without views:');
      for (const format of INSERT_FORMATS) {
        const r = results.get(`${format} ${table}`) as Costs;
        console.log(
          `  ${format.padEnd(28)} per row: wall ${median(r.wall).toFixed(1)} µs, processor CPU ` +
            `${median(r.client).toFixed(2)} µs, server CPU ${serverPid ? median(r.server).toFixed(1) : '-'} µs, ` +
            `body ${(bytes.get(format) as number).toFixed(0)} B`,
        );
      }
    }
    const stored = new Set<string>();
    for (const [format, client] of clients) {
      const rs = await client.query({
        query:
          "SELECT count() AS n, toString(sum(cityHash64(formatRow('TabSeparated', *)))) AS h FROM merge(currentDatabase(), '^events')",
        format: 'JSONEachRow',
      });
      const [row] = await rs.json<{ n: string; h: string }>();
      console.log(`${format.padEnd(26)} stored ${row?.n} rows, hash ${row?.h}`);
      stored.add(JSON.stringify(row));
    }
    if (stored.size !== 1) throw new Error('the formats stored different rows');
  } finally {
    for (const [format, client] of clients) {
      await client
        .command({ query: `DROP DATABASE IF EXISTS ${databases.get(format)}` })
        .catch(() => undefined);
      await client.close();
    }
    if (privateDir) {
      await clickhouseDown({ ...local, GODONU_DATA_DIR: privateDir });
      await rm(privateDir, { recursive: true, force: true });
    }
  }
}

await main();
