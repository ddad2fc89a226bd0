/** Entry point of the local ClickHouse server: `tsx clickhouse/main.ts <dataDir> <port>`. */
import { mkdirSync } from 'node:fs';
import { loadLocalConfig } from '../local.config.ts';
import { ChdbEngine } from './engine.ts';
import { ClickHouseHttpServer } from './http-server.ts';
import { Sessions } from './sessions.ts';

const [dataDir, portArg] = process.argv.slice(2);
if (!dataDir || !portArg) {
  console.error('usage: clickhouse/main.ts <dataDir> <port>');
  process.exit(2);
}
const cfg = loadLocalConfig();
const log = {
  info: (message: string) => console.log(`${new Date().toISOString()} ${message}`),
  error: (message: string) => console.error(`${new Date().toISOString()} ${message}`),
};
mkdirSync(dataDir, { recursive: true });
const engine = new ChdbEngine({
  dataDir,
  connections: cfg.CLICKHOUSE_CONNECTIONS,
  maxMemoryUsage: cfg.CLICKHOUSE_MAX_MEMORY_USAGE,
});
const server = new ClickHouseHttpServer(engine, new Sessions(engine, cfg.CLICKHOUSE_MAX_SESSIONS), log);
await server.listen(Number(portArg));
log.info(
  `chDB HTTP server listening on 127.0.0.1:${portArg}, data in ${dataDir}; ${cfg.CLICKHOUSE_CONNECTIONS} connections, ` +
    `max_memory_usage ${cfg.CLICKHOUSE_MAX_MEMORY_USAGE} bytes, libuv threads ${process.env.UV_THREADPOOL_SIZE ?? 4}`,
);

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping`);
  server.shutdown(cfg.CLICKHOUSE_SHUTDOWN_GRACE_MS).then(
    () => process.exit(0),
    (err: unknown) => {
      log.error(`shutdown failed: ${String(err)}`);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
