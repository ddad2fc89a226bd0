/*
 * Downloads, outbound links and engagement (GET /v1/cities/{city}/links and /engagement) over a fixture of 16
 * citizens of Gießen on Tuesday 2025-03-04 (ISO week 2025-W10), on top of the api fixture (which has no such
 * events). What the city itself and admins see is computed by hand below; what the consortium sees passes the
 * disclosure layer (k = 5, the harness's fixed secret, 2025-W10): those values were computed once with
 * perturbedDisclosure(disclosurePolicy({ k: 5, epsilon: 0.5, secret: TEST_DISCLOSURE_SECRET }), 2025-W10), the cells
 * as named in the comments, and are written as literals, so that any change of the noise or of the rules shows.
 *
 * Pages: H = /buergerservice/hundesteuer (service 99036010000000 by the sites file's URL rules), R = /rathaus and
 * / (no service), W = /online-dienste/wohnsitz (service 99115001000000). Each citizen views one page and then, 10 s
 * apart, clicks (d: download, o: outbound) and reports engagement (e: visible ms / deepest scroll %):
 *
 *   c1  H  d satzung, d satzung, o serviceportal, e 4000/40, e 3000/80  → one visitor: 7000 ms, 80 %
 *   c2  H  d satzung, o serviceportal, e 12000/100      c9   H  e 22000/100
 *   c3  H  d satzung, o serviceportal, e 25000/60       c10  H  e 28000/90
 *   c4  H  d satzung, o serviceportal, e 45000/30       c11  R  d gebuehren, d bescheid-frau-winter
 *   c5  H  d satzung, o serviceportal, e 200000/100     c12  R  d gebuehren
 *   c6  H  d satzung, e 700000/10                       c13  /  d gebuehren, o serviceportal, o hessen.de ×2, e 3000/20
 *   c7  H  d gebuehren, e 15000/100                     c14  /  o serviceportal, e 9000/100
 *   c8  H  d gebuehren, e 18000/100                     c15  /  e 61000/55
 *                                                       c16  W  d antrag (formulare.giessen.de), e 15000/45
 *
 * Downloads (clicks, visitors), by clicks then host and path:
 *   www.giessen.de/media/hundesteuersatzung.pdf   c1 ×2, c2–c6 = 7, 6 visitors; all on H
 *   www.giessen.de/media/gebuehren.pdf            c7, c8 (H), c11, c12 (R), c13 (/) = 5, 5; H and no service
 *   formulare.giessen.de/wohnsitz/antrag.pdf      c16 = 1, 1 (W)
 *   www.giessen.de/media/bescheid-frau-winter.pdf c11 = 1, 1
 * Outbound (by host only): serviceportal.hessen.de c1–c5 (H), c13, c14 = 7, 7; www.hessen.de c13 ×2 = 2, 1.
 * Service H only: satzung 7, 6; gebuehren 2, 2 (c7, c8); serviceportal 5, 5.
 *
 * Engagement per visitor (visible ms summed, deepest scroll), buckets [<10 s, 10–30, 30–60, 60–180, 180–600,
 * ≥600 s] and [0–24, 25–49, 50–74, 75–99, 100 %]:
 *   H: 10 visitors. Times sorted 7000 12000 15000 18000 22000 25000 28000 45000 200000 700000: median
 *      (22000 + 25000) / 2 = 23.5 s; buckets 1, 6 (12–28 s), 1, 0, 1, 1. Scroll sorted 10 30 60 80 90 100 100 100
 *      100 100: median (90 + 100) / 2 = 95; buckets 1, 1, 1, 2 (80, 90), 5.
 *   /: 3 visitors. 3000 9000 61000: median 9 s; buckets 2, 0, 0, 1, 0, 0. Scroll 20 55 100: median 55; 1, 0, 1, 0, 1.
 *   W: 1 visitor, 15 s, 45 %: buckets 0, 1, 0, 0, 0, 0 and 0, 1, 0, 0, 0.
 *   R: no engagement.
 */
import type { CollectedEvent, Event } from '@godonu/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../../tests/support/api-fixture/api.harness.ts';
import { FIXTURE_WEEK } from '../../../tests/support/api-fixture/journeys.fixture.ts';
import { processedRows } from '../../../tests/support/processed-rows.ts';
import { ERRORS } from '../errors.ts';

const H = '/buergerservice/hundesteuer';
const W = '/online-dienste/wohnsitz';
const HUNDESTEUER = '99036010000000';
const WOHNSITZ = '99115001000000';
const SATZUNG = 'https://www.giessen.de/media/hundesteuersatzung.pdf';
const GEBUEHREN = 'https://www.giessen.de/media/gebuehren.pdf';
const WINTER = 'https://www.giessen.de/media/bescheid-frau-winter.pdf';
const ANTRAG = 'https://formulare.giessen.de/wohnsitz/antrag.pdf?fall=4711';
const PORTAL = 'https://serviceportal.hessen.de/leistung/hundesteuer?id=99036010000000';
const HESSEN = 'https://www.hessen.de/';

type Act = ['d' | 'o', string] | ['e', number, number];

const CITIZENS: [string, Act[]][] = [
  [
    H,
    [
      ['d', SATZUNG],
      ['d', SATZUNG],
      ['o', PORTAL],
      ['e', 4000, 40],
      ['e', 3000, 80],
    ],
  ],
  [
    H,
    [
      ['d', SATZUNG],
      ['o', PORTAL],
      ['e', 12_000, 100],
    ],
  ],
  [
    H,
    [
      ['d', SATZUNG],
      ['o', PORTAL],
      ['e', 25_000, 60],
    ],
  ],
  [
    H,
    [
      ['d', SATZUNG],
      ['o', PORTAL],
      ['e', 45_000, 30],
    ],
  ],
  [
    H,
    [
      ['d', SATZUNG],
      ['o', PORTAL],
      ['e', 200_000, 100],
    ],
  ],
  [
    H,
    [
      ['d', SATZUNG],
      ['e', 700_000, 10],
    ],
  ],
  [
    H,
    [
      ['d', GEBUEHREN],
      ['e', 15_000, 100],
    ],
  ],
  [
    H,
    [
      ['d', GEBUEHREN],
      ['e', 18_000, 100],
    ],
  ],
  [H, [['e', 22_000, 100]]],
  [H, [['e', 28_000, 90]]],
  [
    '/rathaus',
    [
      ['d', GEBUEHREN],
      ['d', WINTER],
    ],
  ],
  ['/rathaus', [['d', GEBUEHREN]]],
  [
    '/',
    [
      ['d', GEBUEHREN],
      ['o', PORTAL],
      ['o', HESSEN],
      ['o', HESSEN],
      ['e', 3000, 20],
    ],
  ],
  [
    '/',
    [
      ['o', PORTAL],
      ['e', 9000, 100],
    ],
  ],
  ['/', [['e', 61_000, 55]]],
  [
    W,
    [
      ['d', ANTRAG],
      ['e', 15_000, 45],
    ],
  ],
];

function rows(): object[] {
  const records: CollectedEvent[] = [];
  for (const [i, [path, acts]] of CITIZENS.entries()) {
    const visitor = 2001 + i;
    const start = Date.parse('2025-03-04T09:00:00Z') + i * 60_000;
    const url = `https://www.giessen.de${path}`;
    const events: ((id: string, ts: number) => Event)[] = [
      (id, ts) => ({ type: 'pageview', id, ts, url }),
      ...acts.map((a) => (id: string, ts: number): Event => {
        if (a[0] === 'e') return { type: 'engagement', id, ts, url, engagedMs: a[1], scrollPct: a[2] };
        if (a[0] === 'd') return { type: 'download', id, ts, url, href: a[1] };
        return { type: 'outbound', id, ts, url, href: a[1] };
      }),
    ];
    for (const [n, event] of events.entries()) {
      const ts = start + n * 10_000;
      records.push({
        v: 1,
        site: 'giessen',
        mode: 'browser',
        receivedAt: ts,
        visitor: visitor.toString(16).padStart(16, '0'),
        saltDay: '2025-03-04',
        device: 'desktop',
        country: 'DE',
        browser: 'firefox',
        os: 'linux',
        referrerHost: null,
        event: event(`le${visitor}n${n}`, ts),
      });
    }
  }
  return processedRows(records);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness('api_links', { rows: rows() });
});
afterAll(async () => {
  await h?.close();
});

const PERIOD = 'from=2025-03-01&to=2025-03-07';
const WEEK = `period=${FIXTURE_WEEK}`;
const ok = 'ok' as const;
const EXACT = {
  perturbed: false,
  calendarPeriod: null,
  k: 5,
  epsilonPerCell: 0.5,
  noise: 'discrete Laplace',
  noiseScale: 2,
  noiseStandardDeviation: 2.8,
};
const PUBLISHED = { ...EXACT, perturbed: true, calendarPeriod: FIXTURE_WEEK };
const HUNDESTEUER_INFO = {
  key: HUNDESTEUER,
  name: { de: 'Hund zur Hundesteuer anmelden', en: 'Register a dog for dog tax' },
};
const WOHNSITZ_INFO = { key: WOHNSITZ, name: { de: 'Wohnsitz anmelden', en: 'Register a new address' } };

// biome-ignore lint/suspicious/noExplicitAny: answers are read as JSON
type Json = any;
async function get(url: string, key: string): Promise<Json> {
  const res = await h.get(url, key);
  expect([url, res.statusCode]).toEqual([url, 200]);
  return res.json();
}

const VISIBLE = [0, 10, 30, 60, 180, 600];
const SCROLL = [0, 25, 50, 75, 100];
/** An exact distribution: visitors per bucket, shares of `total` to 4 places. */
function exactBuckets(bounds: number[], counts: number[], total: number) {
  return bounds.map((from, i) => ({
    from,
    to: bounds[i + 1] ?? null,
    visitors: counts[i],
    share: Math.round(((counts[i] as number) / total) * 10_000) / 10_000,
    status: ok,
  }));
}
/** A published distribution: every bucket suppressed, with its status. */
function hiddenBuckets(bounds: number[], status: string[]) {
  return bounds.map((from, i) => ({
    from,
    to: bounds[i + 1] ?? null,
    visitors: null,
    share: null,
    status: status[i],
  }));
}
const engagement = (
  visitors: number,
  medianSec: number,
  visible: number[],
  medianPct: number,
  scroll: number[],
) => ({
  visitors,
  visibleTime: { medianSec, buckets: exactBuckets(VISIBLE, visible, visitors) },
  scrollDepth: { medianPct, buckets: exactBuckets(SCROLL, scroll, visitors) },
  status: ok,
});
const H_PAGE = engagement(10, 23.5, [1, 6, 1, 0, 1, 1], 95, [1, 1, 1, 2, 5]);
const ROOT_PAGE = engagement(3, 9, [2, 0, 0, 1, 0, 0], 55, [1, 0, 1, 0, 1]);
const W_PAGE = engagement(1, 15, [0, 1, 0, 0, 0, 0], 45, [0, 1, 0, 0, 0]);

describe('links', () => {
  it('gives the city team every download and outbound host exactly, by clicks', async () => {
    for (const key of [h.keys.giessen, h.keys.admin]) {
      const r = await get(`/v1/cities/giessen/links?${PERIOD}`, key);
      expect([r.access, r.k, r.disclosure, r.period, r.service]).toEqual([
        'full',
        5,
        EXACT,
        { from: '2025-03-01', to: '2025-03-07', days: 7 },
        null,
      ]);
      expect(r.city.key).toBe('giessen');
      expect(r.downloads).toEqual([
        {
          host: 'www.giessen.de',
          path: '/media/hundesteuersatzung.pdf',
          downloads: 7,
          visitors: 6,
          status: ok,
        },
        { host: 'www.giessen.de', path: '/media/gebuehren.pdf', downloads: 5, visitors: 5, status: ok },
        // Ties by host: the query string of the link is gone.
        { host: 'formulare.giessen.de', path: '/wohnsitz/antrag.pdf', downloads: 1, visitors: 1, status: ok },
        {
          host: 'www.giessen.de',
          path: '/media/bescheid-frau-winter.pdf',
          downloads: 1,
          visitors: 1,
          status: ok,
        },
      ]);
      // Outbound links by host only: no path of another site.
      expect(r.outbound).toEqual([
        { host: 'serviceportal.hessen.de', clicks: 7, visitors: 7, status: ok },
        { host: 'www.hessen.de', clicks: 2, visitors: 1, status: ok },
      ]);
    }
  });

  it('narrows both lists to one service’s pages, and cuts them at `limit`', async () => {
    const r = await get(`/v1/cities/giessen/links?${PERIOD}&service=${HUNDESTEUER}`, h.keys.giessen);
    expect(r.service).toEqual(HUNDESTEUER_INFO);
    expect(r.downloads).toEqual([
      {
        host: 'www.giessen.de',
        path: '/media/hundesteuersatzung.pdf',
        downloads: 7,
        visitors: 6,
        status: ok,
      },
      { host: 'www.giessen.de', path: '/media/gebuehren.pdf', downloads: 2, visitors: 2, status: ok },
    ]);
    expect(r.outbound).toEqual([{ host: 'serviceportal.hessen.de', clicks: 5, visitors: 5, status: ok }]);
    const w = await get(`/v1/cities/giessen/links?${PERIOD}&service=${WOHNSITZ}`, h.keys.giessen);
    expect([w.downloads.map((d: Json) => d.path), w.outbound]).toEqual([['/wohnsitz/antrag.pdf'], []]);
    const one = await get(`/v1/cities/giessen/links?${PERIOD}&limit=1`, h.keys.giessen);
    expect([one.downloads.map((d: Json) => d.downloads), one.outbound.map((o: Json) => o.clicks)]).toEqual([
      [7],
      [7],
    ]);
  });

  it('shows the consortium perturbed counts of a closed week, small files folded into "(other)" without their names', async () => {
    const r = await get(`/v1/cities/giessen/links?${WEEK}`, h.keys.consortium);
    expect([r.access, r.disclosure, r.period]).toEqual([
      'published',
      PUBLISHED,
      { from: '2025-03-03', to: '2025-03-09', days: 7 },
    ]);
    // satzung: cells (giessen, downloads:service:99036010000000, downloads | visitors, www.giessen.de/media/
    // hundesteuersatzung.pdf) of 7 and 6 → 12 and 9. antrag and the file naming Ms Winter (1 visitor each) are below
    // k; together they do not reach k, so the smallest shown row, gebuehren (scope `downloads`: two services; 5
    // visitors → 6), is hidden with them. Folded: 5 + 1 + 1 downloads = 7 → cell (downloads, downloads, "(other)")
    // → 10.
    expect(r.downloads).toEqual([
      {
        host: 'www.giessen.de',
        path: '/media/hundesteuersatzung.pdf',
        downloads: 12,
        visitors: 9,
        status: ok,
      },
      { host: '(other)', path: '', downloads: 10, visitors: null, status: ok },
    ]);
    expect(JSON.stringify(r)).not.toContain('winter');
    // hessen.de (1 visitor) is below k, so serviceportal (two services: scope `outbound`; 7 visitors → 6) is hidden
    // with it. Folded: 7 + 2 clicks = 9 → cell (outbound, clicks, "(other)") → 9.
    expect(r.outbound).toEqual([{ host: '(other)', clicks: 9, visitors: null, status: ok }]);
  });

  it('asked for one service, shows the consortium the same cell for the same truth', async () => {
    const r = await get(`/v1/cities/giessen/links?${WEEK}&service=${HUNDESTEUER}`, h.keys.consortium);
    // satzung (9 visitors, the cell above) would be shown, but gebuehren (2 on these pages) is below k, and the
    // hidden rows must reach k: satzung is folded with it (7 + 2 = 9 → cell (downloads:service:…, downloads,
    // "(other)") → 10).
    expect(r.downloads).toEqual([{ host: '(other)', path: '', downloads: 10, visitors: null, status: ok }]);
    // serviceportal on these pages: 5 clicks, 5 visitors → cells (outbound:service:99036010000000, clicks |
    // visitors, serviceportal.hessen.de) → 11 and 5.
    expect(r.outbound).toEqual([{ host: 'serviceportal.hessen.de', clicks: 11, visitors: 5, status: ok }]);
  });

  it('answers each list as CSV', async () => {
    const res = await h.get(`/v1/cities/giessen/links?${PERIOD}&format=csv&table=outbound`, h.keys.giessen);
    expect([res.statusCode, res.headers['content-type'], res.headers['content-disposition']]).toEqual([
      200,
      'text/csv; charset=utf-8',
      'attachment; filename="giessen-outbound-2025-03-01-2025-03-07.csv"',
    ]);
    expect(res.body).toBe(
      '\uFEFFhost,clicks,visitors,status\r\nserviceportal.hessen.de,7,7,ok\r\nwww.hessen.de,2,1,ok\r\n',
    );
    const downloads = await h.get(
      `/v1/cities/giessen/links?${WEEK}&service=${HUNDESTEUER}&format=csv`,
      h.keys.consortium,
    );
    expect(downloads.headers['content-disposition']).toBe(
      `attachment; filename="giessen-${HUNDESTEUER}-downloads-2025-03-03-2025-03-09.csv"`,
    );
    expect(downloads.body).toBe('\uFEFFhost,path,downloads,visitors,status\r\n(other),,10,,ok\r\n');
  });
});

describe('engagement', () => {
  it('gives the city team each page’s visitors, medians and distributions exactly', async () => {
    for (const key of [h.keys.giessen, h.keys.admin]) {
      const r = await get(`/v1/cities/giessen/engagement?${PERIOD}`, key);
      expect([r.access, r.disclosure, r.service]).toEqual(['full', EXACT, null]);
      expect(r.pages).toEqual([
        { path: H, ...H_PAGE },
        { path: '/', ...ROOT_PAGE },
        { path: W, ...W_PAGE },
      ]);
      // Only the pages that belong to a service; `/` does not.
      expect(r.servicePages).toEqual([
        { service: HUNDESTEUER_INFO, path: H, ...H_PAGE },
        { service: WOHNSITZ_INFO, path: W, ...W_PAGE },
      ]);
    }
  });

  it('narrows both tables to one service’s pages', async () => {
    const r = await get(`/v1/cities/giessen/engagement?${PERIOD}&service=${HUNDESTEUER}`, h.keys.giessen);
    expect([r.service, r.pages, r.servicePages]).toEqual([
      HUNDESTEUER_INFO,
      [{ path: H, ...H_PAGE }],
      [{ service: HUNDESTEUER_INFO, path: H, ...H_PAGE }],
    ]);
    const one = await get(`/v1/cities/giessen/engagement?${PERIOD}&limit=1`, h.keys.giessen);
    expect([one.pages.map((p: Json) => p.path), one.servicePages.map((p: Json) => p.path)]).toEqual([
      [H],
      [H],
    ]);
  });

  it('shows the consortium pages of at least k visitors, medians rounded, buckets suppressed as a list', async () => {
    // H: cell (engagement:service:99036010000000, visitors, H) of 10 → 9; `/` (3) and W (1) are below k and left
    // out. Medians: 23.5 s → 20 s (10 s steps), 95 % → 100 % (10 points; halves round up). The buckets' cells
    // (…, visible:<from s> | scroll:<from %>, H): all true counts but 10–30 s (6 → 7) and 100 % (5 → 8) are below
    // k, so those two are hidden with them (the hidden buckets must reach k: the page's visitors are shown).
    const published = {
      path: H,
      visitors: 9,
      visibleTime: {
        medianSec: 20,
        buckets: hiddenBuckets(VISIBLE, [
          'below_k',
          'complementary',
          'below_k',
          'below_k',
          'below_k',
          'below_k',
        ]),
      },
      scrollDepth: {
        medianPct: 100,
        buckets: hiddenBuckets(SCROLL, ['below_k', 'below_k', 'below_k', 'below_k', 'complementary']),
      },
      status: ok,
    };
    for (const service of ['', `&service=${HUNDESTEUER}`]) {
      const r = await get(`/v1/cities/giessen/engagement?${WEEK}${service}`, h.keys.consortium);
      expect([r.access, r.disclosure]).toEqual(['published', PUBLISHED]);
      // The page's events are all of one service: the same cells with or without asking for it.
      expect(r.pages).toEqual([published]);
      expect(r.servicePages).toEqual([{ service: HUNDESTEUER_INFO, ...published }]);
    }
  });

  it('answers each table as CSV, the buckets in columns', async () => {
    const res = await h.get(
      `/v1/cities/giessen/engagement?${PERIOD}&service=${WOHNSITZ}&format=csv&table=servicePages`,
      h.keys.giessen,
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="giessen-${WOHNSITZ}-engagement-servicePages-2025-03-01-2025-03-07.csv"`,
    );
    expect(res.body).toBe(
      '\uFEFFservice,path,visitors,visibleMedianSec,scrollMedianPct,status,' +
        'visible_0_10s,visible_10_30s,visible_30_60s,visible_60_180s,visible_180_600s,visible_600s_plus,' +
        'scroll_0_25pct,scroll_25_50pct,scroll_50_75pct,scroll_75_100pct,scroll_100pct\r\n' +
        `${WOHNSITZ},/online-dienste/wohnsitz,1,15,45,ok,0,1,0,0,0,0,0,1,0,0,0\r\n`,
    );
    const pages = await h.get(`/v1/cities/giessen/engagement?${WEEK}&format=csv`, h.keys.consortium);
    expect(pages.body.split('\r\n').slice(1)).toEqual([
      '/buergerservice/hundesteuer,9,20,100,ok,,,,,,,,,,,',
      '',
    ]);
  });
});

describe('access to links and engagement', () => {
  it('is the city report’s: another city’s team and the consortium for a city not named are refused', async () => {
    for (const route of ['links', 'engagement']) {
      for (const [city, key] of [
        ['giessen', h.keys.limburg],
        ['limburg', h.keys.consortium],
      ] as const) {
        const res = await h.get(`/v1/cities/${city}/${route}?${WEEK}`, key);
        expect([route, city, res.statusCode, res.json()]).toEqual([
          route,
          city,
          403,
          { error: 'API_FORBIDDEN', message: ERRORS.API_FORBIDDEN.message, details: { city } },
        ]);
      }
      // The consortium reads closed calendar periods only.
      const open = await h.get(`/v1/cities/giessen/${route}?${PERIOD}`, h.keys.consortium);
      expect([route, open.statusCode, open.json().error]).toEqual([route, 400, 'API_PERIOD_NOT_PUBLISHED']);
      // A service must be a catalog key.
      const unknown = await h.get(
        `/v1/cities/giessen/${route}?${PERIOD}&service=99999999999999`,
        h.keys.giessen,
      );
      expect([route, unknown.statusCode, unknown.json().error]).toEqual([route, 404, 'API_UNKNOWN_SERVICE']);
      const malformed = await h.get(`/v1/cities/giessen/${route}?${PERIOD}&service=hund`, h.keys.giessen);
      expect([route, malformed.statusCode, malformed.json().error]).toEqual([route, 400, 'API_BAD_REQUEST']);
    }
  });
});
