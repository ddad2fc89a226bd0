/*
 * The statutory reports over the visits below, all in January 2025 (the api's clock is 2025-04-10: January is a
 * closed month; the journeys fixture has no visit in it). Gateway configuration of every city (infra/config/
 * sites.json): pages /rathaus (information) and /kontakt (assistance) on the first portal host, and the service
 * Wohnsitz anmelden (S1, /online-dienste/wohnsitz) as procedure pages.
 *
 * Gießen, by hand:
 *   page views  /rathaus    DE PC 1 (v1), AT Mobile 1 (v2), ZZ Others 1 (v8)
 *               /kontakt    DE PC 1 (v3)
 *               /online-dienste/wohnsitz   FR Tablet 1 (v4), DE Mobile 1 (v5), DE PC 5 (v7, v9–v12)
 *               /impressum  1 (v6): not a gateway page, not reported
 *   feedback    /rathaus    4 Yes, 2 Partly (information page);  /online-dienste/wohnsitz  5 Yes after submitting (v4),
 *               1 No on leaving the started form (v5);  /impressum 3: not reported
 *   ZSK         S1: 6 form confirmations (v4, v7, v9–v12)
 * Fulda: two confirmed journeys of S1 (ZSK 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { fullJourney, S1, type Visit } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { startSdgApiStub } from '../../../tests/support/sdg-api.stub.ts';
import { reportMonth } from '../statutory/report-month.ts';
import { sdgApi } from '../statutory/sdg-api.ts';
import { sendSdg } from '../statutory/sdg-send.ts';

const NOW = new Date('2025-04-10T08:00:00Z');
const at = (day: number, minute: number) =>
  `2025-01-${String(day).padStart(2, '0')}T10:${String(minute).padStart(2, '0')}:00Z`;
const visit = (site: string, visitor: number, v: Partial<Visit> & Pick<Visit, 'events'>): Visit => ({
  site,
  visitor,
  at: at(10 + (visitor % 10), visitor % 60),
  channel: 'direct',
  device: 'desktop',
  browser: 'chrome',
  ...v,
});

const VISITS: Visit[] = [
  visit('giessen', 501, {
    events: [
      ['pv', '/rathaus'],
      ['page_rating', '/rathaus', 4, 'yes', 'page'],
    ],
  }),
  visit('giessen', 502, {
    country: 'AT',
    device: 'mobile',
    events: [
      ['pv', '/rathaus'],
      ['page_rating', '/rathaus', 2, 'partly', 'page'],
    ],
  }),
  visit('giessen', 503, { events: [['pv', '/kontakt']] }),
  visit('giessen', 504, {
    country: 'FR',
    device: 'tablet',
    events: [...fullJourney(90_000), ['rating', 5, 'yes', 'submitted']],
  }),
  visit('giessen', 505, {
    device: 'mobile',
    events: [['svc_pv'], ['start'], ['rating', 1, 'no', 'abandoned']],
  }),
  visit('giessen', 506, {
    events: [
      ['pv', '/impressum'],
      ['page_rating', '/impressum', 3],
    ],
  }),
  visit('giessen', 507, { events: fullJourney(100_000) }),
  visit('giessen', 508, { country: 'ZZ', device: 'other', events: [['pv', '/rathaus']] }),
  ...[509, 510, 511, 512].map((n) => visit('giessen', n, { events: fullJourney(80_000) })),
  visit('fulda', 601, { events: fullJourney(70_000) }),
  visit('fulda', 602, { events: fullJourney(75_000) }),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_statutory', { now: NOW, visits: VISITS });
});
afterAll(async () => {
  await h?.close();
});

const JANUARY = {
  startDate: '2024-12-31T23:00:00Z',
  endDate: '2025-01-31T22:59:59Z',
};

describe('GET /v1/cities/{city}/sdg/statistics', () => {
  it('answers the month as the Commission API takes it: page views by country and device, gateway pages only', async () => {
    const res = await h.get('/v1/cities/giessen/sdg/statistics?month=2025-01', h.keys.giessen);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      uniqueId: null,
      referencePeriod: JANUARY,
      transferDate: '2025-04-10T08:00:00Z',
      transferType: 'API',
      nbEntries: 3,
      sources: [
        {
          source: {
            sourceUrl: 'https://www.giessen.de/kontakt',
            statistics: [{ deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' }],
          },
        },
        {
          source: {
            sourceUrl: 'https://www.giessen.de/online-dienste/wohnsitz',
            statistics: [
              { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'DE' },
              { deviceType: 'PC', nbVisits: 5, originatingCountry: 'DE' },
              { deviceType: 'Tablet', nbVisits: 1, originatingCountry: 'FR' },
            ],
          },
        },
        {
          source: {
            sourceUrl: 'https://www.giessen.de/rathaus',
            statistics: [
              { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'AT' },
              { deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' },
              { deviceType: 'Others', nbVisits: 1, originatingCountry: 'ZZ' },
            ],
          },
        },
      ],
    });
  });

  it('gives one CSV row per page, country and device', async () => {
    const res = await h.get('/v1/cities/giessen/sdg/statistics?month=2025-01&format=csv', h.keys.admin);
    expect(res.statusCode).toBe(200);
    expect(res.body.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'month,url,country,deviceType,pageViews',
      '2025-01,https://www.giessen.de/kontakt,DE,PC,1',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,DE,Mobile,1',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,DE,PC,5',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,FR,Tablet,1',
      '2025-01,https://www.giessen.de/rathaus,AT,Mobile,1',
      '2025-01,https://www.giessen.de/rathaus,DE,PC,1',
      '2025-01,https://www.giessen.de/rathaus,ZZ,Others,1',
    ]);
  });

  it.each([
    ['another city', 'limburg'],
    ['the consortium', 'consortium'],
  ] as const)('refuses %s (403): these are the city’s exact numbers', async (_who, role) => {
    const res = await h.get('/v1/cities/giessen/sdg/statistics?month=2025-01', h.keys[role]);
    expect(res.statusCode).toBe(403);
  });

  it('refuses a month that has not begun and a malformed month (400)', async () => {
    expect(
      (await h.get('/v1/cities/giessen/sdg/statistics?month=2025-05', h.keys.giessen)).json(),
    ).toMatchObject({
      error: 'API_MONTH_NOT_BEGUN',
    });
    expect((await h.get('/v1/cities/giessen/sdg/statistics?month=2025-13', h.keys.giessen)).statusCode).toBe(
      400,
    );
  });
});

describe('GET /v1/cities/{city}/sdg/feedback', () => {
  it('lists each answer on a gateway page with its category, rating and found answer', async () => {
    const res = await h.get('/v1/cities/giessen/sdg/feedback?month=2025-01', h.keys.giessen);
    expect(res.statusCode).toBe(200);
    const wohnsitz = 'https://www.giessen.de/online-dienste/wohnsitz';
    const rathaus = 'https://www.giessen.de/rathaus';
    expect(res.json()).toEqual({
      uniqueId: null,
      referencePeriod: JANUARY,
      transferDate: '2025-04-10T08:00:00Z',
      transferType: 'API',
      nbEntries: 4,
      feedbacks: [
        { feedback: { category: 'Procedure', rating: 1, source: wohnsitz, foundInformation: 'No' } },
        { feedback: { category: 'Procedure', rating: 5, source: wohnsitz, foundInformation: 'Yes' } },
        { feedback: { category: 'Information', rating: 2, source: rathaus, foundInformation: 'Partly' } },
        { feedback: { category: 'Information', rating: 4, source: rathaus, foundInformation: 'Yes' } },
      ],
    });
  });

  it('gives the same entries as CSV, one row each', async () => {
    const res = await h.get('/v1/cities/giessen/sdg/feedback?month=2025-01&format=csv', h.keys.giessen);
    expect(res.body.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'month,url,category,rating,foundInformation',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,Procedure,1,No',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,Procedure,5,Yes',
      '2025-01,https://www.giessen.de/rathaus,Information,2,Partly',
      '2025-01,https://www.giessen.de/rathaus,Information,4,Yes',
    ]);
  });

  it('sums the answers per page, by found answer and moment, in JSON and CSV', async () => {
    const res = await h.get('/v1/cities/giessen/sdg/feedback/pages?month=2025-01', h.keys.giessen);
    expect(res.json()).toEqual({
      month: '2025-01',
      pages: [
        {
          url: 'https://www.giessen.de/online-dienste/wohnsitz',
          category: 'procedure',
          ratings: 2,
          meanRating: 3,
          found: { yes: 1, no: 1, partly: 0, unanswered: 0 },
          context: { page: 0, submitted: 1, abandoned: 1, unknown: 0 },
        },
        {
          url: 'https://www.giessen.de/rathaus',
          category: 'information',
          ratings: 2,
          meanRating: 3,
          found: { yes: 1, no: 0, partly: 1, unanswered: 0 },
          context: { page: 2, submitted: 0, abandoned: 0, unknown: 0 },
        },
      ],
    });
    const csv = await h.get('/v1/cities/giessen/sdg/feedback/pages?month=2025-01&format=csv', h.keys.giessen);
    expect(csv.body.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'month,url,category,ratings,meanRating,foundYes,foundNo,foundPartly,foundUnanswered,onPage,afterSubmission,onLeaving',
      '2025-01,https://www.giessen.de/online-dienste/wohnsitz,Procedure,2,3,1,1,0,0,0,1,1',
      '2025-01,https://www.giessen.de/rathaus,Information,2,3,1,0,1,0,2,0,0',
    ]);
  });
});

describe('GET /v1/cities/{city}/zsk and /v1/zsk', () => {
  it('gives the city its form confirmations per service, exactly', async () => {
    const res = await h.get('/v1/cities/giessen/zsk?month=2025-01', h.keys.giessen);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      month: '2025-01',
      disclosure: { perturbed: false },
      rows: [
        {
          leikaKey: S1,
          serviceName: 'Wohnsitz anmelden',
          ags: '06531005',
          municipality: 'Gießen',
          month: '2025-01',
          transactions: 6,
          status: 'exact',
        },
      ],
    });
    const csv = await h.get('/v1/cities/giessen/zsk?month=2025-01&format=csv', h.keys.giessen);
    expect(csv.body.replace('\uFEFF', '').trim().split('\r\n')).toEqual([
      'leikaKey,serviceName,ags,municipality,month,transactions,status',
      `${S1},Wohnsitz anmelden,06531005,Gießen,2025-01,6,exact`,
    ]);
  });

  it('gives admins every named city × service exactly, and the consortium only what the disclosure layer publishes', async () => {
    const admin = (await h.get('/v1/zsk?month=2025-01', h.keys.admin)).json();
    const cell = (rows: { municipality: string; leikaKey: string }[], city: string, service = S1) =>
      rows.find((r) => r.municipality === city && r.leikaKey === service);
    expect(admin.rows).toHaveLength(5 * 6);
    expect(admin.rows.map((r: { municipality: string }) => r.municipality)).not.toContain(
      'Limburg a.d. Lahn',
    );
    expect(cell(admin.rows, 'Gießen')).toMatchObject({ transactions: 6, status: 'exact' });
    expect(cell(admin.rows, 'Fulda')).toMatchObject({ transactions: 2, status: 'exact' });
    expect(cell(admin.rows, 'Marburg')).toMatchObject({ transactions: 0, status: 'exact' });

    const consortium = (await h.get('/v1/zsk?month=2025-01', h.keys.consortium)).json();
    expect(consortium.disclosure).toMatchObject({ perturbed: true, calendarPeriod: '2025-01' });
    expect(consortium.rows).toHaveLength(5 * 6);
    // The same cell as the comparison's completions of Gießen in January: one truth, one noise.
    const comparison = (
      await h.get(`/v1/services/${S1}/comparison?period=2025-01`, h.keys.consortium)
    ).json() as {
      cities: { city: { key: string | null }; metrics: { completions: { value: number | null } } }[];
    };
    const published = comparison.cities.find((c) => c.city.key === 'giessen')?.metrics.completions.value;
    // perturbedDisclosure(fixture policy, 2025-01).count(serviceCell('giessen', S1, 'confirmers'), 6), computed once.
    expect(published).toBe(6);
    expect(cell(consortium.rows, 'Gießen')).toMatchObject({ transactions: published, status: 'published' });
    // Two completions, and none at all, look the same: below k.
    expect(cell(consortium.rows, 'Fulda')).toMatchObject({ transactions: null, status: 'below_k' });
    expect(cell(consortium.rows, 'Marburg')).toMatchObject({ transactions: null, status: 'below_k' });
  });

  it('refuses the consortium an open month and city teams the all-cities file', async () => {
    const open = await h.get('/v1/zsk?month=2025-04', h.keys.consortium);
    expect(open.statusCode).toBe(400);
    expect(open.json()).toMatchObject({ error: 'API_PERIOD_NOT_PUBLISHED' });
    expect((await h.get('/v1/zsk?month=2025-01', h.keys.giessen)).statusCode).toBe(403);
    expect((await h.get('/v1/cities/giessen/zsk?month=2025-01', h.keys.consortium)).statusCode).toBe(403);
  });
});

describe('sdg send', () => {
  it('delivers both datasets to the API, then sends a correction under the same identifiers', async () => {
    const stub = await startSdgApiStub('test-provider-key');
    try {
      const api = sdgApi(stub.url, 'test-provider-key');
      let tick = 0;
      const deps = { warehouse: h.warehouse, api, now: () => new Date(NOW.getTime() + 1000 * tick++) };
      const city = (await import('../sites.ts'))
        .loadSites((await import('../config.ts')).loadKeysConfig().GODONU_SITES_FILE)
        .cities.get('giessen');
      if (!city) throw new Error('giessen missing');
      const month = reportMonth('2025-01', NOW);

      const first = await sendSdg(deps, city, month, { datasets: ['statistics', 'feedback'], actor: 'test' });
      expect(first.map((s) => [s.dataset, s.uniqueId, s.correction, s.status, s.entries])).toEqual([
        ['statistics', 'SDG-TEST-0001', false, 'accepted', 3],
        ['feedback', 'SDG-TEST-0002', false, 'accepted', 4],
      ]);
      expect(stub.received.map((r) => [r.dataset, r.uniqueId, r.correction, r.accepted])).toEqual([
        ['statistics', 'SDG-TEST-0001', false, true],
        ['feedback', 'SDG-TEST-0002', false, true],
      ]);
      const routeBody = (
        await h.get('/v1/cities/giessen/sdg/statistics?month=2025-01', h.keys.giessen)
      ).json();
      expect(routeBody.uniqueId).toBe('SDG-TEST-0001');
      expect(stub.received[0]?.body).toEqual({ ...routeBody, transferDate: '2025-04-10T08:00:00Z' });

      stub.refuseNext('statistics for 2025-01 are locked');
      const refused = await sendSdg(deps, city, month, { datasets: ['statistics'], actor: 'test' });
      expect(refused).toMatchObject([
        { status: 'alert', httpStatus: 400, uniqueId: 'SDG-TEST-0001', correction: true },
      ]);
      expect(refused[0]?.message).toContain('statistics for 2025-01 are locked');

      const again = await sendSdg(deps, city, month, { datasets: ['statistics'], actor: 'test' });
      expect(again).toMatchObject([{ status: 'accepted', uniqueId: 'SDG-TEST-0001', correction: true }]);
      expect(stub.issued).toEqual(['SDG-TEST-0001', 'SDG-TEST-0002']);
      expect(stub.received.at(-1)).toMatchObject({
        uniqueId: 'SDG-TEST-0001',
        correction: true,
        accepted: true,
      });

      const history = (await h.get('/v1/cities/giessen/sdg/transmissions', h.keys.giessen)).json();
      expect(history.gateway).toEqual({
        pages: [
          { url: 'https://www.giessen.de/rathaus', category: 'information' },
          { url: 'https://www.giessen.de/kontakt', category: 'assistance' },
        ],
        services: [S1],
      });
      expect(
        history.transmissions.map((t: { dataset: string; status: string; correction: boolean }) => [
          t.dataset,
          t.status,
          t.correction,
        ]),
      ).toEqual([
        ['statistics', 'accepted', true],
        ['statistics', 'alert', true],
        ['feedback', 'accepted', false],
        ['statistics', 'accepted', false],
      ]);
    } finally {
      await stub.close();
    }
  });
});
