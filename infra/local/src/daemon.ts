import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A background process owned through a pid file; it runs in its own process group so a stop takes it all. */
export interface Daemon {
  name: string;
  pidFile: string;
  logFile: string;
}

export function readPid(d: Daemon): number | undefined {
  if (!existsSync(d.pidFile)) return undefined;
  const pid = Number(readFileSync(d.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let refusal: string | undefined;

/**
 * From now on `startDaemon` throws instead of starting: a command that is stopping (npm start on Ctrl-C) stops the
 * daemons whose pid files exist, so one that a start-up still in flight would launch afterwards must not start.
 */
export function refuseNewDaemons(reason: string): void {
  refusal = reason;
}

export function startDaemon(
  d: Daemon,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (refusal !== undefined) throw new Error(`${d.name} not started: ${refusal}`);
  mkdirSync(path.dirname(d.logFile), { recursive: true });
  const out = openSync(d.logFile, 'a');
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${d.name}: could not start ${command}`);
  child.unref();
  writeFileSync(d.pidFile, String(child.pid));
  return child.pid;
}

const STOP_GRACE_MS = 20_000;

/** SIGTERM to the process group, SIGKILL after a grace period. Returns whether something was running. */
export async function stopDaemon(d: Daemon): Promise<boolean> {
  const pid = readPid(d);
  rmSync(d.pidFile, { force: true });
  if (pid === undefined) return false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  signalGroup('SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return true;
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `probe` until it returns a value, or fails with a message that names the log file. */
export async function waitUntil<T>(
  d: Daemon,
  probe: () => Promise<T | undefined>,
  deadlineMs: number,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (readPid(d) === undefined) {
      throw new Error(`${d.name} exited during start-up; see its log: ${d.logFile}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(250);
  }
  const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(
    `${d.name} did not become healthy within ${deadlineMs / 1000}s${reason}; see its log: ${d.logFile}`,
  );
}

/** A port on 127.0.0.1 that was free a moment ago: for private test instances. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
