/*
 * What `npm start` has running, written down under $GODONU_DATA_DIR/run so that the next `npm start` finds what one
 * that died without stopping (SIGKILL, a crash, a closed terminal it could not outlive) left behind: its own pid as a
 * lock on the data directory, a pid file per service (each service leads its own process group), and which of
 * Kafka and ClickHouse it started itself. Those it stops on exit; ones that ran before it (`npm run infra:up`, as
 * the tests do) it leaves alone. A pid is trusted only while `ps` shows the command it was written for, so a
 * recycled pid never gets a signal.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export type LocalDaemon = 'kafka' | 'clickhouse';

const pidRecord = z.object({ pid: z.number().int().positive(), command: z.string().min(1) }).strict();
type PidRecord = z.infer<typeof pidRecord>;
const ownedRecord = z.object({ owned: z.array(z.enum(['kafka', 'clickhouse'])) }).strict();

const LOCK = 'start.pid';
const OWNED = 'infra.json';
const POLL_MS = 100;
/** After SIGKILL a process group is gone within moments; this only bounds a wait that should never be long. */
const KILL_WAIT_MS = 5_000;

export class StartState {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /**
   * Takes the data directory for this process. Throws while another `npm start` runs on it: stopping that one's
   * services would pull the pipeline from under it.
   */
  claim(command: string): void {
    const other = this.read(LOCK);
    if (other && other.pid !== process.pid && isProcess(other)) {
      throw new Error(
        `npm start is already running on ${path.dirname(this.dir)} (pid ${other.pid}); stop it first (Ctrl-C in its terminal, or kill ${other.pid})`,
      );
    }
    this.write(LOCK, { pid: process.pid, command });
  }

  release(): void {
    rmSync(path.join(this.dir, OWNED), { force: true });
    const lock = this.read(LOCK);
    if (lock?.pid === process.pid) rmSync(path.join(this.dir, LOCK), { force: true });
  }

  recordService(name: string, pid: number, command: string): void {
    this.write(`${name}.pid`, { pid, command });
  }

  forgetService(name: string): void {
    rmSync(path.join(this.dir, `${name}.pid`), { force: true });
  }

  /** Services an earlier `npm start` left running (pid files whose process still runs that command). */
  leftoverServices(): { name: string; pid: number }[] {
    const found: { name: string; pid: number }[] = [];
    for (const file of readdirSync(this.dir).sort()) {
      if (!file.endsWith('.pid') || file === LOCK) continue;
      const name = file.slice(0, -'.pid'.length);
      const record = this.read(file);
      if (record && isProcess(record)) found.push({ name, pid: record.pid });
      else this.forgetService(name);
    }
    return found;
  }

  /** Kafka and ClickHouse as far as an `npm start` on this data directory started them (and has not stopped them). */
  ownedInfra(): Set<LocalDaemon> {
    try {
      return new Set(ownedRecord.parse(JSON.parse(readFileSync(path.join(this.dir, OWNED), 'utf8'))).owned);
    } catch {
      return new Set();
    }
  }

  recordOwnedInfra(owned: ReadonlySet<LocalDaemon>): void {
    writeFileSync(path.join(this.dir, OWNED), `${JSON.stringify({ owned: [...owned] })}\n`);
  }

  private read(file: string): PidRecord | undefined {
    try {
      return pidRecord.parse(JSON.parse(readFileSync(path.join(this.dir, file), 'utf8')));
    } catch {
      return undefined;
    }
  }

  private write(file: string, record: PidRecord): void {
    writeFileSync(path.join(this.dir, file), `${JSON.stringify(record)}\n`);
  }
}

/** Live (not zombie) processes as `ps` lists them: pid, process group and command line. */
function processes(): { pid: number; pgid: number; args: string }[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m || (m[3] as string).startsWith('Z')) return [];
    return [{ pid: Number(m[1]), pgid: Number(m[2]), args: m[4] as string }];
  });
}

/** The recorded process still runs the recorded command. */
function isProcess(record: PidRecord): boolean {
  return processes().some((p) => p.pid === record.pid && p.args.includes(record.command));
}

/** Whether any live process is left in the process group led by `pgid`. */
export function groupAlive(pgid: number): boolean {
  return processes().some((p) => p.pgid === pgid);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

async function waitGone(pgid: number, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await sleep(POLL_MS);
  }
  return !groupAlive(pgid);
}

/**
 * SIGTERM to a process group, SIGKILL to what is left of it after `graceMs`. Resolves when no process of the group
 * runs any more; `killed` says whether the grace ran out.
 */
export async function stopGroup(pgid: number, graceMs: number): Promise<{ killed: boolean }> {
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, graceMs)) return { killed: false };
  signalGroup(pgid, 'SIGKILL');
  await waitGone(pgid, KILL_WAIT_MS);
  return { killed: true };
}
