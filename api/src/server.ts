import { assertNoDemoEntries, stopOnSignals } from '@godonu/contract';
import { RECORDED_REPORT_TIME_ZONE, watchReportTimeZone } from '@godonu/warehouse';
import pino from 'pino';
import { buildApp } from './app.ts';
import { KeyStore } from './auth/key-store.ts';
import { loadConfig } from './config.ts';
import { createMetrics } from './http/metrics.ts';
import { loadSites } from './sites.ts';
import { clickhouseWarehouse } from './warehouse.ts';
import { cachedWarehouse } from './warehouse-cache.ts';

/** Bound of a graceful shutdown: open requests finish, then the warehouse client closes. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/** While the warehouse has no report time zone to compare with (fresh, or not answering), it is asked this often. */
const REPORT_TIME_ZONE_RECHECK_MS = 60_000;

const config = loadConfig();
const logger = pino({ level: config.LOG_LEVEL, base: { service: 'api' } });
const metrics = createMetrics();
const clickhouse = clickhouseWarehouse({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  observe: (query, seconds) => metrics.queryDuration.observe({ query }, seconds),
});
const warehouse = cachedWarehouse(clickhouse, {
  ttlMs: config.API_CACHE_TTL_SECONDS * 1000,
  maxEntries: config.API_CACHE_ENTRIES,
  onHit: (query) => metrics.cacheHits.inc({ query }),
});
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

const shutdown = stopOnSignals({
  service: 'api',
  logger,
  steps: [
    { name: 'http', run: () => app.close() },
    { name: 'warehouse', run: () => warehouse.close() },
  ],
  timeoutMs: SHUTDOWN_TIMEOUT_MS,
});

// Every day range the api asks for is cut in its own zone: on days the processor computed in another zone it
// would answer wrong numbers, so it refuses to run. A warehouse without a record (the processor has not started
// on it yet) or without an answer is checked again until it has one.
try {
  await watchReportTimeZone({
    zone: config.REPORT_TIME_ZONE,
    read: async () => (await clickhouse.rows(RECORDED_REPORT_TIME_ZONE))[0]?.value,
    everyMs: REPORT_TIME_ZONE_RECHECK_MS,
    log: logger,
    onMismatch: (err) => {
      logger.fatal({ err }, 'api stops: the warehouse counts days in another zone');
      void shutdown.stop('report time zone', true);
    },
  });
} catch (err) {
  logger.fatal({ err }, 'api failed to start');
  process.exit(1);
}

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
