import type { CollectionMode, Event } from '@godonu/contract';
import { CollectorError } from '../errors.ts';
import { SinkError } from '../kafka/group-commit.ts';
import type { Metrics } from '../metrics.ts';
import type { SaltSource } from '../salt/salt-keeper.ts';
import type { Site } from '../sites/site-registry.ts';
import type { UserAgentClass } from './classify-user-agent.ts';
import type { CountryLookup } from './country-lookup.ts';
import type { DropReason } from './detect-bot.ts';
import { ClientRecords, type EventMessage } from './to-record.ts';
import type { UserAgentCache, UserAgentVerdict } from './user-agent.cache.ts';
import { visitorHash } from './visitor-hash.ts';

/** One event with the client it came from; ip and ua live only in memory, for the duration of the request. */
export interface IngestItem {
  event: Event;
  ip: string;
  ua: string | undefined;
  /** `Sec-CH-UA`, when a browser sent it: headless Chrome names itself there. */
  brands?: string | undefined;
}

export interface EventSink {
  publish(messages: EventMessage[]): Promise<void>;
  readonly depth: number;
}

export interface IngestDeps {
  salts: SaltSource;
  sink: EventSink;
  metrics: Metrics;
  userAgents: UserAgentCache;
  countries: CountryLookup;
  retryAfterSeconds: number;
}

export interface IngestResult {
  accepted: number;
  dropped: number;
}

const SINK_ERRORS = {
  buffer_full: ['COLLECTOR_BUFFER_FULL', 'the collector is buffering too much for Kafka; retry later'],
  timeout: ['COLLECTOR_KAFKA_UNAVAILABLE', 'Kafka did not acknowledge the events in time; retry later'],
  kafka_error: ['COLLECTOR_KAFKA_UNAVAILABLE', 'Kafka refused the events; retry later'],
  shutting_down: ['COLLECTOR_SHUTTING_DOWN', 'the collector is shutting down; retry later'],
} as const;

/**
 * Drops automated traffic, hashes the visitor with today's salt, looks up the client's country, classifies the
 * user agent, and resolves once Kafka acknowledged every stored event. Throws a 503 CollectorError when that
 * cannot be promised.
 */
export async function ingestEvents(
  deps: IngestDeps,
  input: { site: Site; mode: CollectionMode; receivedAt: number; items: IngestItem[]; optOut?: DropReason },
): Promise<IngestResult> {
  const { site, mode, receivedAt, items } = input;
  if (input.optOut) {
    deps.metrics.dropped.inc({ site: site.key, mode, reason: input.optOut }, items.length);
    deps.metrics.quality.add(site.key, 'dropped', input.optOut, receivedAt, items.length);
    return { accepted: 0, dropped: items.length };
  }
  const kept: { item: IngestItem; ua: string; classes: UserAgentClass }[] = [];
  // A browser batch has one client: its verdict is looked up once, not per event.
  let verdict: UserAgentVerdict | undefined;
  let previous: IngestItem | undefined;
  for (const item of items) {
    if (!verdict || item.ua !== previous?.ua || item.brands !== previous?.brands)
      verdict = deps.userAgents.verdict(item.ua, item.brands);
    previous = item;
    if (verdict.bot) {
      deps.metrics.dropped.inc({ site: site.key, mode, reason: verdict.bot });
      deps.metrics.quality.add(site.key, 'dropped', verdict.bot, receivedAt);
    } else kept.push({ item, ua: item.ua as string, classes: verdict.classes });
  }
  const dropped = items.length - kept.length;
  if (kept.length === 0) return { accepted: 0, dropped };

  const salt = deps.salts.current(site.key, receivedAt);
  if (!salt) {
    throw new CollectorError(
      'COLLECTOR_SALT_UNAVAILABLE',
      'the daily salt is not available yet; retry later',
      {
        retryAfterSeconds: deps.retryAfterSeconds,
      },
    );
  }
  const ctx = { site, mode, receivedAt, saltDay: salt.day };
  // A browser batch has one client; a server batch often repeats one. Hash, locate and serialise each client once.
  let records: ClientRecords | undefined;
  let lastIp = '';
  let lastUa = '';
  const messages = kept.map(({ item, ua, classes }) => {
    if (!records || item.ip !== lastIp || ua !== lastUa) {
      lastIp = item.ip;
      lastUa = ua;
      const visitor = visitorHash(salt.key, site.key, item.ip, ua);
      records = new ClientRecords(ctx, visitor, classes, deps.countries.country(item.ip));
    }
    return records.message(item.event);
  });

  try {
    await deps.sink.publish(messages);
  } catch (err) {
    if (!(err instanceof SinkError)) throw err;
    const [code, message] = SINK_ERRORS[err.reason];
    throw new CollectorError(code, message, { retryAfterSeconds: deps.retryAfterSeconds });
  }
  deps.metrics.accepted.inc({ site: site.key, mode }, messages.length);
  return { accepted: messages.length, dropped };
}
