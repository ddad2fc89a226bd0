import { z } from 'zod';
import {
  CONTRACT_VERSION,
  MAX_CUSTOM_PROPS,
  MAX_DURATION_MS,
  MAX_EVENTS_PER_BATCH,
  MAX_NAME_LENGTH,
  MAX_PROP_CODE_LENGTH,
  MAX_STEPS,
  MAX_URL_LENGTH,
  MAX_USER_AGENT_LENGTH,
} from './limits.ts';

/** City key as configured for the collector, e.g. `giessen`. */
export const siteKey = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'site must be a lowercase city key');
/** LeiKa catalog key: 14 digits. It is what makes one service comparable across cities. */
export const LEIKA_KEY = /^\d{14}$/;
export const leikaKey = z.string().regex(LEIKA_KEY, 'service must be a 14-digit LeiKa key');
/** Characters of an identifier: letters, digits, `_ . : - [ ]` (field names such as `person[plz]`). */
export const IDENTIFIER = /^[\p{L}\p{N}_.:\-[\]]+$/u;
/** Lowercase codes: keys of custom properties and rating reasons. */
export const CODE = /^[a-z][a-z0-9_]{0,31}$/;
/**
 * A custom property's text value: letters, digits and `_ . : -`, 1–32 characters (`tab:2`, `filter_online`,
 * `v1.2`). No spaces, `@` or `/`: a name, an e-mail address or a sentence cannot be one, a short id still can,
 * which is why the limit is short.
 */
export const PROP_CODE = new RegExp(`^[A-Za-z0-9_.:-]{1,${MAX_PROP_CODE_LENGTH}}$`);
const PROP_VALUE_MESSAGE = `property values are numbers, true/false or codes of 1–${MAX_PROP_CODE_LENGTH} letters, digits, _ . : -`;
/** Client-generated event id, used downstream to de-duplicate retries. */
export const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,36}$/, 'id must be 8–36 url-safe characters');
/** Form, step, field and custom names: identifiers only, so that no free text (and no value) can travel. */
export const identifier = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .regex(IDENTIFIER, 'must be an identifier (letters, digits, _ . : - [ ])');
/** Epoch milliseconds between 2017 and 2100: a client clock that is off by decades is not data. */
export const epochMs = z.number().int().min(1_500_000_000_000).max(4_102_444_800_000);
const url = z.string().min(1).max(MAX_URL_LENGTH);
const durationMs = z.number().int().min(0).max(MAX_DURATION_MS);
const stepIndex = z.number().int().min(1).max(MAX_STEPS);

const common = {
  id: eventId,
  /** Client clock when the event happened (epoch ms). */
  ts: epochMs,
  /** Page location: absolute URL or path. Query and fragment are stripped by the SDK unless allow-listed. */
  url,
  /** Full referrer as the browser reports it; the collector keeps the host only. */
  ref: url.optional(),
  service: leikaKey.optional(),
};

export const pageviewEvent = z.object({ type: z.literal('pageview'), ...common }).strict();
export const serviceViewEvent = z.object({ type: z.literal('service_view'), ...common }).strict();
export const formStartEvent = z
  .object({ type: z.literal('form_start'), ...common, form: identifier })
  .strict();
export const formStepEvent = z
  .object({
    type: z.literal('form_step'),
    ...common,
    form: identifier,
    step: stepIndex,
    steps: stepIndex,
    stepName: identifier.optional(),
  })
  .strict()
  .refine((e) => e.step <= e.steps, { message: 'step must not exceed steps', path: ['step'] });
export const formErrorEvent = z
  .object({
    type: z.literal('form_error'),
    ...common,
    form: identifier,
    /** The field's name or id. Never its value. */
    field: identifier,
    step: stepIndex.optional(),
  })
  .strict();
export const formSubmitEvent = z
  .object({
    type: z.literal('form_submit'),
    ...common,
    form: identifier,
    /** Milliseconds since form_start on this page, when the SDK saw the start. */
    elapsedMs: durationMs.optional(),
  })
  .strict();
export const formConfirmEvent = z
  .object({
    type: z.literal('form_confirm'),
    ...common,
    form: identifier.optional(),
    elapsedMs: durationMs.optional(),
  })
  .strict();
export const outboundEvent = z.object({ type: z.literal('outbound'), ...common, href: url }).strict();
export const downloadEvent = z.object({ type: z.literal('download'), ...common, href: url }).strict();
export const engagementEvent = z
  .object({
    type: z.literal('engagement'),
    ...common,
    engagedMs: durationMs,
    /** Deepest scroll position reached, percent of the page height. */
    scrollPct: z.number().int().min(0).max(100),
  })
  .strict();
const propKey = z.string().regex(CODE, 'property keys are lowercase identifiers');
/** Numbers and booleans carry no text; text must be a short code. */
const propValue = z.union(
  [z.string().regex(PROP_CODE, PROP_VALUE_MESSAGE), z.number().finite(), z.boolean()],
  {
    error: PROP_VALUE_MESSAGE,
  },
);
export const customEvent = z
  .object({
    type: z.literal('custom'),
    ...common,
    name: identifier,
    props: z
      .record(propKey, propValue)
      .refine((p) => Object.keys(p).length <= MAX_CUSTOM_PROPS, {
        message: `at most ${MAX_CUSTOM_PROPS} properties`,
      })
      .optional(),
  })
  .strict();
/**
 * The answer to the EU common feedback tool's first question, "Did you find what you were looking for?"
 * (Implementing Regulation (EU) 2020/1121, Art. 6 and Annex I).
 */
export const FOUND_ANSWERS = ['yes', 'no', 'partly'] as const;
/**
 * Where the rating was asked: on an information page, after a form was submitted, or when the user was leaving a
 * started form without submitting (the regulation's two moments for procedures).
 */
export const FEEDBACK_CONTEXTS = ['page', 'submitted', 'abandoned'] as const;
export const ratingEvent = z
  .object({
    type: z.literal('rating'),
    ...common,
    /** The 1–5 star rating; the satisfaction KPI is its mean. */
    score: z.number().int().min(1).max(5),
    /** A reason code from the city's feedback widget, never free text. */
    reason: z.string().regex(CODE).optional(),
    found: z.enum(FOUND_ANSWERS).optional(),
    context: z.enum(FEEDBACK_CONTEXTS).optional(),
  })
  .strict();

export const event = z.discriminatedUnion('type', [
  pageviewEvent,
  serviceViewEvent,
  formStartEvent,
  formStepEvent,
  formErrorEvent,
  formSubmitEvent,
  formConfirmEvent,
  outboundEvent,
  downloadEvent,
  engagementEvent,
  customEvent,
  ratingEvent,
]);

/**
 * What a city's backend sends when it cannot or may not run the script: the same events, each with the end
 * user's IP and user agent so that the collector counts visitors the same way. Both are used in memory only.
 */
export const serverBatch = z
  .object({
    v: z.literal(CONTRACT_VERSION),
    site: siteKey,
    sentAt: epochMs,
    events: z
      .array(
        z
          .object({
            ip: z.union([z.ipv4(), z.ipv6()]),
            ua: z.string().max(MAX_USER_AGENT_LENGTH),
            event,
          })
          .strict(),
      )
      .min(1)
      .max(MAX_EVENTS_PER_BATCH),
  })
  .strict();

export type Event = z.infer<typeof event>;
export type EventType = Event['type'];
export type FoundAnswer = (typeof FOUND_ANSWERS)[number];
export type FeedbackContext = (typeof FEEDBACK_CONTEXTS)[number];
export type ServerBatch = z.infer<typeof serverBatch>;
export const EVENT_TYPES = event.options.map((o) => o.shape.type.value) as EventType[];
