import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

/**
 * The processor never logs record contents; these paths are censored anyway, as a second line of defence against
 * a URL, a referrer or a raw record slipping into a log line.
 */
const REDACT_PATHS = ['url', 'ref', 'referrer', 'value', 'record', '*.url', '*.ref', '*.value', '*.record'];

export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'processor',
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
