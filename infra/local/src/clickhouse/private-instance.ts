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
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const PAGE_BYTES = 4096;

function groupRssBytes(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After the command's closing parenthesis: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      total += Number(readFileSync(`/proc/${entry}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
    } catch {
      // The process ended while we read it.
    }
  }
  return total;
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
    stop: async () => {
      await clickhouseDown(cfg);
    },
    remove: async () => {
      await clickhouseDown(cfg);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
