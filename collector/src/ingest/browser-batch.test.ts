import { readFileSync } from 'node:fs';
import {
  browserBatch,
  browserEvent,
  browserEvents,
  COMPACT_FIELDS,
  COMPACT_KINDS,
  EVENT_TYPES,
  event,
} from '@godonu/contract';
import { seededRandom } from '@godonu/infra/seeded-random';
import { describe, expect, it } from 'vitest';
import { CollectorError } from '../errors.ts';
import { NOW } from '../test-support/fixtures.ts';
import {
  HAND_CHECKED_KINDS,
  handCheckedEvent,
  parseBrowserBatch,
  readBrowserEvents,
} from './browser-batch.ts';
import { parseBatch } from './parse-batch.ts';

/** Values at and around every limit of the event schemas, valid, coercible and hostile. */
const VALUES: Record<string, unknown[]> = {
  id: [
    'evt-0001',
    'a'.repeat(8),
    'a'.repeat(7),
    'a'.repeat(36),
    'a'.repeat(37),
    'evt 0001',
    'evt-ä001',
    12345678,
    null,
  ],
  ts: [
    NOW,
    1_500_000_000_000,
    1_499_999_999_999,
    4_102_444_800_000,
    4_102_444_800_001,
    NOW + 0.5,
    `${NOW}`,
    -0,
    Number.NaN,
    null,
  ],
  url: ['/a', 'https://www.giessen.de/x?y=1#z', '', 'x'.repeat(2048), 'x'.repeat(2049), 7, null, '\ud800'],
  service: ['99036010000000', 99036010000000, '9903601000000', '99036010000000 ', 'x'.repeat(14), null, true],
  form: [
    'hundesteuer',
    'Hunde steuer!',
    'x'.repeat(64),
    'x'.repeat(65),
    `${'x'.repeat(63)}😀`,
    '',
    42,
    null,
    {},
  ],
  field: ['person[plz]', 'a:b.c-d_e', 'plz ', '', 'ü', null],
  step: [1, 50, 0, 51, 2.5, '2', ' 3 ', 'x', -1, null],
  steps: [1, 3, 50, 51, '3', null],
  engagedMs: [0, 1500, 86_400_000, 86_400_001, -1, -0, 1.4, 1.6, Number.POSITIVE_INFINITY, '1500', null],
  elapsedMs: [0, 900, 86_400_001, -5, 2.5, null],
  scrollPct: [0, 42, 100, 101, -3, 42.5, Number.NaN, '42', null],
  score: [1, 5, 0, 6, 4.5, '4', null],
  reason: ['zu_lang', 'Zu_lang', '1x', 'x'.repeat(32), 'x'.repeat(33), '', null],
  found: ['yes', 'no', 'partly', 'YES', '', null],
  context: ['page', 'submitted', 'abandoned', 'other', null],
  name: ['suche', 'x'.repeat(70), 'a b', null],
  props: [{ treffer: 3 }, { Gross: 1 }, { a: 'Max Mustermann' }, {}, null, []],
  stepName: ['adresse', 'prüfen & senden', '', null],
};
const ALL_FIELDS = [
  'id',
  'ts',
  'url',
  'ref',
  'service',
  ...Object.keys(COMPACT_FIELDS).flatMap((k) => COMPACT_FIELDS[k as keyof typeof COMPACT_FIELDS]),
];
const valuesOf = (field: string) => VALUES[field] ?? VALUES.url ?? [];

/** Events as the SDK (compact tuples) and as hand-written pages (objects) send them, valid or not. */
function corpus(count: number, seed: number): unknown[] {
  const r = seededRandom(seed);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r.pick(COMPACT_KINDS);
    const fields = COMPACT_FIELDS[kind] as readonly string[];
    // Mostly valid values (the first of each list), a fifth of the fields from anywhere in the list.
    const value = (field: string) => {
      const values = valuesOf(field);
      return r.next() < 0.8 ? values[0] : r.pick(values);
    };
    const roll = r.next();
    if (roll < 0.45) {
      const tuple: unknown[] = [
        COMPACT_KINDS.indexOf(kind),
        value('id'),
        value('ts'),
        value('url'),
        r.next() < 0.5 ? null : value('service'),
      ];
      for (const f of fields) tuple.push(r.next() < 0.3 ? null : value(f));
      if (r.next() < 0.1) tuple.push('extra');
      if (r.next() < 0.05) tuple[0] = r.pick([-1, 12, 1.5, '0', null]);
      out.push(tuple);
    } else if (roll < 0.95) {
      const e: Record<string, unknown> = {
        type: r.next() < 0.97 ? kind : r.pick(['click', '', null, 'Pageview']),
      };
      for (const f of ['id', 'ts', 'url', 'ref', 'service', ...fields]) {
        if (r.next() < 0.25 && !['id', 'ts', 'url'].includes(f)) continue;
        e[f] = value(f);
      }
      if (r.next() < 0.05) e[r.pick(ALL_FIELDS)] = value(r.pick(ALL_FIELDS));
      if (r.next() < 0.03) e.unknownField = 1;
      out.push(e);
    } else {
      out.push(r.pick([null, 1, 'pageview', [], [0], {}, { type: 'pageview' }, [0, 'evt-0001', NOW, '/a']]));
    }
  }
  return out;
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../contract/fixtures/${name}`, import.meta.url), 'utf8')) as {
    events: unknown[];
  };

/** The generated corpora take a second or two on a quiet machine, several times that on a loaded one. */
const CORPUS_TIMEOUT = { timeout: 60_000 };

describe('hand-checked browser events', () => {
  it(
    'vouch only for events that the contract reads the same, byte for byte, on 20,000 generated events',
    CORPUS_TIMEOUT,
    () => {
      let vouched = 0;
      const raws = [
        ...fixture('browser-batch.json').events,
        ...fixture('browser-batch.compact.json').events,
        ...corpus(20_000, 19),
      ];
      for (const raw of raws) {
        const fast = handCheckedEvent(raw);
        if (!fast) continue;
        vouched += 1;
        const parsed = browserEvent.safeParse(raw);
        expect(parsed.success, JSON.stringify(raw)).toBe(true);
        expect(JSON.stringify(fast), JSON.stringify(raw)).toBe(JSON.stringify(parsed.data));
      }
      // The corpus exercises both sides: most events are vouched for, many are left to zod.
      expect(vouched).toBeGreaterThan(raws.length * 0.3);
      expect(vouched).toBeLessThan(raws.length * 0.8);
    },
  );

  it('read batches exactly as the contract does, dropped events included', CORPUS_TIMEOUT, () => {
    const events = corpus(5_000, 7);
    for (let i = 0; i < events.length; i += 10) {
      const batch = { v: 1 as const, site: 'giessen', events: events.slice(i, i + 10) };
      expect(readBrowserEvents(batch)).toEqual(browserEvents(batch));
    }
  });

  it('know every field of every kind they check, as the contract states them', () => {
    for (const option of event.options) {
      const type = option.shape.type.value;
      const kind = HAND_CHECKED_KINDS[type];
      // The only kind left to zod is `custom`: its properties are a record with a refinement.
      if (type === 'custom') {
        expect(kind).toBeUndefined();
        continue;
      }
      const fields = Object.keys(option.shape).filter((f) => f !== 'type');
      const required = fields.filter(
        (f) => !option.shape[f as keyof typeof option.shape].safeParse(undefined).success,
      );
      expect({ type, fields: kind?.fields }).toEqual({ type, fields });
      expect({ type, required: ['id', 'ts', 'url', ...(kind?.required ?? [])] }).toEqual({ type, required });
      // A refinement is checked by hand only for form_step (step ≤ steps); a new one needs a hand check too.
      expect({ type, refined: (option._zod.def.checks ?? []).length > 0 }).toEqual({
        type,
        refined: type === 'form_step',
      });
    }
    expect(Object.keys(HAND_CHECKED_KINDS).sort()).toEqual(EVENT_TYPES.filter((t) => t !== 'custom').sort());
  });
});

describe('parseBrowserBatch', () => {
  const isSite = (key: string) => key === 'giessen' || key === 'fulda';
  const outcome = (parse: () => unknown) => {
    try {
      return { ok: parse() };
    } catch (err) {
      if (!(err instanceof CollectorError)) throw err;
      return { error: err.code, message: err.message, issues: err.options.issues };
    }
  };

  it('answers every envelope exactly as the contract schema does', CORPUS_TIMEOUT, () => {
    const r = seededRandom(3);
    const envelope = () => {
      const body: Record<string, unknown> = {
        v: r.next() < 0.9 ? 1 : r.pick([2, '1', 0, null]),
        site:
          r.next() < 0.85 ? r.pick(['giessen', 'fulda']) : r.pick(['kassel', 'Giessen', 'g', '', 7, null]),
        events:
          r.next() < 0.9
            ? [[0, 'evt-0001', NOW, '/a']]
            : r.pick([[], new Array(51).fill(0), new Array(50).fill(0), {}, null, 'x']),
      };
      if (r.next() < 0.7)
        body.sentAt =
          r.next() < 0.9 ? NOW : r.pick([1_499_999_999_999, NOW + 0.5, `${NOW}`, null, 4_102_444_800_001]);
      if (r.next() < 0.05) body.extra = true;
      if (r.next() < 0.03) delete body.v;
      return r.next() < 0.02 ? r.pick([null, [], 'x', 1]) : body;
    };
    let fast = 0;
    for (let i = 0; i < 3_000; i++) {
      const body = envelope();
      const expected = outcome(() => parseBatch(browserBatch, body));
      expect(
        outcome(() => parseBrowserBatch(body, isSite)),
        JSON.stringify(body),
      ).toEqual(expected);
      if ('ok' in expected) fast += 1;
    }
    expect(fast).toBeGreaterThan(1_000);
  });
});
