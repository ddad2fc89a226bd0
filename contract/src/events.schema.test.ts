import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type BrowserBatch, browserBatch } from './browser-event.schema.ts';
import { EVENT_TYPES, type Event, event, serverBatch } from './events.schema.ts';
import { collectedEvent, recordKey } from './kafka-record.schema.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** The issues zod reports, as `path: message` lines (zod 4.6 wording). */
const issues = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
};

const journey = fixture<BrowserBatch>('browser-batch.json');
const journeyEvents = journey.events as Event[];

const base = { id: 'mwvugih3st1trmhz', ts: 1795594255239, url: 'https://www.giessen.de/' };

describe('fixtures', () => {
  it('browser-batch.json parses, holds every event kind once, and every event is canonical', () => {
    expect(issues(browserBatch, journey)).toEqual([]);
    expect(journeyEvents.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
    for (const e of journeyEvents) expect(issues(event, e)).toEqual([]);
  });

  it('server-batch.json parses', () => {
    expect(issues(serverBatch, fixture('server-batch.json'))).toEqual([]);
  });

  it('collected-event.json parses and is keyed by site and visitor', () => {
    const record = fixture<z.infer<typeof collectedEvent>>('collected-event.json');
    expect(issues(collectedEvent, record)).toEqual([]);
    expect(recordKey(record)).toBe('giessen:3f9a0c12b7e44d01');
  });
});

describe('the canonical event (server batches, Kafka records) refuses', () => {
  it('a value next to a validation error: only the field name may travel', () => {
    const error = { ...base, type: 'form_error', form: 'hundesteuer', field: 'plz', value: '12' };
    expect(issues(event, error)).toEqual(['(root): Unrecognized key: "value"']);
  });

  it('free text where an identifier belongs', () => {
    const error = { ...base, type: 'form_error', form: 'hundesteuer', field: 'E-Mail Adresse' };
    expect(issues(event, error)).toEqual(['field: must be an identifier (letters, digits, _ . : - [ ])']);
  });

  it('a step beyond the step count', () => {
    const step = { ...base, type: 'form_step', form: 'hundesteuer', step: 4, steps: 3 };
    expect(issues(event, step)).toEqual(['step: step must not exceed steps']);
  });

  it('malformed keys and ids', () => {
    const view = { ...base, type: 'pageview', id: 'short', service: '9903601000000' };
    expect(issues(event, view)).toEqual([
      'id: id must be 8–36 url-safe characters',
      'service: service must be a 14-digit LeiKa key',
    ]);
  });

  it('an empty referrer', () => {
    expect(issues(event, { ...base, type: 'pageview', ref: '' })).toEqual([
      'ref: Too small: expected string to have >=1 characters',
    ]);
  });

  it('custom properties beyond the limits', () => {
    const props: Record<string, unknown> = { Gross: 1 };
    const custom = { ...base, type: 'custom', name: 'suche', props };
    expect(issues(event, custom)).toEqual(['props.Gross: Invalid key in record']);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    expect(issues(event, { ...custom, props: many })).toEqual(['props: at most 10 properties']);
  });

  it('custom property values that are not numbers, booleans or short codes', () => {
    const custom = { ...base, type: 'custom', name: 'suche' };
    const props = {
      name: 'Max Mustermann',
      mail: 'max@example.org',
      pfad: 'a/b',
      lang: 'x'.repeat(33),
      leer: '',
      nichts: null,
      objekt: { a: 1 },
      liste: ['a'],
    };
    expect(issues(event, { ...custom, props })).toEqual([
      'props.name: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.mail: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.pfad: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.lang: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.leer: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.nichts: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.objekt: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
      'props.liste: property values are numbers, true/false or codes of 1–32 letters, digits, _ . : -',
    ]);
    const valid = {
      tab: 'tab:2',
      filter: 'filter_online',
      version: 'v1.2-beta',
      max: 'x'.repeat(32),
      n: -3.5,
      ok: false,
    };
    expect(issues(event, { ...custom, props: valid })).toEqual([]);
  });

  it('ratings outside 1–5 and reasons that are not codes', () => {
    expect(issues(event, { ...base, type: 'rating', score: 6 })).toEqual([
      'score: Too big: expected number to be <=5',
    ]);
    expect(issues(event, { ...base, type: 'rating', score: 2, reason: 'zu lang' })).toEqual([
      'reason: Invalid string: must match pattern /^[a-z][a-z0-9_]{0,31}$/',
    ]);
  });

  it('engagement beyond a day or 100 %', () => {
    const engagement = { ...base, type: 'engagement', engagedMs: 86_400_001, scrollPct: 101 };
    expect(issues(event, engagement)).toEqual([
      'engagedMs: Too big: expected number to be <=86400000',
      'scrollPct: Too big: expected number to be <=100',
    ]);
  });

  it('unknown kinds', () => {
    expect(issues(event, { ...base, type: 'click' })).toEqual([
      `type: Invalid discriminator value. Expected ${EVENT_TYPES.map((t) => `'${t}'`).join(' | ')}`,
    ]);
  });
});

describe('serverBatch refuses', () => {
  it('events without a valid IP', () => {
    const batch = fixture<{ events: { ip: string }[] }>('server-batch.json');
    const [first] = batch.events;
    expect(issues(serverBatch, { ...batch, events: [{ ...first, ip: '300.1.1.1' }] })).toEqual([
      'events.0.ip: Invalid input',
    ]);
  });
});
