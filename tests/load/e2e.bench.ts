/*
 * Sustained end-to-end throughput with every component on this machine: an open-loop driver sends SDK batches
 * to the collector (HTTP) → Kafka → processor → ClickHouse, with the api running beside them.
 *
 *   pnpm --filter @godonu/tests bench:e2e
 *   LOAD_RATE=10000 LOAD_DURATION_S=600 LOAD_WARMUP_S=60 LOAD_ROUNDS=3 pnpm --filter @godonu/tests bench:e2e
 *   LOAD_RATE=4000 LOAD_DURATION_S=60 LOAD_ROUNDS=1 LOAD_PROFILE=processor,collector pnpm --filter @godonu/tests bench:e2e
 *
 * Kafka and ClickHouse are private instances on free ports (started here, deleted at the end); each round gets a
 * fresh pipeline (services as processes, own topics and database). Per round it reports the rate achieved, the
 * answers, event → queryable latency of markers, RSS of every process after the warm-up and at the end, and the
 * CPU each process used; then Markdown tables of all rounds with medians. Knobs: load.config.ts.
 *   LOAD_REPORT_DIR=/tmp/dir pnpm --filter @godonu/tests bench:e2e     (only the tables of saved rounds)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSitesConfig } from '@godonu/contract';
import { REPO_ROOT } from '@godonu/infra';
import type { ProfileSummary } from './cpu-profile.summary.ts';
import { loadConfig } from './load.config.ts';
import { startPrivateInfra } from './private-infra.ts';
import {
  comparisonTable,
  cpuTable,
  driftAfterFill,
  memoryTable,
  type RoundResult,
  rssSeries,
  threadLines,
  throughputTable,
} from './round.result.ts';
import { type RoundTree, roundProfiles, runRound } from './run-round.ts';

const PROFILE_MIN_BUSY_MS = 2_000;
/** A long round prints the processor's RSS this often (minutes since the traffic began). */
const RSS_SERIES_MIN = 5;
const config = loadConfig();
const sites = parseSitesConfig(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));

function printProfile(service: string, file: string, summary: ProfileSummary): void {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  console.log(
    `  ${service} ${file}: busy ${(summary.busyMs / 1000).toFixed(1)} s, idle ${(summary.idleMs / 1000).toFixed(1)} s`,
  );
  console.log(`    by package: ${summary.packages.map((p) => `${p.name} ${pct(p.share)}`).join(', ')}`);
  for (const f of summary.functions) console.log(`    ${pct(f.share).padStart(7)}  ${f.name}`);
}

function printTables(all: RoundResult[], dir: string): void {
  if (all.length === 0) return;
  const trees = [...new Set(all.map((r) => r.tree ?? 'this tree'))].sort();
  for (const tree of trees) {
    const results = all.filter((r) => (r.tree ?? 'this tree') === tree);
    const title = trees.length > 1 ? ` — ${tree}` : '';
    const first = results[0] as RoundResult;
    console.log(
      `\n### Throughput and latency${title} (window of ${Math.round(first.windowS)} s after the warm-up)\n`,
    );
    console.log(throughputTable(results));
    console.log(`\n### Memory${title}\n`);
    console.log(memoryTable(results));
    console.log(
      `\n### CPU in the window${title}: cores (share of the pipeline’s CPU) and µs of CPU per accepted event\n`,
    );
    console.log(cpuTable(results));
  }
  if (trees.length > 1) {
    console.log('\n### This tree against the baseline (medians of the rounds of each, same run)\n');
    console.log(comparisonTable(all));
  }
  console.log(`\nraw samples, logs and profiles: ${dir}`);
}

if (config.LOAD_REPORT_DIR) {
  // Tables of rounds measured earlier (their round-*.json), e.g. rounds of several invocations together.
  const files = readdirSync(config.LOAD_REPORT_DIR).filter((f) => /^round-\d+\.json$/.test(f));
  printTables(
    files.map((f) => JSON.parse(readFileSync(path.join(config.LOAD_REPORT_DIR as string, f), 'utf8')).result),
    config.LOAD_REPORT_DIR,
  );
  process.exit(0);
}

/** Per pair the baseline first, then this tree, then the other way round: neither always meets a warmer machine. */
function roundTrees(): RoundTree[] {
  const trees: RoundTree[] = [];
  for (let pair = 1; pair <= config.LOAD_ROUNDS; pair++) {
    const current: RoundTree = { tree: 'this tree', pair };
    if (!config.LOAD_BASELINE_ROOT) trees.push(current);
    else {
      const baseline: RoundTree = { tree: 'baseline', root: config.LOAD_BASELINE_ROOT, pair };
      trees.push(...(pair % 2 === 1 ? [baseline, current] : [current, baseline]));
    }
  }
  return trees;
}

const outDir = config.LOAD_OUT_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'godonu-load-out-'));
mkdirSync(outDir, { recursive: true });

console.log(
  `end-to-end load: ${config.LOAD_ROUNDS} round(s)${config.LOAD_BASELINE_ROOT ? ` each of this tree and of the baseline ${config.LOAD_BASELINE_ROOT}` : ''} × (${config.LOAD_WARMUP_S} s warm-up + ${config.LOAD_DURATION_S} s) ` +
    `at ${config.LOAD_RATE} events/s, batches of 1–${config.LOAD_MAX_BATCH} events, ${config.LOAD_CONNECTIONS} connections; ` +
    `${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${os.loadavg()[0]?.toFixed(1)}; output in ${outDir}`,
);
const infra = await startPrivateInfra(config.KAFKA_HEAP);
console.log(
  `private Kafka ${infra.kafkaBrokers} (pid ${infra.kafkaPid}), ClickHouse ${infra.clickhouseUrl} (pid ${infra.clickhousePid})`,
);
const results: RoundResult[] = [];
try {
  for (const [index, tree] of roundTrees().entries()) {
    const round = index + 1;
    const { result, samples } = await runRound(round, config, infra, sites, outDir, tree);
    const profiles = roundProfiles(config, outDir, round);
    results.push(result);
    writeFileSync(
      path.join(outDir, `round-${round}.json`),
      JSON.stringify({ result, profiles, samples }, null, 1),
    );
    console.log(
      `round ${round}${config.LOAD_BASELINE_ROOT ? ` (${tree.tree})` : ''}: ${Math.round(result.achievedRate)} events/s achieved (target ${result.targetRate}), stored ` +
        `${Math.round(result.storedRate)}/s; markers p50/p95/p99 ${result.markers.p50}/${result.markers.p95}/${result.markers.p99} ms ` +
        `(${result.markers.seen} of ${result.markers.sent}, ${result.markers.refused} refused, ${result.markers.missing} missing; ` +
        `poll ${result.markers.pollMs.toFixed(1)} ms each, ${result.markers.pollEngineMs.toFixed(1)} ms of it in ClickHouse ` +
        `= ${(result.markers.pollEngineShare * 100).toFixed(1)} % of ClickHouse's time, ` +
        `${result.markers.pollErrors} failed); ` +
        `drain ${result.drainS.toFixed(1)} s; lost ${result.lost}; ${result.eventsDropped} dropped as bots; ` +
        `driver send lag p99 ${result.sendLagP99} ms; ${result.inserts.perS.toFixed(1)} inserts/s of ` +
        `${Math.round(result.inserts.rowsEach)} rows, ${Math.round(result.inserts.meanMs)} ms each, in flight ` +
        `${Math.round(result.inserts.inFlightShare * 100)} % of the time`,
    );
    const processorGrowth = result.rssMiB.processor.end - result.rssMiB.processor.base;
    console.log(
      `  ${result.visitsOpened} visits begun in the window; processor RSS ${processorGrowth >= 0 ? '+' : ''}` +
        `${Math.round(processorGrowth)} MiB = ${Math.round((processorGrowth * 2 ** 20) / result.visitsOpened)} B per visit begun`,
    );
    const { processor } = result.rssMiB;
    if (Number.isFinite(processor.filled))
      console.log(
        `  processor RSS after the visit window filled: ${Math.round(processor.filled)} → ${Math.round(processor.end)} MiB ` +
          `(${(driftAfterFill(processor) * 100).toFixed(1)} %); every ${RSS_SERIES_MIN} minutes: ` +
          rssSeries(samples, 'processor', RSS_SERIES_MIN * 60_000)
            .map((r) => `${Math.round(r.minute)}′ ${Math.round(r.mib)}`)
            .join(', '),
      );
    console.log(`  busiest threads (cores):\n${threadLines(result)}`);
    for (const [service, list] of Object.entries(profiles)) {
      // Threads that only loaded modules (tsx's loader thread) have nothing to say.
      for (const { file, summary } of list ?? [])
        if (summary.busyMs >= PROFILE_MIN_BUSY_MS) printProfile(service, file, summary);
    }
  }
} finally {
  await infra.stop();
  // The rounds done so far, also when a later one failed.
  printTables(results, outDir);
}
