/**
 * CPU and memory of every process of the pipeline, read from /proc (Linux) every few seconds: resident memory,
 * CPU ticks of the process, CPU ticks per thread name (ClickHouse, the JVM and Node name their threads, which
 * says whether time goes to queries, merges, request handling or garbage collection), and the machine's busy time,
 * which shows how much other work shared the cores.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** USER_HZ: /proc reports CPU time in these ticks (100 on every Linux build this runs on). */
export const TICKS_PER_S = 100;
const PAGE_BYTES = 4096;

export interface ProcessReading {
  cpuTicks: number;
  rssBytes: number;
}

/** utime + stime and rss of /proc/<pid>/stat; the command name may contain spaces, so fields follow its ')'. */
export function parseStat(stat: string): ProcessReading & { comm: string } {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    comm: stat.slice(open + 1, close),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssBytes: Number(fields[21]) * PAGE_BYTES,
  };
}

export function readProcess(pid: number): ProcessReading | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The process that does the work under a launcher (tsx's CLI runs its script as a child): the deepest first child. */
export function workerProcess(pid: number): number {
  let current = pid;
  for (;;) {
    let children: string[];
    try {
      children = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').trim().split(' ');
    } catch {
      return current;
    }
    const child = Number(children[0]);
    if (!Number.isInteger(child) || child <= 0) return current;
    current = child;
  }
}

/** Thread names without their numbering (`G1 Conc#1`, `QueryPipelineEx` …), so pools add up to one line. */
export function threadGroup(comm: string): string {
  return comm.replace(/[#\s-]*\d+$/, '').trim() || comm;
}

/** Busy and total ticks of all cores since boot (/proc/stat; idle and iowait count as not busy). */
export function readMachine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

export interface Sample {
  /** ms since the sampler started */
  at: number;
  load1: number;
  machine: { busy: number; total: number };
  processes: Record<string, ProcessReading | undefined>;
  extra: Record<string, number>;
}

export class ProcSampler {
  readonly samples: Sample[] = [];
  /** CPU ticks per process and thread group, summed over sample intervals. */
  readonly threadTicks = new Map<string, Map<string, number>>();
  private readonly lastThreadTicks = new Map<string, number>();
  private readonly started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly pids: Record<string, number>,
    private readonly extra: () => Promise<Record<string, number>>,
  ) {}

  start(intervalS: number): void {
    this.pending = this.sample();
    this.timer = setInterval(() => {
      this.pending = this.pending.then(() => this.sample());
    }, intervalS * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending;
    await this.sample();
  }

  /** Thread CPU counts from now on: for the measured window, without start-up and warm-up. */
  markThreads(): void {
    this.threadTotals();
    this.threadTicks.clear();
  }

  /** CPU ticks per process and thread group since `markThreads`, read now. */
  threadTotals(): Map<string, Map<string, number>> {
    for (const [name, pid] of Object.entries(this.pids)) this.sampleThreads(name, pid);
    return new Map([...this.threadTicks].map(([name, groups]) => [name, new Map(groups)]));
  }

  elapsedMs(): number {
    return performance.now() - this.started;
  }

  private async sample(): Promise<void> {
    const processes: Record<string, ProcessReading | undefined> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      processes[name] = readProcess(pid);
      this.sampleThreads(name, pid);
    }
    const at = this.elapsedMs();
    const extra = await this.extra().catch(() => ({}));
    this.samples.push({ at, load1: loadavg()[0] as number, machine: readMachine(), processes, extra });
  }

  private sampleThreads(name: string, pid: number): void {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    const groups = this.threadTicks.get(name) ?? new Map<string, number>();
    this.threadTicks.set(name, groups);
    for (const tid of tids) {
      let thread: ReturnType<typeof parseStat>;
      try {
        thread = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      } catch {
        continue;
      }
      const key = `${pid}/${tid}`;
      const delta = thread.cpuTicks - (this.lastThreadTicks.get(key) ?? 0);
      this.lastThreadTicks.set(key, thread.cpuTicks);
      const group = threadGroup(thread.comm);
      groups.set(group, (groups.get(group) ?? 0) + delta);
    }
  }
}
