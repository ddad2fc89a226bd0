import {
  CONTRACT_VERSION,
  type CollectedEvent,
  type CollectionMode,
  type Event,
  recordKey,
} from '@godonu/contract';
import type { Site } from '../sites/site-registry.ts';
import type { UserAgentClass } from './classify-user-agent.ts';
import { referrerHost, sanitizeUrl } from './sanitize-url.ts';

export interface RecordContext {
  site: Site;
  mode: CollectionMode;
  receivedAt: number;
  saltDay: string;
}

/** A Kafka message as kafkajs takes it; `value` is the collectedEvent's JSON. */
export interface EventMessage {
  key: string;
  value: string;
  timestamp: string;
}

/** The Kafka record for one event: derived fields in, full referrer and stray query strings out. */
export function toCollectedEvent(
  event: Event,
  ctx: RecordContext,
  visitor: string,
  ua: UserAgentClass,
  country: string,
): CollectedEvent {
  // Rest, not `delete`: deleting a property turns the object into a slow dictionary that stringifies slowly.
  const { ref, ...rest } = event;
  const cleaned: Event = { ...rest, url: sanitizeUrl(event.url, ctx.site.queryAllowlist) };
  if (cleaned.type === 'outbound' || cleaned.type === 'download') {
    cleaned.href = sanitizeUrl(cleaned.href, ctx.site.queryAllowlist);
  }
  return {
    v: CONTRACT_VERSION,
    site: ctx.site.key,
    mode: ctx.mode,
    receivedAt: ctx.receivedAt,
    visitor,
    saltDay: ctx.saltDay,
    device: ua.device,
    country,
    browser: ua.browser,
    os: ua.os,
    referrerHost: referrerHost(ref),
    event: cleaned,
  };
}

export function toMessage(record: CollectedEvent): EventMessage {
  return { key: recordKey(record), value: JSON.stringify(record), timestamp: String(record.receivedAt) };
}
