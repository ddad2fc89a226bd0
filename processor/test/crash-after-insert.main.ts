/*
 * The real processor, killed with SIGKILL by its own hand right after its first block is stored in ClickHouse
 * and before the offset after it is committed: the exact window exactly-once-in-effect has to survive.
 * Run as a child process by crash.int.test.ts; configured by the same environment as server.ts.
 */
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startProcessor } from '../src/processor.ts';

const config = loadConfig();
await startProcessor({
  config,
  logger: createLogger(config.PROCESSOR_LOG_LEVEL),
  decorateInsert: (insert) => async (rows, token) => {
    await insert(rows, token);
    process.stdout.write(`stored ${token}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
