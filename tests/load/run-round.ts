/**
 * One round: a fresh pipeline (collector, processor, api as processes; own topics and database on the private
 * broker and server), warm-up at the target rate, the measured window, then drain until every accepted event is
 * a row, and teardown.
 */
import { cpSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import type { SitesConfig } from '@godonu/contract';
import { ARRIVAL_SKEW_MS, SESSION_IDLE_MS } from '@godonu/processor';
import { type Pipeline, type PipelineOptions, type ServiceName, startPipeline } from '../support/pipeline.ts';
import { insertTotals } from '../support/processor-metrics.ts';
import { type ProfileSummary, summarizeProfiles } from './cpu-profile.summary.ts';
import type { LoadConfig } from './load.config.ts';
import { MarkerProbe, MarkerStats } from './marker.probe.ts';
import { OpenLoopDriver, Tally } from './open-loop.driver.ts';
import type { PrivateInfra } from './private-infra.ts';
import { type ProcessReading, ProcSampler, readMachine, readProcess, TICKS_PER_S } from './proc.sampler.ts';
import {
  PROCESSES,
  type ProcessName,
  type RoundResult,
  rssOverWindow,
  type RoundTree as TreeName,
} from './round.result.ts';
import { SdkTraffic } from './sdk-traffic.ts';

const PROGRESS_EVERY_MS = 30_000;
const START_ATTEMPTS = 3;
const START_RETRY_MS = 5_000;
const MIB = 2 ** 20;
/** Busiest thread groups listed per process. */
const THREAD_GROUPS = 5;

async function storedCount(clickhouse: ClickHouseClient): Promise<number> {
  const result = await clickhouse.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row?.n ?? 0);
}

interface Snapshot {
  at: number;
  machine: { busy: number; total: number };
  processes: Record<ProcessName, ProcessReading>;
  stored: number;
}

async function snapshot(pids: Record<ProcessName, number>, clickhouse: ClickHouseClient): Promise<Snapshot> {
  const processes = {} as Record<ProcessName, ProcessReading>;
  for (const p of PROCESSES) {
    const reading = readProcess(pids[p]);
    if (!reading) throw new Error(`${p} (pid ${pids[p]}) is not running`);
    processes[p] = reading;
  }
  return { at: performance.now(), machine: readMachine(), processes, stored: await storedCount(clickhouse) };
}

/**
 * A round's topics are created right after the previous round's were deleted; the single KRaft broker sometimes
 * answers the metadata request of the new ones with "does not host this topic-partition" for a moment.
 */
async function startWithRetries(options: PipelineOptions): Promise<Pipeline> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPipeline(options);
    } catch (error) {
      if (attempt === START_ATTEMPTS) throw error;
      console.log(
        `  pipeline did not start (${(error as Error).message.split('\n')[0]}); again in ${START_RETRY_MS / 1000} s`,
      );
      await sleep(START_RETRY_MS);
    }
  }
}

export interface RoundOutput {
  result: RoundResult;
  profiles: Partial<Record<ServiceName, { file: string; summary: ProfileSummary }[]>>;
  samples: ProcSampler['samples'];
}

/** Which sources a round runs: this tree, or the baseline checkout (LOAD_BASELINE_ROOT) with the same traffic. */
export interface RoundTree {
  tree: TreeName;
  root?: string;
  /** Rounds of one pair (baseline and this tree) send the same visits. */
  pair: number;
}

export async function runRound(
  round: number,
  config: LoadConfig,
  infra: PrivateInfra,
  sites: SitesConfig,
  outDir: string,
  tree: RoundTree = { tree: 'this tree', pair: round },
): Promise<RoundOutput> {
  const roundDir = path.join(outDir, `round-${round}`);
  const env: Partial<Record<ServiceName, Record<string, string>>> = {
    // Behind a proxy, as in production: each simulated browser has its own address, for rate limits and hashes.
    collector: { COLLECTOR_TRUST_PROXY: '127.0.0.1', COLLECTOR_LOG_LEVEL: config.LOAD_SERVICE_LOG_LEVEL },
    processor: { PROCESSOR_LOG_LEVEL: config.LOAD_SERVICE_LOG_LEVEL },
    api: { LOG_LEVEL: config.LOAD_SERVICE_LOG_LEVEL },
  };
  const nodeArgs: Partial<Record<ServiceName, string[]>> = {};
  for (const service of config.LOAD_PROFILE) {
    const dir = path.join(roundDir, 'profiles', service);
    mkdirSync(dir, { recursive: true });
    nodeArgs[service] = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  }
  const pipeline = await startWithRetries({
    kafkaBrokers: infra.kafkaBrokers,
    clickhouseUrl: infra.clickhouseUrl,
    env,
    nodeArgs,
    root: tree.root,
  });
  const pids: Record<ProcessName, number> = {
    collector: pipeline.services.collector.child?.pid as number,
    processor: pipeline.services.processor.child?.pid as number,
    api: pipeline.services.api.child?.pid as number,
    kafka: infra.kafkaPid,
    clickhouse: infra.clickhousePid,
    driver: process.pid,
  };

  const traffic = new SdkTraffic(sites, config.LOAD_SEED * 1_000 + tree.pair, config.LOAD_MAX_BATCH);
  const driver = new OpenLoopDriver({
    url: pipeline.services.collector.url,
    rate: config.LOAD_RATE,
    connections: config.LOAD_CONNECTIONS,
    maxInFlight: config.LOAD_MAX_IN_FLIGHT,
    timeoutMs: config.LOAD_REQUEST_TIMEOUT_MS,
    next: (now) => traffic.next(now),
    meanEvents: () => traffic.meanEvents,
  });
  const probe = new MarkerProbe(driver, traffic, pipeline.clickhouse, {
    markerMs: config.LOAD_MARKER_MS,
    pollMs: config.LOAD_POLL_MS,
    runTag: `${Date.now().toString(36)}r${round}`,
  });
  const warm = new Tally();
  const measured = new Tally();
  const accepted = () => warm.eventsAccepted + measured.eventsAccepted;
  const sampler = new ProcSampler(pids, async () => ({
    stored: await storedCount(pipeline.clickhouse),
    accepted: accepted(),
  }));
  const markers = new MarkerStats();

  try {
    sampler.start(config.LOAD_SAMPLE_S);
    // From here on visits open; the first can be evicted once the processor's visit window has passed.
    const filledAt = sampler.elapsedMs() + SESSION_IDLE_MS + ARRIVAL_SKEW_MS;
    driver.start(warm);
    probe.start(new MarkerStats());
    await sleep(config.LOAD_WARMUP_S * 1000);

    driver.switchTally(measured);
    probe.switchStats(markers);
    sampler.markThreads();
    const base = await snapshot(pids, pipeline.clickhouse);
    const baseInserts = await insertTotals(pipeline.services.processor.url);
    const baseVisits = traffic.visitsOpened;
    const baseSampleAt = sampler.elapsedMs();
    const baseLoad = os.loadavg()[0] as number;
    const windowMs = config.LOAD_DURATION_S * 1000;
    for (let elapsed = 0; elapsed < windowMs; ) {
      const step = Math.min(PROGRESS_EVERY_MS, windowMs - elapsed);
      const before = measured.eventsAccepted;
      await sleep(step);
      elapsed += step;
      const stored = await storedCount(pipeline.clickhouse).catch(() => Number.NaN);
      console.log(
        `  round ${round} ${Math.round(elapsed / 1000)} s: ${Math.round(((measured.eventsAccepted - before) * 1000) / step)} events/s accepted, ` +
          `${accepted() - stored} accepted but not yet stored, ${measured.status(503)} × 503, ${measured.errors + measured.timeouts} errors, ` +
          `markers p99 so far ${markers.latency.percentile(99)} ms, collector RSS ${Math.round((readProcess(pids.collector)?.rssBytes ?? 0) / MIB)} MiB, ` +
          `processor RSS ${Math.round((readProcess(pids.processor)?.rssBytes ?? 0) / MIB)} MiB, load ${os.loadavg()[0]?.toFixed(1)}`,
      );
    }
    const end = await snapshot(pids, pipeline.clickhouse);
    const endSampleAt = sampler.elapsedMs();
    const endInserts = await insertTotals(pipeline.services.processor.url);
    const visitsOpened = traffic.visitsOpened - baseVisits;
    const endLoad = os.loadavg()[0] as number;
    const threadTicks = sampler.threadTotals();

    probe.stopSending();
    await driver.stop();
    const sendEnd = performance.now();
    const deadline = Date.now() + config.LOAD_DRAIN_TIMEOUT_S * 1000;
    let stored = await storedCount(pipeline.clickhouse);
    while (stored < accepted() && Date.now() < deadline) {
      await sleep(500);
      stored = await storedCount(pipeline.clickhouse);
    }
    const drainS = (performance.now() - sendEnd) / 1000;
    const missing = await probe.drain(Math.max(0, deadline - Date.now()));
    await sampler.stop();
    driver.close();

    const windowS = (end.at - base.at) / 1000;
    const cores = os.cpus().length;
    const cpuCores = {} as Record<ProcessName, number>;
    const rssMiB = {} as RoundResult['rssMiB'];
    for (const p of PROCESSES) {
      cpuCores[p] = (end.processes[p].cpuTicks - base.processes[p].cpuTicks) / TICKS_PER_S / windowS;
      rssMiB[p] = rssOverWindow(sampler.samples, p, baseSampleAt, endSampleAt, filledAt);
    }
    const inserts = endInserts.inserts - baseInserts.inserts;
    const threads: RoundResult['threads'] = {};
    for (const [process, groups] of threadTicks) {
      threads[process] = [...groups]
        .sort((a, b) => b[1] - a[1])
        .slice(0, THREAD_GROUPS)
        .map(([name, ticks]) => ({ name, cores: ticks / TICKS_PER_S / windowS }));
    }
    const result: RoundResult = {
      round,
      tree: tree.tree,
      targetRate: config.LOAD_RATE,
      windowS,
      requests: measured.requests,
      status202: measured.status(202),
      status503: measured.status(503),
      otherStatuses: measured.otherStatuses(),
      errors: measured.errors,
      timeouts: measured.timeouts,
      notSent: measured.notSent,
      eventsAccepted: measured.eventsAccepted,
      eventsDropped: measured.eventsDropped,
      achievedRate: measured.eventsAccepted / windowS,
      storedRate: (end.stored - base.stored) / windowS,
      httpP50: measured.latency.percentile(50),
      httpP99: measured.latency.percentile(99),
      sendLagP99: measured.sendLag.percentile(99),
      markers: {
        sent: markers.sent,
        seen: markers.latency.count,
        refused: markers.refused,
        missing,
        p50: markers.latency.percentile(50),
        p95: markers.latency.percentile(95),
        p99: markers.latency.percentile(99),
        afterAcceptedP50: markers.afterAccepted.percentile(50),
        afterAcceptedP99: markers.afterAccepted.percentile(99),
        pollMs: probe.polls > 0 ? probe.pollMs / probe.polls : 0,
        pollEngineMs: probe.polls > 0 ? probe.pollEngineMs / probe.polls : 0,
        pollEngineShare: probe.engineShare,
        pollErrors: probe.pollErrors,
      },
      visitsOpened,
      inserts: {
        perS: inserts / windowS,
        rowsEach: (endInserts.rows - baseInserts.rows) / inserts,
        meanMs: ((endInserts.seconds - baseInserts.seconds) * 1000) / inserts,
        inFlightShare: (endInserts.seconds - baseInserts.seconds) / windowS,
      },
      drainS,
      lost: accepted() - stored,
      rssMiB,
      cpuCores,
      machineCores:
        ((end.machine.busy - base.machine.busy) / (end.machine.total - base.machine.total)) * cores,
      cores,
      loadAverage: { start: baseLoad, end: endLoad },
      threads,
    };
    for (const service of ['collector', 'processor', 'api'] as const) {
      cpSync(pipeline.services[service].logFile, path.join(roundDir, `${service}.log`));
    }
    return { result, profiles: {}, samples: sampler.samples };
  } finally {
    await driver.stop();
    driver.close();
    await sampler.stop().catch(() => undefined);
    // Also drops the round's database and deletes its topics: gigabytes at this rate.
    await pipeline.stop();
  }
}

export function roundProfiles(config: LoadConfig, outDir: string, round: number): RoundOutput['profiles'] {
  const profiles: RoundOutput['profiles'] = {};
  for (const service of config.LOAD_PROFILE) {
    profiles[service] = summarizeProfiles(path.join(outDir, `round-${round}`, 'profiles', service));
  }
  return profiles;
}
