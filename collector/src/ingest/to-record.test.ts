import { type CollectedEvent, collectedEvent, type Event } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { createSiteRegistry } from '../sites/site-registry.ts';
import { NOW, SITES } from '../test-support/fixtures.ts';
import { ClientRecords } from './to-record.ts';

const site = createSiteRegistry(SITES).get('giessen');
if (!site) throw new Error('fixture site missing');
const ctx = { site, mode: 'browser' as const, receivedAt: NOW, saltDay: '2025-11-24' };
const ua = { device: 'mobile' as const, browser: 'safari' as const, os: 'ios' as const };

/** An event whose record keeps it as it came, without a referrer (a copy: writing must not change the input). */
const unchanged = (e: Event): [Event, CollectedEvent['event'], null] => [
  e,
  structuredClone(e) as CollectedEvent['event'],
  null,
];

/** Each event with the event part of its record: query strings, fragments, credentials and case numbers out. */
const CASES: [Event, CollectedEvent['event'], string | null][] = [
  [
    {
      type: 'pageview',
      id: 'evt-0001',
      ts: NOW - 1,
      url: '/a?lang=de&name=Erika#x',
      ref: 'https://www.google.com/search?q=x',
    },
    { type: 'pageview', id: 'evt-0001', ts: NOW - 1, url: '/a?lang=de' },
    'www.google.com',
  ],
  [
    {
      type: 'pageview',
      id: 'evt-0002',
      ts: NOW - 1,
      url: 'https://www.giessen.de/akte/AZ-2024-00815',
      ref: 'nonsense',
    },
    { type: 'pageview', id: 'evt-0002', ts: NOW - 1, url: 'https://www.giessen.de/akte/:id' },
    null,
  ],
  [
    {
      type: 'download',
      id: 'evt-0003',
      ts: NOW,
      url: '/b',
      href: 'https://user:pw@x.de/f.pdf?token=1',
      service: '99036010000000',
    },
    {
      type: 'download',
      id: 'evt-0003',
      ts: NOW,
      url: '/b',
      href: 'https://x.de/f.pdf',
      service: '99036010000000',
    },
    null,
  ],
  unchanged({
    type: 'form_step',
    id: 'evt-0004',
    ts: NOW,
    url: '/f',
    form: 'antrag',
    step: 2,
    steps: 3,
    stepName: 'adresse',
  }),
  unchanged({
    type: 'custom',
    id: 'evt-0005',
    ts: NOW,
    url: '/c',
    name: 'filter',
    props: { tab: 'a:b', n: 1.5, ok: true },
  }),
  unchanged({
    type: 'rating',
    id: 'evt-0006',
    ts: NOW,
    url: '/\u2028"\\quoted"',
    score: 4,
    found: 'partly',
    context: 'page',
  }),
];

describe('ClientRecords', () => {
  it('writes each event as the JSON of its collectedEvent record, fields in the schema order, keyed by visitor', () => {
    const records = new ClientRecords(ctx, '0123456789abcdef', ua, 'DE');
    // Each event twice in a row: events of one batch that share a page and referrer are sanitised once.
    for (const [event, stored, referrerHost] of CASES.flatMap((c) => [c, c])) {
      const expected: CollectedEvent = {
        v: 1,
        site: 'giessen',
        mode: 'browser',
        receivedAt: NOW,
        visitor: '0123456789abcdef',
        saltDay: '2025-11-24',
        device: 'mobile',
        country: 'DE',
        browser: 'safari',
        os: 'ios',
        referrerHost,
        event: stored,
      };
      const message = records.message(event);
      expect(message.key).toBe('giessen:0123456789abcdef');
      expect(message.timestamp).toBe(String(NOW));
      expect(collectedEvent.parse(JSON.parse(message.value))).toEqual(expected);
      // Byte for byte what JSON.stringify makes of the record: the processor and the tests read the same text.
      expect(message.value).toBe(JSON.stringify(expected));
    }
  });
});
