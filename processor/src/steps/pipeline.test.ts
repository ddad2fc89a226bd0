import { parseSitesConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { MINUTE, record } from '../../test/records.ts';
import { SHARED_FORM_HOST, sitesFixture } from '../../test/sites.fixture.ts';
import { PartitionSessions } from '../session/partition-sessions.ts';
import { createPipeline } from './pipeline.ts';

const sites = parseSitesConfig(JSON.stringify(sitesFixture));
const pipeline = createPipeline(sites, 'Europe/Berlin');
const bytes = (r: unknown) => Buffer.from(JSON.stringify(r));
const visit = { site: 'giessen', visitor: 'a1b2c3d4e5f60718' };
const at = Date.UTC(2025, 2, 4, 9, 0, 0);

describe('validation and site', () => {
  it('dead-letters bytes that are not JSON, records that break the contract, and unknown sites', () => {
    expect(pipeline.prepare(Buffer.from('{nope'), 0, '1')).toEqual({
      kind: 'dead_letter',
      reason: 'invalid_json',
      detail: 'not JSON',
    });
    expect(pipeline.prepare(null, 0, '1')).toMatchObject({ kind: 'dead_letter', reason: 'invalid_json' });
    const bad = { ...record(visit, at, '/', { type: 'pageview' }), visitor: 'not-hex' };
    expect(pipeline.prepare(bytes(bad), 0, '1')).toEqual({
      kind: 'dead_letter',
      reason: 'contract_violation',
      detail: 'visitor: invalid_format',
    });
    const unknown = record({ ...visit, site: 'kassel' }, at, '/', { type: 'pageview' });
    expect(pipeline.prepare(bytes(unknown), 0, '1')).toEqual({
      kind: 'dead_letter',
      reason: 'unknown_site',
      detail: 'site kassel is not configured',
    });
  });
});

describe('report day', () => {
  it('is the Berlin calendar day of receipt, across midnight and the DST change', () => {
    const day = (ms: number) => {
      const out = pipeline.prepare(bytes(record(visit, ms, '/', { type: 'pageview' })), 0, '1');
      return out.kind === 'ready' ? out.ctx.derived.day : out;
    };
    expect(day(Date.UTC(2025, 2, 4, 22, 59))).toBe('2025-03-04'); // 23:59 CET
    expect(day(Date.UTC(2025, 2, 4, 23, 0))).toBe('2025-03-05'); // 00:00 CET
    expect(day(Date.UTC(2025, 6, 1, 21, 59))).toBe('2025-07-01'); // 23:59 CEST
    expect(day(Date.UTC(2025, 6, 1, 22, 0))).toBe('2025-07-02'); // 00:00 CEST
  });

  it('dead-letters a salt day that is not the day of receipt', () => {
    const r = { ...record(visit, at, '/', { type: 'pageview' }), saltDay: '2025-02-01' };
    expect(pipeline.prepare(bytes(r), 0, '1')).toEqual({
      kind: 'dead_letter',
      reason: 'salt_day_mismatch',
      detail: 'saltDay is not the day of receipt',
    });
  });
});

describe('service key and channel', () => {
  const prepared = (r: ReturnType<typeof record>) => {
    const out = pipeline.prepare(bytes(r), 0, '1');
    if (out.kind !== 'ready') throw new Error(out.kind);
    return out.ctx;
  };

  it('takes the declared key, else the first matching city rule, else none', () => {
    const declared = record(visit, at, 'https://www.giessen.de/x', {
      type: 'pageview',
      service: '99123001000000',
    });
    expect(prepared(declared).derived.service).toBe('99123001000000');
    const ruled = record(visit, at, 'https://www.giessen.de/online-dienste/hundesteuer/1', {
      type: 'pageview',
    });
    expect(prepared(ruled).derived.service).toBe('99036010000000');
    const none = record(visit, at, 'https://www.giessen.de/online-dienste/wohnsitz', { type: 'pageview' });
    expect(prepared(none).derived.service).toBe('');
  });

  it('classifies referrers', () => {
    const channel = (host: string | null) =>
      prepared(record(visit, at, 'https://www.giessen.de/', { type: 'pageview' }, host)).eventChannel;
    expect(
      [
        null,
        'www.google.de',
        'duckduckgo.com',
        'l.facebook.com',
        'formulare.giessen.de',
        SHARED_FORM_HOST,
        'www.fulda.de',
        'blog.example.org',
      ].map(channel),
    ).toEqual(['direct', 'search', 'search', 'social', 'internal', 'internal', 'other_city', 'referral']);
  });

  it("attributes events on a host two cities share to the record's site, with that city's rules", () => {
    const fulda = { site: 'fulda', visitor: 'fedcba9876543210' };
    const on = (v: typeof visit, path: string) =>
      prepared(record(v, at, `https://${SHARED_FORM_HOST}${path}`, { type: 'pageview' }));
    expect(
      [on(visit, '/online-dienste/hundesteuer'), on(fulda, '/online-dienste/wohnsitz')].map((ctx) => [
        ctx.city.key,
        ctx.derived.path,
        ctx.derived.service,
      ]),
    ).toEqual([
      ['giessen', '/online-dienste/hundesteuer', '99036010000000'],
      ['fulda', '/online-dienste/wohnsitz', '99115001000000'],
    ]);
  });
});

describe('session step', () => {
  function run(records: ReturnType<typeof record>[], sessions = new PartitionSessions('0')) {
    const draft = sessions.begin();
    const out = records.map((r, i) => {
      const p = pipeline.prepare(bytes(r), 0, String(i));
      if (p.kind !== 'ready') return p;
      const f = pipeline.finish(p.ctx, draft);
      return f.kind === 'row' ? f.row : f;
    });
    draft.commit();
    return out;
  }
  const pick = (rows: ReturnType<typeof run>) =>
    rows.map((r) =>
      'session_id' in r
        ? [r.session_start, r.entry, r.bounce_delta, r.duration_delta_ms, r.channel, r.channel_host]
        : r,
    );

  it('opens a visit, sums gaps, moves bounces, keeps the first channel, and ends after 30 idle minutes', () => {
    const rows = run([
      record(visit, at, 'https://www.giessen.de/', { type: 'pageview' }, 'www.google.de'),
      record(visit, at + 2 * MINUTE, 'https://www.giessen.de/a', {
        type: 'engagement',
        engagedMs: 1,
        scrollPct: 5,
      }),
      record(visit, at + 3 * MINUTE, 'https://www.giessen.de/b', { type: 'pageview' }, 'www.giessen.de'),
      record(visit, at + 4 * MINUTE, 'https://www.giessen.de/c', { type: 'pageview' }, 'www.giessen.de'),
      record(visit, at + 35 * MINUTE, 'https://www.giessen.de/', { type: 'pageview' }),
    ]);
    expect(pick(rows)).toEqual([
      [1, 1, 1, 0, 'search', 'www.google.de'],
      [0, 0, 0, 120000, 'search', 'www.google.de'],
      [0, 0, -1, 60000, 'search', 'www.google.de'],
      [0, 0, 0, 60000, 'search', 'www.google.de'],
      [1, 1, 1, 0, 'direct', ''],
    ]);
    const ids = rows.map((r) => ('session_id' in r ? r.session_id : ''));
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(ids[4]).not.toBe(ids[0]);
  });

  it('drops a repeated event id within a visit', () => {
    const first = record(visit, at, 'https://www.giessen.de/', { type: 'pageview', id: 'same-id-1' });
    const again = record(visit, at + 1000, 'https://www.giessen.de/', { type: 'pageview', id: 'same-id-1' });
    expect(pick(run([first, again]))).toEqual([
      [1, 1, 1, 0, 'direct', ''],
      { kind: 'drop', reason: 'duplicate_event' },
    ]);
  });

  it('ends a visit at local midnight', () => {
    const late = Date.UTC(2025, 2, 4, 22, 50); // 23:50 in Berlin
    const rows = run([
      record(visit, late, 'https://www.giessen.de/', { type: 'pageview' }),
      record(visit, late + 15 * MINUTE, 'https://www.giessen.de/', { type: 'pageview' }),
    ]);
    expect(pick(rows)).toEqual([
      [1, 1, 1, 0, 'direct', ''],
      [1, 1, 1, 0, 'direct', ''],
    ]);
  });

  it('gives the same visit id to the same records, whatever ran before', () => {
    const journey = [
      record(visit, at, 'https://www.giessen.de/', { type: 'pageview', id: 'fixed-id-1' }),
      record(visit, at + MINUTE, 'https://www.giessen.de/', { type: 'pageview', id: 'fixed-id-2' }),
    ];
    const a = run(journey);
    const b = run(journey, new PartitionSessions('77'));
    expect(a).toEqual(b);
  });

  it('times a form from its first start in the visit to submit and confirmation, unless the client timed it', () => {
    const url = 'https://www.giessen.de/online-dienste/hundesteuer';
    const other = { ...visit, visitor: '0000000000000bbb' };
    const rows = run([
      record(visit, at, url, { type: 'form_start', form: 'hundesteuer' }),
      record(visit, at + MINUTE, url, { type: 'form_start', form: 'hundesteuer' }),
      record(visit, at + 4 * MINUTE, url, { type: 'form_submit', form: 'hundesteuer' }),
      record(visit, at + 5 * MINUTE, `${url}/fertig`, { type: 'form_confirm' }),
      record(visit, at + 6 * MINUTE, url, { type: 'form_submit', form: 'hundesteuer', elapsedMs: 42_000 }),
      record(visit, at + 7 * MINUTE, url, { type: 'form_submit', form: 'wohnsitz' }),
      record(other, at + 8 * MINUTE, url, { type: 'form_confirm', form: 'hundesteuer' }),
    ]);
    expect(rows.map((r) => ('elapsed_ms' in r ? [r.event_type, r.elapsed_ms] : r))).toEqual([
      ['form_start', null],
      ['form_start', null],
      ['form_submit', 240_000],
      ['form_confirm', 300_000],
      ['form_submit', 42_000],
      ['form_submit', null],
      ['form_confirm', null],
    ]);
  });

  it('does not let an uncommitted draft change the partition state', () => {
    const sessions = new PartitionSessions('0');
    const p = pipeline.prepare(
      bytes(record(visit, at, 'https://www.giessen.de/', { type: 'pageview' })),
      0,
      '0',
    );
    if (p.kind !== 'ready') throw new Error('not ready');
    pipeline.finish(p.ctx, sessions.begin()); // never committed
    expect(sessions.size).toBe(0);
  });
});
