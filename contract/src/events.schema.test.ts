import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type BrowserBatch, browserBatch, EVENT_TYPES, type Event, serverBatch } from './events.schema.ts';
import { collectedEvent, recordKey } from './kafka-record.schema.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** The issues zod reports, as `path: message` lines (zod 4.6 wording). */
const issues = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const journey = fixture<BrowserBatch>('browser-batch.json');

/** The journey batch with its first event replaced by `event`, typed loosely to build invalid ones. */
const withEvent = (event: Record<string, unknown>): unknown => ({ ...journey, events: [event] });
const base = { id: 'mwvugih3st1trmhz', ts: 1795594255239, url: 'https://www.giessen.de/' };

describe('fixtures', () => {
  it('browser-batch.json parses and holds every event kind once', () => {
    expect(issues(browserBatch, journey)).toEqual([]);
    expect(journey.events.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
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

describe('browserBatch refuses', () => {
  it('a value next to a validation error: only the field name may travel', () => {
    const error = { ...base, type: 'form_error', form: 'hundesteuer', field: 'plz', value: '12' };
    expect(issues(browserBatch, withEvent(error))).toEqual(['events.0: Unrecognized key: "value"']);
  });

  it('free text where an identifier belongs', () => {
    const error = { ...base, type: 'form_error', form: 'hundesteuer', field: 'E-Mail Adresse' };
    expect(issues(browserBatch, withEvent(error))).toEqual([
      'events.0.field: must be an identifier (letters, digits, _ . : - [ ])',
    ]);
  });

  it('a step beyond the step count', () => {
    const step = { ...base, type: 'form_step', form: 'hundesteuer', step: 4, steps: 3 };
    expect(issues(browserBatch, withEvent(step))).toEqual(['events.0.step: step must not exceed steps']);
  });

  it('malformed keys and ids', () => {
    const view = { ...base, type: 'pageview', id: 'short', service: '9903601000000' };
    expect(issues(browserBatch, withEvent(view))).toEqual([
      'events.0.id: id must be 8–36 url-safe characters',
      'events.0.service: service must be a 14-digit LeiKa key',
    ]);
    expect(issues(browserBatch, { ...journey, site: 'Gießen' })).toEqual([
      'site: site must be a lowercase city key',
    ]);
  });

  it('an empty referrer, which the SDK leaves out instead', () => {
    expect(issues(browserBatch, withEvent({ ...base, type: 'pageview', ref: '' }))).toEqual([
      'events.0.ref: Too small: expected string to have >=1 characters',
    ]);
  });

  it('custom properties beyond the limits', () => {
    const props: Record<string, unknown> = { Gross: 1 };
    const custom = { ...base, type: 'custom', name: 'suche', props };
    expect(issues(browserBatch, withEvent(custom))).toEqual(['events.0.props.Gross: Invalid key in record']);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    expect(issues(browserBatch, withEvent({ ...custom, props: many }))).toEqual([
      'events.0.props: at most 10 properties',
    ]);
    expect(issues(browserBatch, withEvent({ ...custom, props: { text: 'x'.repeat(129) } }))).toEqual([
      'events.0.props.text: Too big: expected string to have <=128 characters',
    ]);
  });

  it('ratings outside 1–5 and reasons that are not codes', () => {
    expect(issues(browserBatch, withEvent({ ...base, type: 'rating', score: 6 }))).toEqual([
      'events.0.score: Too big: expected number to be <=5',
    ]);
    expect(issues(browserBatch, withEvent({ ...base, type: 'rating', score: 2, reason: 'zu lang' }))).toEqual(
      ['events.0.reason: Invalid string: must match pattern /^[a-z][a-z0-9_]{0,31}$/'],
    );
  });

  it('engagement beyond a day or 100 %', () => {
    const engagement = { ...base, type: 'engagement', engagedMs: 86_400_001, scrollPct: 101 };
    expect(issues(browserBatch, withEvent(engagement))).toEqual([
      'events.0.engagedMs: Too big: expected number to be <=86400000',
      'events.0.scrollPct: Too big: expected number to be <=100',
    ]);
  });

  it('unknown kinds, other versions, and empty or oversized batches', () => {
    expect(issues(browserBatch, withEvent({ ...base, type: 'click' }))).toEqual([
      `events.0.type: Invalid discriminator value. Expected ${EVENT_TYPES.map((t) => `'${t}'`).join(' | ')}`,
    ]);
    expect(issues(browserBatch, { ...journey, v: 2 })).toEqual(['v: Invalid input: expected 1']);
    expect(issues(browserBatch, { ...journey, events: [] })).toEqual([
      'events: Too small: expected array to have >=1 items',
    ]);
    const events: Event[] = Array.from({ length: 51 }, () => journey.events[0] as Event);
    expect(issues(browserBatch, { ...journey, events })).toEqual([
      'events: Too big: expected array to have <=50 items',
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
