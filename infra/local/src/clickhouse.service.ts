import path from 'node:path';
import { type Daemon, isPortFree, readPid, startDaemon, stopDaemon, waitUntil } from './daemon.ts';
import { type LocalConfig, REPO_ROOT } from './local.config.ts';

const START_DEADLINE_MS = 60_000;

function paths(cfg: LocalConfig) {
  const home = path.join(cfg.GODONU_DATA_DIR, 'clickhouse');
  return {
    home,
    data: path.join(home, 'data'),
    daemon: {
      name: 'ClickHouse (chDB)',
      pidFile: path.join(home, 'clickhouse.pid'),
      logFile: path.join(home, 'clickhouse.log'),
    } as Daemon,
  };
}

export function clickhouseUrl(cfg: LocalConfig): string {
  return `http://127.0.0.1:${cfg.CLICKHOUSE_PORT}`;
}

async function version(cfg: LocalConfig): Promise<string | undefined> {
  const res = await fetch(`${clickhouseUrl(cfg)}/?default_format=TabSeparated`, {
    method: 'POST',
    body: 'SELECT version()',
    signal: AbortSignal.timeout(2000),
  });
  return res.ok ? (await res.text()).trim() : undefined;
}

export async function clickhouseUp(cfg: LocalConfig): Promise<{ url: string; version: string }> {
  const p = paths(cfg);
  if (readPid(p.daemon) === undefined) {
    if (!(await isPortFree(cfg.CLICKHOUSE_PORT))) {
      throw new Error(
        `ClickHouse: port ${cfg.CLICKHOUSE_PORT} on 127.0.0.1 is taken by another process; set CLICKHOUSE_PORT`,
      );
    }
    const tsx = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
    const main = path.join(REPO_ROOT, 'infra/local/src/clickhouse/main.ts');
    // chDB runs each statement on a libuv worker thread: enough of them for every connection and a few sessions.
    const env = {
      ...process.env,
      UV_THREADPOOL_SIZE: String(Math.min(1024, cfg.CLICKHOUSE_CONNECTIONS + 16)),
    };
    startDaemon(p.daemon, process.execPath, [tsx, main, p.data, String(cfg.CLICKHOUSE_PORT)], p.home, env);
  }
  const v = await waitUntil(p.daemon, () => version(cfg), START_DEADLINE_MS);
  return { url: clickhouseUrl(cfg), version: v };
}

export async function clickhouseDown(cfg: LocalConfig): Promise<boolean> {
  return stopDaemon(paths(cfg).daemon);
}

export async function clickhouseStatus(cfg: LocalConfig): Promise<string> {
  const p = paths(cfg);
  const pid = readPid(p.daemon);
  if (pid === undefined) return `ClickHouse: stopped (log: ${p.daemon.logFile})`;
  const v = await version(cfg).catch(() => undefined);
  return v
    ? `ClickHouse: running, pid ${pid}, ${clickhouseUrl(cfg)}, version ${v} (chDB)`
    : `ClickHouse: pid ${pid} is not answering on ${clickhouseUrl(cfg)} (log: ${p.daemon.logFile})`;
}
