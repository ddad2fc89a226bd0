import { z } from 'zod';
import { event, siteKey } from './events.schema.ts';
import { CONTRACT_VERSION } from './limits.ts';

export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'other'] as const;
export const BROWSER_CLASSES = ['chrome', 'edge', 'firefox', 'safari', 'samsung', 'opera', 'other'] as const;
export const OS_CLASSES = ['windows', 'macos', 'linux', 'android', 'ios', 'other'] as const;
export const COLLECTION_MODES = ['browser', 'server'] as const;
/** ISO 3166-1 alpha-2, or `ZZ` ("unknown or unspecified", a user-assigned code the standard leaves free). */
export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const UNKNOWN_COUNTRY = 'ZZ';

/**
 * The record the collector writes to Kafka and the processor reads: one event, with what the collector derived
 * from the request in memory. It carries no IP, no user-agent string, no query string and no full referrer.
 */
export const collectedEvent = z
  .object({
    v: z.literal(CONTRACT_VERSION),
    site: siteKey,
    mode: z.enum(COLLECTION_MODES),
    /** Collector clock when the batch arrived (epoch ms); the processor orders and sessions by it. */
    receivedAt: z.number().int().nonnegative(),
    /** Keyed hash of (daily salt, site, IP, user agent): 16 hex chars, unlinkable across salt days. */
    visitor: z.string().regex(/^[0-9a-f]{16}$/),
    /** UTC day of the salt that produced `visitor`, so the processor never joins visitors across days. */
    saltDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    device: z.enum(DEVICE_CLASSES),
    /**
     * ISO 3166-1 alpha-2 code of the country the request came from, looked up in memory from the client address
     * (which is never written); `ZZ` when unknown. Records written before the field existed read as `ZZ`.
     */
    country: z.string().regex(COUNTRY_CODE).default(UNKNOWN_COUNTRY),
    browser: z.enum(BROWSER_CLASSES),
    os: z.enum(OS_CLASSES),
    /** Referrer host only (no path, no query), or null for none. */
    referrerHost: z.string().max(253).nullable(),
    event,
  })
  .strict();

export type CollectedEvent = z.infer<typeof collectedEvent>;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];
export type BrowserClass = (typeof BROWSER_CLASSES)[number];
export type OsClass = (typeof OS_CLASSES)[number];
export type CollectionMode = (typeof COLLECTION_MODES)[number];

/**
 * Kafka topic names; the environment may prefix them (tests use one prefix per file). `salts` holds the
 * collectors' shared daily visitor-hash salts (see collector/README.md): short retention, never compacted.
 * `quality` carries the collectors' counts of dropped events and refused requests (`qualityTally`) to the processor.
 */
export const TOPICS = {
  events: 'godonu.events.v1',
  deadLetter: 'godonu.events.dlq.v1',
  salts: 'godonu.salts.v1',
  quality: 'godonu.quality.v1',
} as const;

/** Partition key: one visitor's events of one day stay in order on one partition (sessions need that). */
export function recordKey(e: Pick<CollectedEvent, 'site' | 'visitor'>): string {
  return `${e.site}:${e.visitor}`;
}
