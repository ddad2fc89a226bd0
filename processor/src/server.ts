/** Entry point: `pnpm exec tsx processor/src/server.ts`. Migrations must have run (`db:migrate`). */
import { stopOnSignals } from '@godonu/contract';
import { loadConfig } from './config.ts';
import { buildApp } from './http/app.ts';
import { createLogger } from './logger.ts';
import { startProcessor } from './processor.ts';

/**
 * Bound of a graceful shutdown. Whatever is not committed by then is processed again after the restart, which
 * changes no count (processor/README.md "Guarantees").
 */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const config = loadConfig();
const logger = createLogger(config.PROCESSOR_LOG_LEVEL);

try {
  const processor = await startProcessor({ config, logger });
  const app = buildApp({ logger, metrics: processor.metrics, health: processor.health });
  stopOnSignals({
    service: 'processor',
    logger,
    steps: [
      // The consumer, the dead-letter producer and ClickHouse, in this order (processor.ts), then the HTTP server.
      { name: 'processor', run: () => processor.stop() },
      { name: 'http', run: () => app.close() },
    ],
    timeoutMs: SHUTDOWN_TIMEOUT_MS,
  });
  await app.listen({ port: config.PROCESSOR_PORT, host: config.PROCESSOR_HOST });
} catch (err) {
  logger.fatal({ err }, 'processor failed to start');
  process.exit(1);
}
