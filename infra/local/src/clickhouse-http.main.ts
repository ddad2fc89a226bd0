/** Entry point of the local ClickHouse stand-in: `tsx clickhouse-http.main.ts <dataDir> <port>`. */
import { mkdirSync } from 'node:fs';
import { ChdbEngine } from './chdb-engine.ts';
import { applyServerDefaults, createClickHouseHttpServer } from './clickhouse-http.server.ts';

const [dataDir, portArg] = process.argv.slice(2);
if (!dataDir || !portArg) {
  console.error('usage: clickhouse-http.main.ts <dataDir> <port>');
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const engine = new ChdbEngine(dataDir);
await applyServerDefaults(engine);
const server = createClickHouseHttpServer(engine);
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log(`chDB HTTP server listening on 127.0.0.1:${portArg}, data in ${dataDir}`);
});

function shutdown(signal: string): void {
  console.log(`${signal}: closing`);
  server.close();
  server.closeAllConnections();
  // Let queued statements finish so nothing acknowledged is lost, then release the on-disk session.
  void engine
    .exclusive(async () => undefined)
    .then(() => {
      engine.close();
      process.exit(0);
    });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
