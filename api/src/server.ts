import { assertNoDemoEntries } from '@godonu/contract';
import pino from 'pino';
import { buildApp } from './app.ts';
import { KeyStore } from './auth/key-store.ts';
import { loadConfig } from './config.ts';
import { createMetrics } from './http/metrics.ts';
import { loadSites } from './sites.ts';
import { clickhouseWarehouse } from './warehouse.ts';
import { cachedWarehouse } from './warehouse-cache.ts';

const config = loadConfig();
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'api' } });
const metrics = createMetrics();
const warehouse = cachedWarehouse(
  clickhouseWarehouse({
    url: config.CLICKHOUSE_URL,
    database: config.CLICKHOUSE_DATABASE,
    observe: (query, seconds) => metrics.queryDuration.observe({ query }, seconds),
  }),
  {
    ttlMs: config.API_CACHE_TTL_SECONDS * 1000,
    maxEntries: config.API_CACHE_ENTRIES,
    onHit: (query) => metrics.cacheHits.inc({ query }),
  },
);
const sites = loadSites(config.GODONU_SITES_FILE);
// The api reads no ingest keys, but one sites file serves every service: it is refused the same way everywhere.
if (!config.GODONU_DEMO) assertNoDemoEntries(sites.config, config.GODONU_SITES_FILE);
const app = await buildApp({
  config,
  sites,
  keys: new KeyStore(config.API_KEYS_FILE),
  warehouse,
  logger,
  metrics,
});

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'api shutting down');
  await app.close();
  await warehouse.close();
  logger.info('api stopped');
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.API_PORT, host: config.API_HOST });
logger.info(
  { port: config.API_PORT, host: config.API_HOST, database: config.CLICKHOUSE_DATABASE },
  'api listening',
);
logger.info(
  { k: config.K_ANONYMITY, epsilonPerCell: config.DISCLOSURE_EPSILON },
  'disclosure policy in force',
);
if (config.DISCLOSURE_SECRET === undefined)
  logger.warn(
    'demo mode: the noise of published numbers is keyed by the public demo secret; set DISCLOSURE_SECRET before real data',
  );
