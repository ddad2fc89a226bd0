import { stopOnSignals } from '@godonu/contract';
import { createCollector } from './collector.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

const config = loadConfig();
const logger = createLogger(config.COLLECTOR_LOG_LEVEL);

try {
  const collector = await createCollector(config, logger);
  stopOnSignals({
    service: 'collector',
    logger,
    steps: collector.stopSteps,
    timeoutMs: config.COLLECTOR_SHUTDOWN_TIMEOUT_MS,
  });
  await collector.start();
} catch (err) {
  logger.fatal({ err }, 'collector failed to start');
  process.exit(1);
}
