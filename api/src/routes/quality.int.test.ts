/*
 * GET /v1/quality over hand-written rows of quality_daily_v1 (as the processor and the collector's tallies write
 * them), 3–5 March 2025. Gießen:
 *   03-03  accepted 5 (lag 5000 ms summed, 2000 max; its copy re-sent under the same id) + 3 (3000, 1500);
 *          dropped bot 2; dead letter invalid_url 1; refused COLLECTOR_RATE_LIMITED 1
 *          → accepted 8, dropped 2, share 2/10 = 0.2, lag mean 8000/8 = 1 s, max 2 s
 *   03-04  accepted 2 (400, 300); dropped bot 1 + 3 (two tallies), do_not_track 3
 *          → dropped 7, share 7/9, "dropped_over_half"; lag 0.2 s, max 0.3 s
 *   03-05  nothing → 0 after days with events: "accepted_fell_to_zero"
 * Unattributed ('') on 03-04: refused COLLECTOR_NOT_FOUND 5. Every other city: empty days, no check.
 */
import { createClient } from '@clickhouse/client';
import type { QualityRow } from '@godonu/warehouse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { ERRORS } from '../errors.ts';
import type { QualityDay } from '../reports/quality.ts';

const row = (r: Partial<QualityRow> & Pick<QualityRow, 'day' | 'kind' | 'count'>): QualityRow => ({
  site: 'giessen',
  source: r.kind === 'accepted' || r.kind === 'dead_letter' ? 'processor' : 'collector',
  reason: '',
  tally_id: `t-${r.day}-${r.kind}-${r.reason ?? ''}`,
  lag_ms_sum: 0,
  lag_ms_max: 0,
  ...r,
});
const ROWS: QualityRow[] = [
  row({
    day: '2025-03-03',
    kind: 'accepted',
    count: 5,
    lag_ms_sum: 5000,
    lag_ms_max: 2000,
    tally_id: 'ev/0/9',
  }),
  row({
    day: '2025-03-03',
    kind: 'accepted',
    count: 5,
    lag_ms_sum: 5000,
    lag_ms_max: 2000,
    tally_id: 'ev/0/9',
  }),
  row({
    day: '2025-03-03',
    kind: 'accepted',
    count: 3,
    lag_ms_sum: 3000,
    lag_ms_max: 1500,
    tally_id: 'ev/1/4',
  }),
  row({ day: '2025-03-03', kind: 'dropped', reason: 'bot', count: 2 }),
  row({ day: '2025-03-03', kind: 'dead_letter', reason: 'invalid_url', count: 1 }),
  row({ day: '2025-03-03', kind: 'refused', reason: 'COLLECTOR_RATE_LIMITED', count: 1 }),
  row({ day: '2025-03-04', kind: 'accepted', count: 2, lag_ms_sum: 400, lag_ms_max: 300 }),
  row({ day: '2025-03-04', kind: 'dropped', reason: 'bot', count: 1, tally_id: 'a' }),
  row({ day: '2025-03-04', kind: 'dropped', reason: 'bot', count: 3, tally_id: 'b' }),
  row({ day: '2025-03-04', kind: 'dropped', reason: 'do_not_track', count: 3 }),
  row({ site: '', day: '2025-03-04', kind: 'refused', reason: 'COLLECTOR_NOT_FOUND', count: 5 }),
];

const URL = '/v1/quality?from=2025-03-03&to=2025-03-05';
const CITIES: [string, string][] = [
  ['offenbach', 'Offenbach am Main'],
  ['giessen', 'Gießen'],
  ['marburg', 'Marburg'],
  ['fulda', 'Fulda'],
  ['wetzlar', 'Wetzlar'],
  ['limburg', 'Limburg a.d. Lahn'],
];
const DAYS = ['2025-03-03', '2025-03-04', '2025-03-05'];
const empty = (city: string, cityName: string, day: string): QualityDay => ({
  city,
  cityName,
  day,
  accepted: 0,
  dropped: 0,
  droppedByReason: {},
  droppedShare: null,
  deadLetters: 0,
  deadLettersByReason: {},
  refused: 0,
  refusedByCode: {},
  lagMeanSeconds: null,
  lagMaxSeconds: null,
  check: null,
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_quality');
  const ch = createClient({ url: inject('clickhouseUrl'), database: h.database });
  await ch.insert({ table: 'quality_daily_v1', values: ROWS, format: 'JSONEachRow' });
  await ch.close();
});
afterAll(async () => {
  await h?.close();
});

describe('GET /v1/quality', () => {
  it('answers admins per city and day with exact counts, shares, lags and checks', async () => {
    const res = await h.get(URL, h.keys.admin);
    expect(res.statusCode).toBe(200);
    const giessen: QualityDay[] = [
      {
        ...empty('giessen', 'Gießen', '2025-03-03'),
        accepted: 8,
        dropped: 2,
        droppedByReason: { bot: 2 },
        droppedShare: 0.2,
        deadLetters: 1,
        deadLettersByReason: { invalid_url: 1 },
        refused: 1,
        refusedByCode: { COLLECTOR_RATE_LIMITED: 1 },
        lagMeanSeconds: 1,
        lagMaxSeconds: 2,
      },
      {
        ...empty('giessen', 'Gießen', '2025-03-04'),
        accepted: 2,
        dropped: 7,
        droppedByReason: { bot: 4, do_not_track: 3 },
        droppedShare: 7 / 9,
        lagMeanSeconds: 0.2,
        lagMaxSeconds: 0.3,
        check: 'dropped_over_half',
      },
      { ...empty('giessen', 'Gießen', '2025-03-05'), check: 'accepted_fell_to_zero' },
    ];
    expect(res.json()).toEqual({
      from: '2025-03-03',
      to: '2025-03-05',
      days: [
        ...CITIES.flatMap(([key, name]) =>
          key === 'giessen' ? giessen : DAYS.map((day) => empty(key, name, day)),
        ),
        {
          ...empty('', '', '2025-03-04'),
          refused: 5,
          refusedByCode: { COLLECTOR_NOT_FOUND: 5 },
        },
      ],
    });
  });

  it('answers the same as CSV', async () => {
    const res = await h.get(`${URL}&format=csv`, h.keys.admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="quality-2025-03-03-2025-03-05.csv"',
    );
    const lines = res.body.replace('\uFEFF', '').split('\r\n');
    expect(lines[0]).toBe(
      'city,day,accepted,dropped,dropped_share,dropped_reasons,dead_letters,dead_letter_reasons,refused,refused_codes,lag_mean_s,lag_max_s,check',
    );
    expect(lines.filter((l) => l.startsWith('giessen,') || l.startsWith(','))).toEqual([
      'giessen,2025-03-03,8,2,0.2,bot=2,1,invalid_url=1,1,COLLECTOR_RATE_LIMITED=1,1,2,',
      `giessen,2025-03-04,2,7,${7 / 9},bot=4;do_not_track=3,0,,0,,0.2,0.3,dropped_over_half`,
      'giessen,2025-03-05,0,0,,,0,,0,,,,accepted_fell_to_zero',
      ',2025-03-04,0,0,,,0,,5,COLLECTOR_NOT_FOUND=5,,,',
    ]);
    expect(lines).toHaveLength(1 + CITIES.length * DAYS.length + 1 + 1);
  });

  it('refuses every role but admins, and asks for a key', async () => {
    for (const key of [h.keys.giessen, h.keys.limburg, h.keys.consortium]) {
      const res = await h.get(URL, key);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('API_FORBIDDEN');
      expect(res.json().message).toBe(ERRORS.API_FORBIDDEN.message);
    }
    expect((await h.get(URL)).statusCode).toBe(401);
  });

  it('refuses a period that ends before it starts or spans more than 366 days', async () => {
    expect((await h.get('/v1/quality?from=2025-03-05&to=2025-03-03', h.keys.admin)).statusCode).toBe(400);
    expect((await h.get('/v1/quality?from=2024-01-01&to=2025-01-01', h.keys.admin)).statusCode).toBe(400);
    expect((await h.get('/v1/quality?city=giessen', h.keys.admin)).statusCode).toBe(400);
  });
});
