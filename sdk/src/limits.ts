/**
 * Wire limits of the contract, copied as plain numbers because the bundle may import the contract's types only
 * (`limits.test.ts` proves the copies equal the contract's values).
 */
export const MAX_EVENTS_PER_BATCH = 50;
export const MAX_URL_LENGTH = 2048;
export const MAX_NAME_LENGTH = 64;
export const MAX_CUSTOM_PROPS = 10;
export const MAX_PROP_STRING_LENGTH = 128;
export const MAX_STEPS = 50;
export const MAX_DURATION_MS = 86_400_000;

/** Events kept in memory while the collector is unreachable or consent is pending; the oldest go first. */
export const MAX_QUEUED_EVENTS = 100;
/** A batch leaves at once when this many events wait, otherwise after the flush timer. */
export const FLUSH_COUNT = 10;
/** Default flush timer: short enough that a tab closed without `pagehide` loses little. */
export const FLUSH_MS = 2000;
/** First retry delay; it doubles per attempt unless the collector sends `Retry-After`. */
export const RETRY_BASE_MS = 1000;
/** Attempts per batch before it is dropped (1 + 4 retries: about 15 s of backoff in total). */
export const MAX_ATTEMPTS = 5;
