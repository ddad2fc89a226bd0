import { createCollector } from './collector.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.COLLECTOR_LOG_LEVEL);

try {
  const collector = await createCollector(config, logger);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'collector shutting down');
    const steps = await collector.close();
    logger.info({ steps }, 'collector stopped');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await collector.start();
} catch (err) {
  logger.fatal({ err }, 'collector failed to start');
  process.exit(1);
}
