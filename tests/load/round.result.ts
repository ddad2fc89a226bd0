/** What one round measured, and the tables the command prints (Markdown, to paste into BENCHMARKS.md). */
import { median } from './latency.histogram.ts';
import type { Sample } from './proc.sampler.ts';

/** The processes whose CPU and memory are read, in the order the tables show them. */
export const PROCESSES = ['collector', 'processor', 'api', 'kafka', 'clickhouse', 'driver'] as const;
export type ProcessName = (typeof PROCESSES)[number];

export type RoundTree = 'this tree' | 'baseline';

export interface RoundResult {
  round: number;
  /** 'baseline' for a round of LOAD_BASELINE_ROOT's sources; absent in rounds saved before the knob existed. */
  tree?: RoundTree;
  targetRate: number;
  windowS: number;
  requests: number;
  status202: number;
  status503: number;
  otherStatuses: string;
  errors: number;
  timeouts: number;
  notSent: number;
  eventsAccepted: number;
  eventsDropped: number;
  /** Accepted events of the requests scheduled in the window, per second of the window. */
  achievedRate: number;
  /** Rows that reached ClickHouse during the window, per second. */
  storedRate: number;
  httpP50: number;
  httpP99: number;
  /** How late the driver sent, p99 ms: above a few ms the driver itself was short of CPU. */
  sendLagP99: number;
  markers: {
    sent: number;
    seen: number;
    refused: number;
    missing: number;
    p50: number;
    p95: number;
    p99: number;
    /** From the collector's 202 until queryable (Kafka → processor → ClickHouse only). */
    afterAcceptedP50: number;
    afterAcceptedP99: number;
    /** Mean duration of one poll: wall time (queueing included) and ClickHouse's own time; failed polls. */
    pollMs: number;
    pollEngineMs: number;
    /** Share of wall time ClickHouse spent on polls. */
    pollEngineShare: number;
    pollErrors: number;
  };
  /** Visits the traffic began in the window (markers not counted). */
  visitsOpened: number;
  /**
   * The processor's ClickHouse inserts in the window: per second, rows each, mean duration, and the share of wall
   * time an insert was in flight (above 1 when partitions insert concurrently; chDB runs them one at a time).
   */
  inserts: { perS: number; rowsEach: number; meanMs: number; inFlightShare: number };
  /** From the last request until every accepted event was stored. */
  drainS: number;
  /** Accepted events (all of the round, warm-up included) minus rows stored: must be 0. */
  lost: number;
  /**
   * Mean RSS of the first and last minute of the window, of the minute after the processor's visit window filled
   * (NaN when the round ends before), and the largest sample in the window.
   */
  rssMiB: Record<ProcessName, Rss>;
  /** CPU used in the window, in cores (1 = one core busy all the time). */
  cpuCores: Record<ProcessName, number>;
  machineCores: number;
  cores: number;
  loadAverage: { start: number; end: number };
  /** Per process, the busiest thread groups and their cores. */
  threads: Record<string, { name: string; cores: number }[]>;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const percent = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n * 100).toFixed(1)} %`;

/** Garbage-collected processes saw-tooth by tens of MiB: a minute's mean says more than one reading. */
export const RSS_MEAN_MS = 60_000;

/** RSS in MiB over a window of samples (`from`, `to`: ms on the sampler's clock). */
export interface Rss {
  base: number;
  filled: number;
  end: number;
  max: number;
}

/**
 * RSS of `process` in the window `from`–`to` (ms on the sampler's clock). `filledAt` is when the first visits can
 * have been evicted (the traffic's start plus the visit window): only from then on can memory be flat.
 */
export function rssOverWindow(
  samples: readonly Pick<Sample, 'at' | 'processes'>[],
  process: string,
  from: number,
  to: number,
  filledAt = Number.POSITIVE_INFINITY,
): Rss {
  const inWindow = samples
    .filter((s) => s.at >= from && s.at <= to && s.processes[process])
    .map((s) => ({ at: s.at, mib: (s.processes[process]?.rssBytes ?? 0) / 2 ** 20 }));
  const mean = (xs: { mib: number }[]) => xs.reduce((sum, x) => sum + x.mib, 0) / xs.length;
  const first = inWindow.filter((s) => s.at < from + RSS_MEAN_MS);
  const last = inWindow.filter((s) => s.at > to - RSS_MEAN_MS);
  const filled =
    filledAt + RSS_MEAN_MS <= to
      ? inWindow.filter((s) => s.at >= filledAt && s.at < filledAt + RSS_MEAN_MS)
      : [];
  return {
    base: first.length ? mean(first) : Number.NaN,
    filled: filled.length ? mean(filled) : Number.NaN,
    end: last.length ? mean(last) : Number.NaN,
    max: Math.max(...inWindow.map((s) => s.mib)),
  };
}

export function drift(r: { base: number; end: number }): number {
  return r.end / r.base - 1;
}

/** RSS of `process` every `everyMs` from the first sample on (the reading at or after each mark), in MiB. */
export function rssSeries(
  samples: readonly Pick<Sample, 'at' | 'processes'>[],
  process: string,
  everyMs: number,
): { minute: number; mib: number }[] {
  const series: { minute: number; mib: number }[] = [];
  const start = samples[0]?.at ?? 0;
  for (const s of samples) {
    const bytes = s.processes[process]?.rssBytes;
    if (bytes !== undefined && s.at >= start + series.length * everyMs)
      series.push({ minute: (s.at - start) / 60_000, mib: bytes / 2 ** 20 });
  }
  return series;
}

/** Drift from the minute after the visit window filled to the last minute: NaN when the round was shorter. */
export function driftAfterFill(r: Rss): number {
  return r.end / r.filled - 1;
}

export function throughputTable(results: RoundResult[]): string {
  const lines = [
    '| round | target events/s | achieved events/s | stored events/s | requests | 202 | 503 | other / errors / timeouts / not sent | HTTP p50 / p99 ms | event → queryable p50 / p95 / p99 ms (markers seen/sent) | 202 → queryable p50 / p99 ms | drain s | lost |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.round} | ${int(r.targetRate)} | ${int(r.achievedRate)} | ${int(r.storedRate)} | ${int(r.requests)} | ` +
        `${int(r.status202)} | ${int(r.status503)} | ${r.otherStatuses || '0'} / ${r.errors} / ${r.timeouts} / ${r.notSent} | ` +
        `${int(r.httpP50)} / ${int(r.httpP99)} | ${int(r.markers.p50)} / ${int(r.markers.p95)} / ${int(r.markers.p99)} ` +
        `(${r.markers.seen}/${r.markers.sent}) | ${int(r.markers.afterAcceptedP50)} / ${int(r.markers.afterAcceptedP99)} | ` +
        `${fixed(r.drainS, 1)} | ${int(r.lost)} |`,
    );
  }
  if (results.length > 1) {
    const m = (f: (r: RoundResult) => number) => median(results.map(f));
    lines.push(
      `| **median** | ${int(m((r) => r.targetRate))} | **${int(m((r) => r.achievedRate))}** | ${int(m((r) => r.storedRate))} | ` +
        `${int(m((r) => r.requests))} | ${int(m((r) => r.status202))} | ${int(m((r) => r.status503))} | | ` +
        `${int(m((r) => r.httpP50))} / ${int(m((r) => r.httpP99))} | ` +
        `**${int(m((r) => r.markers.p50))} / ${int(m((r) => r.markers.p95))} / ${int(m((r) => r.markers.p99))}** | ` +
        `${int(m((r) => r.markers.afterAcceptedP50))} / ${int(m((r) => r.markers.afterAcceptedP99))} | ` +
        `${fixed(
          m((r) => r.drainS),
          1,
        )} | ${int(m((r) => r.lost))} |`,
    );
  }
  return lines.join('\n');
}

export function memoryTable(results: RoundResult[]): string {
  const lines = [
    `| round | ${PROCESSES.map((p) => `${p} RSS MiB first → last minute (drift), max`).join(' | ')} |`,
    `| --- | ${PROCESSES.map(() => '---:').join(' | ')} |`,
  ];
  for (const r of results) {
    const cells = PROCESSES.map((p) => {
      const m = r.rssMiB[p];
      const afterFill = Number.isFinite(m.filled)
        ? `; window filled ${int(m.filled)} → ${int(m.end)} (${percent(driftAfterFill(m))})`
        : '';
      return `${int(m.base)} → ${int(m.end)} (${percent(drift(m))})${afterFill}, ${int(m.max)}`;
    });
    lines.push(`| ${r.round} | ${cells.join(' | ')} |`);
  }
  if (results.length > 1) {
    const cells = PROCESSES.map((p) => `**${percent(median(results.map((r) => drift(r.rssMiB[p]))))}**`);
    lines.push(`| **median drift** | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** CPU per accepted event, µs: what each process costs per event, whatever the rate reached. */
export function cpuPerEvent(r: RoundResult, p: ProcessName): number {
  return (r.cpuCores[p] * 1e6) / r.achievedRate;
}

/**
 * The rate the machine could carry if the pipeline had every core and CPU were the only limit: cores divided by
 * the CPU all processes spend per event (driver included, as a proxy or the clients would be elsewhere).
 */
export function cpuBoundRate(r: RoundResult): number {
  const perEvent = PROCESSES.reduce((sum, p) => sum + cpuPerEvent(r, p), 0);
  return (r.cores * 1e6) / perEvent;
}

export function cpuTable(results: RoundResult[]): string {
  const lines = [
    `| round | ${PROCESSES.map((p) => `${p} cores (share) µs/event`).join(' | ')} | all of these | whole machine (of ${results[0]?.cores ?? '?'} cores) | other work | CPU-bound ceiling events/s | load average start → end |`,
    `| --- | ${PROCESSES.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`,
  ];
  const row = (
    label: string,
    cpu: (p: ProcessName) => number,
    perEvent: (p: ProcessName) => number,
    machine: number,
    ceiling: number,
    load: string,
  ) => {
    const ours = PROCESSES.reduce((sum, p) => sum + cpu(p), 0);
    const cells = PROCESSES.map(
      (p) => `${fixed(cpu(p))} (${Math.round((100 * cpu(p)) / ours)} %) ${int(perEvent(p))}`,
    );
    return `| ${label} | ${cells.join(' | ')} | ${fixed(ours)} | ${fixed(machine)} | ${fixed(machine - ours)} | ${int(ceiling)} | ${load} |`;
  };
  for (const r of results) {
    lines.push(
      row(
        String(r.round),
        (p) => r.cpuCores[p],
        (p) => cpuPerEvent(r, p),
        r.machineCores,
        cpuBoundRate(r),
        `${fixed(r.loadAverage.start, 1)} → ${fixed(r.loadAverage.end, 1)}`,
      ),
    );
  }
  if (results.length > 1) {
    lines.push(
      row(
        '**median**',
        (p) => median(results.map((r) => r.cpuCores[p])),
        (p) => median(results.map((r) => cpuPerEvent(r, p))),
        median(results.map((r) => r.machineCores)),
        median(results.map(cpuBoundRate)),
        '',
      ),
    );
  }
  return lines.join('\n');
}

export function threadLines(r: RoundResult): string {
  return Object.entries(r.threads)
    .map(
      ([process, groups]) => `  ${process}: ${groups.map((g) => `${g.name} ${fixed(g.cores)}`).join(', ')}`,
    )
    .join('\n');
}

/**
 * The figures the efficiency goals name, medians of each tree's rounds, and this tree ÷ baseline. CPU per event
 * counts the pipeline without the driver (collector, Kafka, processor, ClickHouse; the api idles).
 */
export function comparisonTable(results: RoundResult[]): string {
  const of = (tree: RoundTree) => results.filter((r) => (r.tree ?? 'this tree') === tree);
  const pipelineCpu = (r: RoundResult) =>
    PROCESSES.filter((p) => p !== 'driver').reduce((sum, p) => sum + cpuPerEvent(r, p), 0);
  const figures: [string, (r: RoundResult) => number][] = [
    ['achieved events/s', (r) => r.achievedRate],
    ['CPU µs per event, pipeline without driver', pipelineCpu],
    ...PROCESSES.map((p): [string, (r: RoundResult) => number] => [
      `CPU µs per event, ${p}`,
      (r) => cpuPerEvent(r, p),
    ]),
    ['event → queryable p50 ms', (r) => r.markers.p50],
    ['event → queryable p99 ms', (r) => r.markers.p99],
    ['processor RSS MiB, last minute', (r) => r.rssMiB.processor.end],
    ['processor RSS drift %', (r) => drift(r.rssMiB.processor) * 100],
    ['collector RSS MiB, last minute', (r) => r.rssMiB.collector.end],
    ['lost', (r) => r.lost],
  ];
  const lines = ['| figure | baseline | this tree | this tree ÷ baseline |', '| --- | ---: | ---: | ---: |'];
  for (const [name, f] of figures) {
    const base = median(of('baseline').map(f));
    const mine = median(of('this tree').map(f));
    const ratio = base !== 0 && name !== 'processor RSS drift %' ? `${fixed(mine / base)}×` : '–';
    lines.push(`| ${name} | ${fixed(base, 1)} | ${fixed(mine, 1)} | ${ratio} |`);
  }
  return lines.join('\n');
}
