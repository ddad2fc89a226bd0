import {
  type BrowserBatch,
  browserBatch,
  browserEvent,
  CODE,
  CONTRACT_VERSION,
  coerceBrowserEvent,
  type Event,
  type EventType,
  FEEDBACK_CONTEXTS,
  FOUND_ANSWERS,
  IDENTIFIER,
  LEIKA_KEY,
  MAX_DURATION_MS,
  MAX_EVENTS_PER_BATCH,
  MAX_NAME_LENGTH,
  MAX_STEPS,
  MAX_URL_LENGTH,
} from '@godonu/contract';
import { parseBatch } from './parse-batch.ts';

/*
 * The browser batch as the contract reads it (`browserBatch`, then `browserEvent` per event), with the common
 * cases checked by hand: zod costs about a microsecond per event and another per envelope, on the request thread.
 * A hand check only ever says "valid, and zod would return exactly this" (browser-batch.test.ts compares both on
 * thousands of valid, coerced and hostile inputs); anything it does not vouch for goes to zod, which decides
 * and words the error. So the hand checks may be incomplete, never more lenient.
 */

/** `eventId` of the contract. */
const EVENT_ID = /^[A-Za-z0-9_-]{8,36}$/;
/** `epochMs` of the contract. */
const MIN_EPOCH_MS = 1_500_000_000_000;
const MAX_EPOCH_MS = 4_102_444_800_000;
const BATCH_FIELDS = new Set(['v', 'site', 'sentAt', 'events']);

type Check = (value: unknown) => boolean;

const whole =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const epochMs = whole(MIN_EPOCH_MS, MAX_EPOCH_MS);
const url: Check = (v) => typeof v === 'string' && v.length >= 1 && v.length <= MAX_URL_LENGTH;
const identifier: Check = (v) =>
  typeof v === 'string' && v.length >= 1 && v.length <= MAX_NAME_LENGTH && IDENTIFIER.test(v);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);

/** Every field's rule, as the contract's event schemas state it; `props` (a record with a refinement) is not here. */
const FIELD_CHECKS: Record<string, Check> = {
  id: (v) => typeof v === 'string' && EVENT_ID.test(v),
  ts: epochMs,
  url,
  ref: url,
  href: url,
  service: (v) => typeof v === 'string' && LEIKA_KEY.test(v),
  form: identifier,
  field: identifier,
  stepName: identifier,
  name: identifier,
  step: whole(1, MAX_STEPS),
  steps: whole(1, MAX_STEPS),
  engagedMs: whole(0, MAX_DURATION_MS),
  elapsedMs: whole(0, MAX_DURATION_MS),
  scrollPct: whole(0, 100),
  score: whole(1, 5),
  reason: (v) => typeof v === 'string' && CODE.test(v),
  found: oneOf(FOUND_ANSWERS),
  context: oneOf(FEEDBACK_CONTEXTS),
};

const COMMON = ['id', 'ts', 'url', 'ref', 'service'];
/**
 * The fields each kind may carry (in the schema's order) and those it must; `custom` is left to zod. A test holds
 * this table equal to the contract's schemas, so that a field added there cannot slip past here.
 */
export const HAND_CHECKED_KINDS: Partial<Record<EventType, { fields: string[]; required: string[] }>> = {
  pageview: { fields: COMMON, required: [] },
  service_view: { fields: COMMON, required: [] },
  form_start: { fields: [...COMMON, 'form'], required: ['form'] },
  form_step: {
    fields: [...COMMON, 'form', 'step', 'steps', 'stepName'],
    required: ['form', 'step', 'steps'],
  },
  form_error: { fields: [...COMMON, 'form', 'field', 'step'], required: ['form', 'field'] },
  form_submit: { fields: [...COMMON, 'form', 'elapsedMs'], required: ['form'] },
  form_confirm: { fields: [...COMMON, 'form', 'elapsedMs'], required: [] },
  outbound: { fields: [...COMMON, 'href'], required: ['href'] },
  download: { fields: [...COMMON, 'href'], required: ['href'] },
  engagement: { fields: [...COMMON, 'engagedMs', 'scrollPct'], required: ['engagedMs', 'scrollPct'] },
  rating: { fields: [...COMMON, 'score', 'reason', 'found', 'context'], required: ['score'] },
};
const REQUIRED_COMMON = ['id', 'ts', 'url'];

const KINDS = new Map(
  Object.entries(HAND_CHECKED_KINDS).map(([type, kind]) => [
    type,
    {
      position: new Map(kind.fields.map((field, i) => [field, i])),
      required: [...REQUIRED_COMMON, ...kind.required],
    },
  ]),
);

/**
 * The event `browserEvent` would read from `raw`, when the hand checks can vouch for it: the coerced event is
 * one that `event` accepts unchanged (zod's copy has the same fields in the same order); else undefined.
 */
export function handCheckedEvent(raw: unknown): Event | undefined {
  const e = coerceBrowserEvent(raw);
  return e && isValidEvent(e) ? (e as Event) : undefined;
}

function isValidEvent(e: Record<string, unknown>): boolean {
  const kind = KINDS.get(e.type as string);
  if (!kind) return false;
  for (const field of kind.required) if (e[field] === undefined) return false;
  // zod's copy lists the fields in the schema's order: so must the event (an unnamed form's name comes last).
  let last = -1;
  for (const field in e) {
    if (field === 'type') continue;
    const position = kind.position.get(field);
    if (position === undefined || position < last) return false;
    last = position;
    if (!(FIELD_CHECKS[field] as Check)(e[field])) return false;
  }
  // form_step's refinement.
  return e.type !== 'form_step' || (e.step as number) <= (e.steps as number);
}

/** `parseBatch(browserBatch, body)` for a body whose site is configured; unknown sites are for zod to word. */
export function parseBrowserBatch(body: unknown, isSite: (key: string) => boolean): BrowserBatch {
  if (isValidEnvelope(body, isSite)) return body;
  return parseBatch(browserBatch, body);
}

function isValidEnvelope(body: unknown, isSite: (key: string) => boolean): body is BrowserBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  for (const field in b) if (!BATCH_FIELDS.has(field)) return false;
  // A configured site key passed the contract's `siteKey` when the sites file was read.
  return (
    b.v === CONTRACT_VERSION &&
    typeof b.site === 'string' &&
    isSite(b.site) &&
    (b.sentAt === undefined || epochMs(b.sentAt)) &&
    Array.isArray(b.events) &&
    b.events.length >= 1 &&
    b.events.length <= MAX_EVENTS_PER_BATCH
  );
}

/** `browserEvents` of the contract: the events of a batch that can be made valid, and how many cannot. */
export function readBrowserEvents(batch: BrowserBatch): { events: Event[]; invalid: number } {
  const events: Event[] = [];
  for (const raw of batch.events) {
    const checked = handCheckedEvent(raw);
    if (checked) {
      events.push(checked);
      continue;
    }
    const parsed = browserEvent.safeParse(raw);
    if (parsed.success) events.push(parsed.data);
  }
  return { events, invalid: batch.events.length - events.length };
}
