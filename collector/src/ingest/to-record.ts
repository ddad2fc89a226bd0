import { CONTRACT_VERSION, type CollectionMode, type Event, recordKey } from '@godonu/contract';
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

/**
 * The Kafka records of one client's events (a browser batch is one client): derived fields in, full referrer and
 * stray query strings out. No record object is built per event: the fields the events share are written once,
 * and each message is that JSON text followed by the event's own. The text is `JSON.stringify` of the contract's
 * `collectedEvent` with its fields in the schema's order (to-record.test.ts holds them equal): the enums, the hex
 * visitor id and the number need no escaping, and the strings from elsewhere are escaped all the same.
 */
export class ClientRecords {
  private readonly head: string;
  private readonly key: string;
  private readonly timestamp: string;
  // The events of one batch mostly share their page and referrer: each is sanitised once per run.
  private lastUrl: string | undefined;
  private lastCleanUrl = '';
  private lastRef: string | undefined;
  private lastRefHostJson = 'null';

  constructor(
    private readonly ctx: RecordContext,
    visitor: string,
    ua: UserAgentClass,
    country: string,
  ) {
    const site = JSON.stringify(ctx.site.key);
    this.head =
      `{"v":${CONTRACT_VERSION},"site":${site},"mode":"${ctx.mode}","receivedAt":${ctx.receivedAt},` +
      `"visitor":"${visitor}","saltDay":${JSON.stringify(ctx.saltDay)},"device":"${ua.device}",` +
      `"country":${JSON.stringify(country)},"browser":"${ua.browser}","os":"${ua.os}","referrerHost":`;
    this.key = recordKey({ site: ctx.site.key, visitor });
    this.timestamp = String(ctx.receivedAt);
  }

  message(event: Event): EventMessage {
    if (event.ref !== this.lastRef) {
      this.lastRef = event.ref;
      this.lastRefHostJson = JSON.stringify(referrerHost(event.ref));
    }
    const value = `${this.head}${this.lastRefHostJson},"event":${JSON.stringify(this.cleaned(event))}}`;
    return { key: this.key, value, timestamp: this.timestamp };
  }

  /** The event as stored: no referrer (the record keeps its host), URLs sanitised and templated. */
  private cleaned(event: Event): Event {
    if (event.url !== this.lastUrl) {
      this.lastUrl = event.url;
      this.lastCleanUrl = sanitizeUrl(event.url, this.ctx.site.queryAllowlist);
    }
    // Rest, not `delete`: deleting a property turns the object into a slow dictionary that stringifies slowly.
    const { ref: _ref, ...rest } = event;
    const out: Event = { ...rest, url: this.lastCleanUrl };
    if (out.type === 'outbound' || out.type === 'download') {
      out.href = sanitizeUrl(out.href, this.ctx.site.queryAllowlist);
    }
    return out;
  }
}
