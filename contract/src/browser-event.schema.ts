import { z } from 'zod';
import {
  CODE,
  type Event,
  type EventType,
  epochMs,
  event,
  FEEDBACK_CONTEXTS,
  FOUND_ANSWERS,
  LEIKA_KEY,
  PROP_CODE,
  siteKey,
} from './events.schema.ts';
import {
  CONTRACT_VERSION,
  MAX_CUSTOM_PROPS,
  MAX_DURATION_MS,
  MAX_EVENTS_PER_BATCH,
  MAX_NAME_LENGTH,
  MAX_STEPS,
  MAX_URL_LENGTH,
} from './limits.ts';

/*
 * What the browser sends (`POST /v1/events`) and how the collector reads it.
 *
 * The script tag has a budget of 1.5 KB gzip, so the browser does not validate what the host page hands in:
 * the collector reads each event on its own, coerces what can be coerced (names, keys, numbers, lengths) and
 * drops only the events that cannot be made valid, never the whole batch. What comes out is the canonical
 * `event`, the same as a city's backend sends in a `serverBatch`, which stays strict.
 *
 * An event arrives either as the canonical object or, from the SDK, as a compact tuple
 * `[kind, id, ts, url, service, ...fields]` (see `COMPACT_KINDS` and `COMPACT_FIELDS`).
 */

/** Event kinds by their number in a compact event. The numbers are the wire format: append, never reorder. */
export const COMPACT_KINDS = [
  'pageview',
  'service_view',
  'form_start',
  'form_step',
  'form_error',
  'form_submit',
  'form_confirm',
  'outbound',
  'download',
  'engagement',
  'custom',
  'rating',
] as const satisfies readonly EventType[];

/** The fields each kind carries after `[kind, id, ts, url, service]` in a compact event, in this order. */
export const COMPACT_FIELDS = {
  pageview: ['ref'],
  service_view: [],
  form_start: ['form'],
  form_step: ['form', 'step', 'steps', 'stepName'],
  form_error: ['form', 'field', 'step'],
  form_submit: ['form'],
  form_confirm: ['form'],
  outbound: ['href'],
  download: ['href'],
  engagement: ['engagedMs', 'scrollPct'],
  custom: ['name', 'props'],
  rating: ['score', 'reason', 'found', 'context'],
} as const satisfies { [T in EventType]: readonly Exclude<keyof Extract<Event, { type: T }>, 'type'>[] };

/** What a form without a name (no `data-godonu-form` value, `name` or `id`) is reported as. */
export const UNNAMED_FORM = 'form';

/**
 * `[kind, id, ts, url, service, ...fields]`: an event as the SDK sends it, `kind` a number of `COMPACT_KINDS`,
 * the fields named by `COMPACT_FIELDS` for that kind. Absent values are `null` (or the tuple ends early).
 */
export const compactEvent = z.tuple(
  [
    z
      .number()
      .int()
      .min(0)
      .max(COMPACT_KINDS.length - 1),
    z.unknown(),
    z.unknown(),
    z.unknown(),
    z.unknown(),
  ],
  z.unknown(),
);

type Coerce = (value: unknown) => unknown;

/** Characters outside `IDENTIFIER`. */
const NOT_IDENTIFIER = /[^\p{L}\p{N}_.:[\]-]/gu;

const scalar = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** A page's name for a form, field, step or custom event: other characters become `_`, cut at 64. */
const toIdentifier: Coerce = (v) =>
  scalar(v) ? `${v}`.replace(NOT_IDENTIFIER, '_').slice(0, MAX_NAME_LENGTH) || undefined : undefined;

/** URLs are cut at the contract length (the SDK already removed what the city does not allow). */
const toUrl: Coerce = (v) => (typeof v === 'string' && v ? v.slice(0, MAX_URL_LENGTH) : undefined);

/** A LeiKa key, also as a number (a page may pass it so). */
const toLeika: Coerce = (v) => (scalar(v) && LEIKA_KEY.test(`${v}`) ? `${v}` : undefined);

/** A whole number from 1 to `max`, also as a numeric string (data attributes are strings). */
const toWhole =
  (max: number): Coerce =>
  (v) => {
    const n = typeof v === 'string' && v.trim() ? Number(v) : v;
    return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max ? n : undefined;
  };

/** Durations beyond the contract's day are a tab left open: capped, not dropped. */
const toDuration: Coerce = (v) =>
  typeof v === 'number' && v >= 0 ? Math.min(Math.round(v), MAX_DURATION_MS) : undefined;

const toPercent: Coerce = (v) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(100, Math.max(0, Math.round(v))) : undefined;

/** A property value as the contract keeps it: a finite number, a boolean or a short code; else undefined. */
const toPropValue = (v: unknown): string | number | boolean | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' && PROP_CODE.test(v) ? v : undefined;
};

/**
 * Custom properties: the first ten with a lowercase key and a value the contract keeps (numbers, booleans, short
 * codes). Any other value (free text, a code too long, null, objects, arrays) is left out, not cut or turned into
 * text: a cut name is still a name. No property left: no properties.
 */
const toProps: Coerce = (p) => {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return undefined;
  const kept: Record<string, string | number | boolean> = {};
  let count = 0;
  for (const [key, value] of Object.entries(p)) {
    if (count === MAX_CUSTOM_PROPS) break;
    if (!CODE.test(key)) continue;
    const stored = toPropValue(value);
    if (stored === undefined) continue;
    kept[key] = stored;
    count++;
  }
  return count ? kept : undefined;
};

/** One of a fixed set of codes, else left out. */
const oneOf =
  (codes: readonly string[]): Coerce =>
  (v) =>
    typeof v === 'string' && codes.includes(v) ? v : undefined;

/**
 * How each field of a browser event becomes canonical. A field that cannot be made valid is left out; if its
 * kind requires it, `event` then refuses the event. `id` and `ts` are taken as they are.
 */
const COERCE: Record<string, Coerce> = {
  url: toUrl,
  ref: toUrl,
  href: toUrl,
  service: toLeika,
  form: toIdentifier,
  field: toIdentifier,
  stepName: toIdentifier,
  name: toIdentifier,
  step: toWhole(MAX_STEPS),
  steps: toWhole(MAX_STEPS),
  score: toWhole(5),
  engagedMs: toDuration,
  elapsedMs: toDuration,
  scrollPct: toPercent,
  props: toProps,
  reason: (v) => (typeof v === 'string' && CODE.test(v) ? v : undefined),
  found: oneOf(FOUND_ANSWERS),
  context: oneOf(FEEDBACK_CONTEXTS),
};

/** The fields of each kind, from the canonical schemas; any other field a browser sends is dropped. */
const FIELDS = new Map<unknown, string[]>(
  event.options.map((o) => [o.shape.type.value, Object.keys(o.shape).filter((k) => k !== 'type')]),
);
/** Kinds whose form name is required: an unnamed form is still a form. */
const NAMED_FORM = new Set<unknown>(['form_start', 'form_step', 'form_error', 'form_submit']);

const named = (raw: unknown): Record<string, unknown> | undefined => {
  if (Array.isArray(raw)) {
    const tuple = compactEvent.safeParse(raw);
    if (!tuple.success) return undefined;
    const [code, id, ts, url, service, ...fields] = tuple.data;
    const type = COMPACT_KINDS[code] as EventType;
    const e: Record<string, unknown> = { type, id, ts, url, service };
    COMPACT_FIELDS[type].forEach((name, i) => {
      e[name] = fields[i];
    });
    return e;
  }
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
};

/** A browser event, compact or canonical, with every field coerced; `undefined` when it is not one. */
export function coerceBrowserEvent(raw: unknown): Record<string, unknown> | undefined {
  try {
    return coerceFields(raw);
  } catch {
    // Whatever a hostile event makes a coercion throw costs that event, never the request.
    return undefined;
  }
}

function coerceFields(raw: unknown): Record<string, unknown> | undefined {
  const e = named(raw);
  const fields = e && FIELDS.get(e.type);
  if (!e || !fields) return undefined;
  const out: Record<string, unknown> = { type: e.type };
  for (const field of fields) {
    const coerce = COERCE[field];
    const value = coerce ? coerce(e[field]) : e[field];
    if (value !== undefined) out[field] = value;
  }
  if (out.form === undefined && NAMED_FORM.has(e.type)) out.form = UNNAMED_FORM;
  // A service view is about a service: without a valid key it says nothing.
  if (e.type === 'service_view' && out.service === undefined) return undefined;
  return out;
}

/**
 * One event of a browser batch, compact or canonical, as the canonical `event`. A failed parse means the
 * collector drops that event and keeps the others.
 */
export const browserEvent = z.preprocess(coerceBrowserEvent, event);

/**
 * What the browser SDK sends (`POST /v1/events`, body as text/plain or application/json). The envelope is
 * strict (a wrong version, site or size refuses the batch); its events are read one by one with
 * `browserEvent`. `sentAt` (client clock at sending) is optional: the collector orders by its own clock.
 */
export const browserBatch = z
  .object({
    v: z.literal(CONTRACT_VERSION),
    site: siteKey,
    sentAt: epochMs.optional(),
    events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
  })
  .strict();

export type BrowserBatch = z.infer<typeof browserBatch>;
export type CompactKind = (typeof COMPACT_KINDS)[number];

/** The events of a browser batch the collector keeps, and how many it drops as invalid. */
export function browserEvents(batch: BrowserBatch): { events: Event[]; invalid: number } {
  const events: Event[] = [];
  for (const raw of batch.events) {
    const parsed = browserEvent.safeParse(raw);
    if (parsed.success) events.push(parsed.data);
  }
  return { events, invalid: batch.events.length - events.length };
}
