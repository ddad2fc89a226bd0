/** Test support: a private local ClickHouse server (own port, own data directory) and its process group's memory. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clickhouseDown, clickhouseUp } from '../clickhouse.service.ts';
import { freePort } from '../daemon.ts';
import { type LocalConfig, loadLocalConfig } from '../local.config.ts';

export interface PrivateInstance {
  cfg: LocalConfig;
  url: string;
  /** Resident memory of the server's processes (tsx and the server it runs), in bytes. */
  rssBytes(): number;
  /** CPU time the server's processes have used so far, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const PAGE_BYTES = 4096;

/** /proc/<pid>/stat fields after the command, for every process of a process group. */
function groupStats(pgid: number): { pid: string; fields: string[] }[] {
  const stats: { pid: string; fields: string[] }[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // After the command's closing parenthesis: state, ppid, pgrp, …
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) stats.push({ pid, fields });
    } catch {
      // The process ended while we read it.
    }
  }
  return stats;
}

export function groupRssBytes(pgid: number): number {
  let total = 0;
  for (const { pid } of groupStats(pgid)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
    } catch {
      // The process ended while we read it.
    }
  }
  return total;
}

/** utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux). */
export function groupCpuSeconds(pgid: number): number {
  return groupStats(pgid).reduce(
    (sum, { fields }) => sum + (Number(fields[11]) + Number(fields[12])) / 100,
    0,
  );
}

export async function startPrivateInstance(env: Record<string, string> = {}): Promise<PrivateInstance> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-ch-private-'));
  const cfg = loadLocalConfig({
    ...process.env,
    ...env,
    CLICKHOUSE_PORT: String(await freePort()),
    GODONU_DATA_DIR: dataDir,
  });
  const { url } = await clickhouseUp(cfg);
  const pid = Number(readFileSync(path.join(dataDir, 'clickhouse', 'clickhouse.pid'), 'utf8'));
  return {
    cfg,
    url,
    rssBytes: () => groupRssBytes(pid),
    cpuSeconds: () => groupCpuSeconds(pid),
    stop: async () => {
      await clickhouseDown(cfg);
    },
    remove: async () => {
      await clickhouseDown(cfg);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
