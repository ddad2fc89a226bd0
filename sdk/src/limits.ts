/**
 * The contract's batch limit, copied as a plain number because the bundle may import the contract's types only
 * (`limits.test.ts` proves the copy equals the contract's value). The other limits of the contract (name and
 * URL lengths, steps, properties) are the collector's to enforce: it coerces or drops what the page handed in.
 */
export const MAX_EVENTS_PER_BATCH = 50;

/** Events kept in memory while the collector is unreachable or consent is pending; the oldest go first. */
export const MAX_QUEUED_EVENTS = 100;
/** A batch leaves at once when this many events wait, otherwise with the next tick. */
export const FLUSH_COUNT = 10;
/**
 * Default period of the SDK's one timer: each tick sends what waits, notices single-page navigation, counts
 * visible time and samples the scroll depth. Short enough that a tab closed without `pagehide` loses little.
 */
export const TICK_MS = 500;
/** First retry delay; it doubles per attempt unless the collector sends `Retry-After`. */
export const RETRY_BASE_MS = 1000;
/** Attempts per batch before it is dropped (1 + 4 retries: about 30 s of backoff in total). */
export const MAX_ATTEMPTS = 5;
