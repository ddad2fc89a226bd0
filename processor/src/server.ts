/** Entry point: `pnpm exec tsx processor/src/server.ts`. Migrations must have run (`db:migrate`). */
import { loadConfig } from './config.ts';
import { buildApp } from './http/app.ts';
import { createLogger } from './logger.ts';
import { startProcessor } from './processor.ts';

const config = loadConfig();
const logger = createLogger(config.PROCESSOR_LOG_LEVEL);

try {
  const processor = await startProcessor({ config, logger });
  const app = buildApp({ logger, metrics: processor.metrics, health: processor.health });
  await app.listen({ port: config.PROCESSOR_PORT, host: config.PROCESSOR_HOST });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await processor.stop();
      await app.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (err) {
  logger.fatal({ err }, 'processor failed to start');
  process.exit(1);
}
