import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BrowserBatch,
  browserBatch,
  browserEvent,
  browserEvents,
  COMPACT_FIELDS,
  COMPACT_KINDS,
} from './browser-event.schema.ts';
import { EVENT_TYPES, type Event } from './events.schema.ts';

const fixture = (name: string): BrowserBatch =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as BrowserBatch;

/** The canonical event the collector makes of `raw`, or `'dropped'`. */
const read = (raw: unknown): Event | 'dropped' => {
  const parsed = browserEvent.safeParse(raw);
  return parsed.success ? parsed.data : 'dropped';
};

const ID = 'mwvugih3st1trmhz';
const TS = 1795594255239;
const URL_ = 'https://www.giessen.de/buergerservice/hundesteuer';
const DOG_TAX = '99036010000000';
/** A compact event of kind `kind` with `fields`, without a service key. */
const compact = (kind: number, ...fields: unknown[]): unknown[] => [kind, ID, TS, URL_, null, ...fields];
const common = { id: ID, ts: TS, url: URL_ };

describe('the compact vocabulary', () => {
  it('numbers every event kind once and names fields the kinds have', () => {
    expect([...COMPACT_KINDS].sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(COMPACT_FIELDS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('reads the compact journey as the canonical journey (what the SDK cannot send, it does not)', () => {
    const compactJourney = fixture('browser-batch.compact.json');
    const canonical = fixture('browser-batch.json').events as Event[];
    expect(browserBatch.parse(compactJourney)).toEqual(compactJourney);
    expect(browserEvents(compactJourney)).toEqual({
      // form_submit's elapsedMs has no place in the compact vocabulary.
      events: canonical.map((e) => (e.type === 'form_submit' ? { ...e, elapsedMs: undefined } : e)),
      invalid: 0,
    });
  });

  it('reads every kind by its number, with absent fields as null or left off at the end', () => {
    expect(
      [
        compact(0, 'https://www.google.com/'),
        [1, ID, TS, URL_, DOG_TAX],
        compact(2, 'hundesteuer'),
        compact(3, 'hundesteuer', '2', '3', 'hund'),
        compact(4, 'hundesteuer', 'plz', 2),
        compact(5, 'hundesteuer'),
        compact(6),
        compact(7, 'https://www.hessen.de/'),
        compact(8, 'https://www.giessen.de/a.pdf'),
        compact(9, 1500, 42),
        compact(10, 'suche', { treffer: 3 }),
        compact(11, 5, null),
      ].map(read),
    ).toEqual([
      { type: 'pageview', ...common, ref: 'https://www.google.com/' },
      { type: 'service_view', ...common, service: DOG_TAX },
      { type: 'form_start', ...common, form: 'hundesteuer' },
      { type: 'form_step', ...common, form: 'hundesteuer', step: 2, steps: 3, stepName: 'hund' },
      { type: 'form_error', ...common, form: 'hundesteuer', field: 'plz', step: 2 },
      { type: 'form_submit', ...common, form: 'hundesteuer' },
      { type: 'form_confirm', ...common },
      { type: 'outbound', ...common, href: 'https://www.hessen.de/' },
      { type: 'download', ...common, href: 'https://www.giessen.de/a.pdf' },
      { type: 'engagement', ...common, engagedMs: 1500, scrollPct: 42 },
      { type: 'custom', ...common, name: 'suche', props: { treffer: 3 } },
      { type: 'rating', ...common, score: 5 },
    ]);
  });

  it('leaves absent fields out of the event rather than undefined', () => {
    expect(Object.keys(read(compact(0, null)) as Event)).toEqual(['type', 'id', 'ts', 'url']);
  });
});

describe('coercion: what the page handed in is made valid', () => {
  it('names: other characters become _, cut at 64, numbers become strings', () => {
    expect(read(compact(3, 'Hunde steuer!', 1, 3, 'prüfen & senden'))).toMatchObject({
      form: 'Hunde_steuer_',
      stepName: 'prüfen___senden',
    });
    expect(read(compact(10, 'x'.repeat(70)))).toMatchObject({ name: 'x'.repeat(64) });
    expect(read(compact(4, 42, 'person[plz]'))).toMatchObject({ form: '42', field: 'person[plz]' });
  });

  it('a form without a usable name is "form"; a confirmation page may name none', () => {
    expect([null, '', {}, ['a']].map((f) => (read(compact(2, f)) as { form: string }).form)).toEqual([
      'form',
      'form',
      'form',
      'form',
    ]);
    expect(read(compact(6, ''))).toEqual({ type: 'form_confirm', ...common });
  });

  it('service keys: 14 digits, also as a number; anything else is left out', () => {
    const view = (service: unknown) => read([0, ID, TS, URL_, service]);
    expect([DOG_TAX, 99036010000000, '123', 'x'.repeat(14), true].map(view)).toEqual([
      { type: 'pageview', ...common, service: DOG_TAX },
      { type: 'pageview', ...common, service: DOG_TAX },
      { type: 'pageview', ...common },
      { type: 'pageview', ...common },
      { type: 'pageview', ...common },
    ]);
  });

  it('steps: whole numbers 1–50, also as strings; an invalid error step is left out', () => {
    expect(read(compact(3, 'f', ' 2 ', '3'))).toMatchObject({ step: 2, steps: 3 });
    expect(read(compact(4, 'f', 'plz', 'x'))).toEqual({
      type: 'form_error',
      ...common,
      form: 'f',
      field: 'plz',
    });
    expect(read(compact(4, 'f', 'plz', 51))).toEqual({
      type: 'form_error',
      ...common,
      form: 'f',
      field: 'plz',
    });
  });

  it('custom properties: the first ten with a lowercase key and a number, boolean or short code', () => {
    const props: Record<string, unknown> = {
      treffer: 3,
      exakt: true,
      filter: 'online_only',
      tab: 'tab:2',
      Gross: 'dropped: key not lowercase',
      '1st': 'dropped: key starts with a digit',
      name: 'Max Mustermann',
      mail: 'max@example.org',
      begriff: 'x'.repeat(33),
      leer: null,
      objekt: { a: 1 },
      liste: ['a'],
    };
    for (let i = 0; i < 8; i++) props[`k${i}`] = i;
    expect(read(compact(10, 'suche', props))).toEqual({
      type: 'custom',
      ...common,
      name: 'suche',
      props: {
        treffer: 3,
        exakt: true,
        filter: 'online_only',
        tab: 'tab:2',
        k0: 0,
        k1: 1,
        k2: 2,
        k3: 3,
        k4: 4,
        k5: 5,
      },
    });
    // Free text is left out, never cut: a cut name is still a name.
    expect(read(compact(10, 'suche', { name: 'Erika Musterfrau', nr: 7 }))).toEqual({
      type: 'custom',
      ...common,
      name: 'suche',
      props: { nr: 7 },
    });
    expect(read(compact(10, 'suche', { name: 'Erika Musterfrau' }))).toEqual({
      type: 'custom',
      ...common,
      name: 'suche',
    });
    expect(read(compact(10, 'suche', { Gross: 1 }))).toEqual({ type: 'custom', ...common, name: 'suche' });
    // Nested deeper than JSON.stringify can go: that property is left out, the event kept.
    const deep = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
    expect(read(compact(10, 'suche', { tief: deep, flach: 1 }))).toEqual({
      type: 'custom',
      ...common,
      name: 'suche',
      props: { flach: 1 },
    });
    expect(read(compact(10, 'suche', 'text'))).toEqual({ type: 'custom', ...common, name: 'suche' });
  });

  it('ratings: a score 1–5 (also as a string); a reason that is not a code is left out', () => {
    expect(read(compact(11, '4', 'zu_lang'))).toEqual({
      type: 'rating',
      ...common,
      score: 4,
      reason: 'zu_lang',
    });
    expect(read(compact(11, 2, 'Freitext mit Namen'))).toEqual({ type: 'rating', ...common, score: 2 });
    expect(read(compact(11, 3, ['zu_lang']))).toEqual({ type: 'rating', ...common, score: 3 });
  });

  it('engagement: time capped at a day, scroll depth rounded into 0–100', () => {
    expect(read(compact(9, 90_000_000.4, 100.6))).toMatchObject({ engagedMs: 86_400_000, scrollPct: 100 });
    expect(read(compact(9, 1200.6, -3))).toMatchObject({ engagedMs: 1201, scrollPct: 0 });
  });

  it('URLs cut at 2,048 characters, empty referrers left out', () => {
    const long = `https://www.giessen.de/${'a'.repeat(3000)}`;
    expect((read([0, ID, TS, long, null, '']) as Event).url).toHaveLength(2048);
    expect(read([0, ID, TS, URL_, null, ''])).toEqual({ type: 'pageview', ...common });
  });

  it('canonical objects get the same treatment; unknown fields are dropped, never stored', () => {
    expect(
      read({
        type: 'form_error',
        ...common,
        form: 'antrag',
        field: 'E-Mail Adresse',
        value: 'erika@example.org',
      }),
    ).toEqual({ type: 'form_error', ...common, form: 'antrag', field: 'E-Mail_Adresse' });
  });
});

describe('an event is dropped when it cannot be made valid', () => {
  it.each([
    ['an unknown kind number', [12, ID, TS, URL_, null]],
    ['a kind that is not a number', ['pageview', ID, TS, URL_, null]],
    ['a tuple that ends before its URL', [0, ID, TS]],
    ['an unknown kind name', { type: 'click', ...common }],
    ['a malformed id', [0, 'short', TS, URL_, null]],
    ['a timestamp that is no epoch ms', [0, ID, 'now', URL_, null]],
    ['no URL', [0, ID, TS, '', null]],
    ['a step beyond the step count', compact(3, 'f', 4, 3)],
    ['a step of 0', compact(3, 'f', 0, 3)],
    ['a form error without a field name', compact(4, 'f', '')],
    ['a custom event without a name', compact(10, null, { a: 1 })],
    ['a rating outside 1–5', compact(11, 9)],
    ['a service view without a valid key', [1, ID, TS, URL_, '123']],
    ['a link without a target', compact(8, null)],
    ['engagement without a number', compact(9, null, 10)],
    ['a value that is no event', 'pageview'],
  ])('%s', (_what, raw) => {
    expect(read(raw)).toBe('dropped');
  });

  it('and the batch keeps the others', () => {
    const batch = browserBatch.parse({
      v: 1,
      site: 'giessen',
      events: [compact(0), compact(11, 9), null, compact(2, 'antrag')],
    });
    expect(browserEvents(batch)).toEqual({
      events: [
        { type: 'pageview', ...common },
        { type: 'form_start', ...common, form: 'antrag' },
      ],
      invalid: 2,
    });
  });
});

describe('the browser batch envelope stays strict', () => {
  const issues = (value: unknown): string[] => {
    const parsed = browserBatch.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const ok = { v: 1, site: 'giessen', events: [compact(0)] };

  it('accepts a batch with or without sentAt', () => {
    expect(issues(ok)).toEqual([]);
    expect(issues({ ...ok, sentAt: TS })).toEqual([]);
  });

  it('refuses other versions, malformed sites, stray fields, and empty or oversized batches', () => {
    expect(issues({ ...ok, v: 2 })).toEqual(['v: Invalid input: expected 1']);
    expect(issues({ ...ok, site: 'Gießen' })).toEqual(['site: site must be a lowercase city key']);
    expect(issues({ ...ok, sentAt: 'now' })).toEqual([
      'sentAt: Invalid input: expected number, received string',
    ]);
    expect(issues({ ...ok, extra: 1 })).toEqual([': Unrecognized key: "extra"']);
    expect(issues({ ...ok, events: [] })).toEqual(['events: Too small: expected array to have >=1 items']);
    expect(issues({ ...ok, events: Array.from({ length: 51 }, () => compact(0)) })).toEqual([
      'events: Too big: expected array to have <=50 items',
    ]);
  });
});
