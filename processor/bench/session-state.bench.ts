/*
 * What an open visit costs in memory, and what an event costs in CPU, in the processor's steps alone.
 *
 *   pnpm --filter @godonu/processor bench:state
 *   BENCH_VISITS=1000000 BENCH_RUNS=3 pnpm --filter @godonu/processor bench:state
 *
 * Each run is a fresh Node process (`--expose-gc`) that drives one partition as the batch handler does: blocks of
 * BENCH_BLOCK records (prepare on each record's bytes, finish with the block's session draft, commit once the
 * block would be stored, then the rows encoded as the insert sends them). BENCH_VISITS visits of SDK-shaped events
 * (`browserVisits`, ≈ 8 events each) arrive interleaved, BENCH_OPEN of them under way at a time, at 10,000
 * receipts per second, so no visit goes idle long enough to be evicted: the state ends holding every visit.
 * Printed per run and as medians over BENCH_RUNS runs:
 * - bytes per open visit: heap plus array buffers after a full GC with the partition's state, minus the same once
 *   the state is released, over the visits it held;
 * - µs of process CPU per event (every thread, so garbage collection included) in prepare, in finish + commit, and
 *   in encoding the rows.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseSitesConfig } from '@godonu/contract';
import { loadConfig } from '../src/config.ts';
import { PartitionSessions } from '../src/session/partition-sessions.ts';
import { insertBody } from '../src/sink/events.sink.ts';
import { createPipeline } from '../src/steps/pipeline.ts';
import { interleavedRecords } from './traffic.ts';

const VISITS = Number(process.env.BENCH_VISITS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 2_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 20_000);
const WARM_UP_VISITS = 20_000;
const START_MS = Date.UTC(2025, 2, 4, 7);

interface RunResult {
  visits: number;
  events: number;
  bytesPerVisit: number;
  prepareUs: number;
  finishUs: number;
  encodeUs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function retained(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const SITES = parseSitesConfig(readFileSync(loadConfig({}).GODONU_SITES_FILE, 'utf8'));

/** One partition's run over `visits` visits; the state it ends with is returned with the costs. */
function drive(visits: number, seed: number) {
  const pipeline = createPipeline(SITES, 'Europe/Berlin');
  const sessions = new PartitionSessions('0');
  sessions.addRecovered([]);
  let offset = 0;
  let events = 0;
  let prepareUs = 0;
  let finishUs = 0;
  let encodeUs = 0;
  let block: Buffer[] = [];
  const run = () => {
    const draft = sessions.begin();
    const t0 = cpuUs();
    const ready = [];
    for (const bytes of block) {
      const p = pipeline.prepare(bytes, 0, String(offset++));
      if (p.kind !== 'ready') throw new Error(`record not ready: ${JSON.stringify(p)}`);
      ready.push(p.ctx);
    }
    const t1 = cpuUs();
    const rows = [];
    for (const ctx of ready) {
      const f = pipeline.finish(ctx, draft);
      if (f.kind !== 'row') throw new Error(`record not stored: ${JSON.stringify(f)}`);
      rows.push(f.row);
    }
    draft.commit();
    const t2 = cpuUs();
    const body = insertBody(rows);
    const t3 = cpuUs();
    if (body.length === 0) throw new Error('empty insert body');
    prepareUs += t1 - t0;
    finishUs += t2 - t1;
    encodeUs += t3 - t2;
    events += block.length;
    block = [];
  };
  const records = interleavedRecords(SITES, {
    visits,
    open: OPEN,
    startMs: START_MS,
    perSecond: 10_000,
    seed,
  });
  for (const record of records) {
    block.push(Buffer.from(JSON.stringify(record)));
    if (block.length === BLOCK) run();
  }
  if (block.length > 0) run();
  return { sessions, events, prepareUs, finishUs, encodeUs };
}

function once(): RunResult {
  if (!gc) throw new Error('run with node --expose-gc');
  drive(WARM_UP_VISITS, 7); // the JIT's warm-up, and every lazily built cache, outside the measurement
  let run: ReturnType<typeof drive> | undefined = drive(VISITS, 1);
  const withState = retained();
  const { events, prepareUs, finishUs, encodeUs } = run;
  const visits = run.sessions.size;
  run = undefined;
  const without = retained();
  if (visits !== VISITS) throw new Error(`expected ${VISITS} open visits, the state holds ${visits}`);
  return {
    visits,
    events,
    bytesPerVisit: (withState - without) / visits,
    prepareUs: prepareUs / events,
    finishUs: finishUs / events,
    encodeUs: encodeUs / events,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function main() {
  console.log(
    `session-state bench: ${RUNS} runs of ${VISITS} visits, blocks of ${BLOCK}, ${OPEN} visits under way, ` +
      `node ${process.version}`,
  );
  const results: RunResult[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1] as string, '--once'], {
      encoding: 'utf8',
      env: process.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out) as RunResult;
    results.push(r);
    console.log(
      `run ${i}: ${r.events} events, ${r.visits} open visits, ${r.bytesPerVisit.toFixed(0)} B per visit; ` +
        `CPU per event: prepare ${r.prepareUs.toFixed(2)} µs, finish ${r.finishUs.toFixed(2)} µs, ` +
        `encode ${r.encodeUs.toFixed(2)} µs`,
    );
  }
  const m = (f: (r: RunResult) => number) => median(results.map(f)).toFixed(2);
  console.log(
    `median of ${RUNS}: ${median(results.map((r) => r.bytesPerVisit)).toFixed(0)} B per open visit; ` +
      `CPU per event ${m((r) => r.prepareUs + r.finishUs + r.encodeUs)} µs (prepare ${m((r) => r.prepareUs)}, ` +
      `finish ${m((r) => r.finishUs)}, encode ${m((r) => r.encodeUs)})`,
  );
}

if (process.argv.includes('--once')) process.stdout.write(JSON.stringify(once()));
else main();
