/** Wire limits shared by SDK, collector and processor. Changing one is a contract change. */
export const CONTRACT_VERSION = 1 as const;
export const MAX_EVENTS_PER_BATCH = 50;
export const MAX_URL_LENGTH = 2048;
export const MAX_NAME_LENGTH = 64;
export const MAX_CUSTOM_PROPS = 10;
/** A custom property's text value is a short code, never free text: free text is where names and numbers hide. */
export const MAX_PROP_CODE_LENGTH = 32;
export const MAX_STEPS = 50;
/** A day; engaged time or form durations above it are client bugs, not data. */
export const MAX_DURATION_MS = 86_400_000;
/** Server-side ingestion: how much of a user agent the collector reads to classify it. */
export const MAX_USER_AGENT_LENGTH = 512;
