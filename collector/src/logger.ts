import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

/**
 * Everything that could carry an IP address, a user agent, a query string or a referrer is censored wherever it
 * appears, as a second line of defence: the code never logs requests in the first place.
 */
const REDACT_PATHS = [
  'ip',
  'ua',
  'userAgent',
  'referrer',
  'ref',
  'url',
  'headers',
  'req.headers',
  'req.url',
  'req.ip',
  'req.ips',
  'req.remoteAddress',
  'req.remotePort',
  'req.hostname',
  '*.ip',
  '*.ua',
  '*.url',
  '*.ref',
  '*.headers',
];

export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return pino(
    {
      name: 'collector',
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Fastify's default request serializer prints the URL with its query string and the client address.
        req: (req: { method?: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
