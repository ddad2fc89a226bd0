import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import type { Logger } from 'pino';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** One kafkajs client whose log lines go to pino (they carry broker addresses and topics, no personal data). */
export function createKafka(opts: { brokers: string[]; clientId: string; logger: Logger }): Kafka {
  const log = opts.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 2_000,
    // A short request timeout lets an unreachable broker surface quickly; retries do the waiting.
    requestTimeout: 10_000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: { message, timestamp: _ts, logger: _l, ...extra } }: LogEntry) => {
        log[LEVELS[level] ?? 'info']({ namespace, ...extra }, message);
      },
  });
}
