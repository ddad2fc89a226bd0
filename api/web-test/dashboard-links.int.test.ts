/*
 * The panels on downloads, links to other sites and engagement (api/web/src/views/links.panels.ts) in real Chromium
 * over the dashboard tests' generated traffic (dashboard.harness.ts), which has downloads of documents (one path
 * template, /dokumente/:id) and engagement reports but no links to other sites; FEBRUARY adds, in Gießen's last
 * closed month, files and links of which some are too small for others to see. Every figure shown is compared with
 * the API's JSON: the Gießen team's own
 * numbers exactly, the consortium's view of Gießen with "≈", "weniger als 10", "ausgeblendet" and the folded row;
 * the CSV downloads are the API's CSV byte for byte; axe-core, the keyboard and 320 CSS px as for every view.
 * Screenshots go to tests/artifacts/dashboard/links-*.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CollectedEvent, Event } from '@godonu/contract';
import { REPO_ROOT } from '@godonu/infra';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { processedRows } from '../../tests/support/processed-rows.ts';
import type { CityEngagement } from '../src/reports/city-engagement.ts';
import type { CityLinks } from '../src/reports/city-links.ts';
import type { CellStatus } from '../src/reports/common.schema.ts';
import { type DashboardServer, DEMO_K, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const WOHNSITZ = '99115001000000';
const MONTH = '2025-02';
const FOLDED = 'Sonstige (zusammengefasst)';

const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const count = (n: number) => integer.format(n);
const rate = (n: number) => percent.format(n);
const seconds = (n: number) => {
  const s = Math.round(n);
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
};
const noisy = (text: string) => `≈${text} (gerundet/verrauscht)`;

/** What a cell reads (textContent, screen-reader text included). */
function cellText(
  value: number | null,
  status: CellStatus,
  format: (n: number) => string,
  perturbed: boolean,
): string {
  if (status === 'ok' && value !== null) return perturbed ? noisy(format(value)) : format(value);
  if (status === 'below_k') return `weniger als ${DEMO_K}`;
  if (status === 'complementary') return 'ausgeblendet';
  throw new Error(`no text for ${status}`);
}

const VISIBLE_HEADS = [
  'Seite',
  'Besuchende',
  'Median',
  'unter 10 s',
  '10 s bis unter 30 s',
  '30 s bis unter 1 Min.',
  '1 Min. bis unter 3 Min.',
  '3 Min. bis unter 10 Min.',
  'ab 10 Min.',
];
const SCROLL_HEADS = ['Seite', 'Besuchende', 'Median', '0–24 %', '25–49 %', '50–74 %', '75–99 %', '100 %'];

/** Gießen, 12 February 2025: [kind, link, citizens], each citizen on /rathaus, clicking once. */
const FEBRUARY: ['download' | 'outbound', string, number][] = [
  ['download', 'https://www.giessen.de/media/satzung.pdf', 25],
  ['download', 'https://www.giessen.de/media/bescheid-frau-winter.pdf', 2],
  ['outbound', 'https://serviceportal.hessen.de/', 30],
  ['outbound', 'https://www.hessen.de/', 15],
  ['outbound', 'https://www.bund.de/', 2],
];

function februaryRows(): object[] {
  const records: CollectedEvent[] = [];
  let visitor = 900_000;
  for (const [kind, href, citizens] of FEBRUARY) {
    for (let i = 0; i < citizens; i += 1) {
      visitor += 1;
      const ts = Date.parse('2025-02-12T08:00:00Z') + (visitor % 600) * 60_000;
      const url = 'https://www.giessen.de/rathaus';
      const events: Event[] = [
        { type: 'pageview', id: `feb${visitor}a`, ts, url },
        { type: kind, id: `feb${visitor}b`, ts: ts + 10_000, url, href },
      ];
      for (const event of events)
        records.push({
          v: 1,
          site: 'giessen',
          mode: 'browser',
          receivedAt: event.ts,
          visitor: visitor.toString(16).padStart(16, '0'),
          saltDay: '2025-02-12',
          device: 'desktop',
          country: 'DE',
          browser: 'firefox',
          os: 'linux',
          referrerHost: null,
          event,
        });
    }
  }
  return processedRows(records);
}

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
const requests: string[] = [];
/** The requests of these panels, in order. */
const ours = () => requests.filter((r) => /^\/v1\/cities\/[a-z]+\/(links|engagement)\?/.test(r));

async function rows(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function heads(selector: string): Promise<string[]> {
  return page.$$eval(`${selector} thead th`, (ths) => ths.map((th) => (th.textContent ?? '').trim()));
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function viewReady(view: 'city' | 'service', panel: string): Promise<void> {
  await page.waitForSelector(`nav a[data-view="${view}"][aria-current="page"]`);
  await page.waitForSelector(`.results:not([aria-busy]) ${panel}`);
}

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `links-${name}.png`), fullPage: true });
}

/** Screenshots of the panels alone, after the other panels of the view. */
async function shotPanels(name: string): Promise<void> {
  const panels = page.locator('.downloads-panel, .outbound-panel, .engagement-panel');
  await panels.first().scrollIntoViewIfNeeded();
  await page
    .locator('.engagement-panel')
    .screenshot({ path: path.join(SHOTS, `links-${name}-engagement.png`) });
  await page
    .locator('.grid:has(.downloads-panel)')
    .screenshot({ path: path.join(SHOTS, `links-${name}-downloads.png`) });
}

function linkRows(r: CityLinks, perturbed: boolean): { downloads: string[][]; outbound: string[][] } {
  const notCounted = '–für zusammengefasste Zeilen nicht ausgewiesen';
  return {
    downloads: r.downloads.map((d) =>
      d.host === '(other)'
        ? [FOLDED, cellText(d.downloads, d.status, count, perturbed), notCounted]
        : [
            `${d.host}${d.path}`,
            cellText(d.downloads, d.status, count, perturbed),
            cellText(d.visitors, d.status, count, perturbed),
          ],
    ),
    outbound: r.outbound.map((o) =>
      o.host === '(other)'
        ? [FOLDED, cellText(o.clicks, o.status, count, perturbed), notCounted]
        : [
            o.host,
            cellText(o.clicks, o.status, count, perturbed),
            cellText(o.visitors, o.status, count, perturbed),
          ],
    ),
  };
}

type Engaged = CityEngagement['pages'][number];

function engagementRows(
  pages: readonly Engaged[],
  perturbed: boolean,
): { visible: string[][]; scroll: string[][] } {
  const head = (p: Engaged) => [p.path, cellText(p.visitors, p.status, count, perturbed)];
  return {
    visible: pages.map((p) => [
      ...head(p),
      cellText(p.visibleTime.medianSec, p.status, seconds, perturbed),
      ...p.visibleTime.buckets.map((b) => cellText(b.share, b.status, rate, perturbed)),
    ]),
    scroll: pages.map((p) => [
      ...head(p),
      cellText(
        p.scrollDepth.medianPct === null ? null : p.scrollDepth.medianPct / 100,
        p.status,
        rate,
        perturbed,
      ),
      ...p.scrollDepth.buckets.map((b) => cellText(b.share, b.status, rate, perturbed)),
    ]),
  };
}

async function downloadedCsv(selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** The API's CSV as bytes, its byte order mark included (which `text()` would drop). */
async function apiCsv(pathAndQuery: string, key: string): Promise<Buffer> {
  const res = await fetch(`${server.baseUrl}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'), { rows: februaryRows() });
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/')) requests.push(`${url.pathname}${url.search}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the Gießen team', () => {
  test('city view: the 30 days’ downloads, no links to other sites, visible time and scroll depth per page, exactly', async () => {
    await signIn(server.keys.giessen);
    await viewReady('city', '.engagement-panel');
    expect(ours()).toEqual(['/v1/cities/giessen/links?limit=10', '/v1/cities/giessen/engagement?limit=10']);
    const links = await server.api<CityLinks>('/v1/cities/giessen/links?limit=10', server.keys.giessen);
    const engagement = await server.api<CityEngagement>(
      '/v1/cities/giessen/engagement?limit=10',
      server.keys.giessen,
    );
    // The documents' numbers are templated away: one row.
    expect(links.downloads.map((d) => d.path)).toEqual(['/dokumente/:id']);
    expect(links.outbound).toEqual([]);
    expect(engagement.pages.length).toBeGreaterThan(3);
    const shown = linkRows(links, false);
    expect(await rows('.downloads-panel table')).toEqual(shown.downloads);
    expect(await text('.outbound-panel .empty')).toBe(
      'Im Zeitraum wurde kein Link zu einer anderen Website angeklickt.',
    );
    expect(await text('.engagement-panel h2')).toBe('Sichtbare Zeit und Scrolltiefe je Seite');
    expect(await heads('.engagement-panel .engagement-visibleTime')).toEqual(VISIBLE_HEADS);
    expect(await heads('.engagement-panel .engagement-scrollDepth')).toEqual(SCROLL_HEADS);
    const e = engagementRows(engagement.pages, false);
    expect(await rows('.engagement-panel .engagement-visibleTime')).toEqual(e.visible);
    expect(await rows('.engagement-panel .engagement-scrollDepth')).toEqual(e.scroll);
    await shot('city-giessen');
    await shotPanels('city-giessen');
    await expectAccessible(page);
  });

  test('the CSV buttons hand over the API’s CSV of the same period', async () => {
    const { from, to } = (
      await server.api<CityLinks>('/v1/cities/giessen/links?limit=10', server.keys.giessen)
    ).period;
    for (const [selector, route, table] of [
      ['.downloads-panel .csv-button', 'links', 'downloads'],
      ['.engagement-panel .csv-button', 'engagement', 'pages'],
    ] as const) {
      const got = await downloadedCsv(selector);
      const query = `from=${from}&to=${to}&table=${table}&format=csv`;
      expect(ours().at(-1)).toBe(`/v1/cities/giessen/${route}?${query}`);
      expect(got.bytes).toEqual(await apiCsv(`/v1/cities/giessen/${route}?${query}`, server.keys.giessen));
      expect(got.name).toBe(
        route === 'links'
          ? `giessen-downloads-${from}-${to}.csv`
          : `giessen-engagement-pages-${from}-${to}.csv`,
      );
    }
  });

  test('service view: the service’s pages, and no downloads on them', async () => {
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.engagement-panel');
    expect(await page.inputValue('select[name="service"]')).toBe(WOHNSITZ);
    // The period the city view adopted from the api (the 30 days up to DEMO_NOW) stays selected.
    const q = `from=2025-03-02&to=2025-03-31&limit=10&service=${WOHNSITZ}`;
    expect(ours().slice(-2)).toEqual([`/v1/cities/giessen/links?${q}`, `/v1/cities/giessen/engagement?${q}`]);
    const engagement = await server.api<CityEngagement>(
      `/v1/cities/giessen/engagement?${q}`,
      server.keys.giessen,
    );
    const links = await server.api<CityLinks>(`/v1/cities/giessen/links?${q}`, server.keys.giessen);
    expect([links.downloads, links.outbound]).toEqual([[], []]);
    expect(engagement.servicePages.length).toBeGreaterThan(0);
    expect(engagement.servicePages.every((p) => p.service.key === WOHNSITZ)).toBe(true);
    expect(await text('.downloads-panel .empty')).toBe('Im Zeitraum wurde keine Datei heruntergeladen.');
    expect(await text('.engagement-panel h2')).toBe('Sichtbare Zeit und Scrolltiefe der Seiten des Dienstes');
    const e = engagementRows(engagement.servicePages, false);
    expect(await rows('.engagement-panel .engagement-visibleTime')).toEqual(e.visible);
    expect(await rows('.engagement-panel .engagement-scrollDepth')).toEqual(e.scroll);
    await shot('service-giessen');
    await shotPanels('service-giessen');
    await expectAccessible(page);
    const got = await downloadedCsv('.engagement-panel .csv-button');
    const { from, to } = engagement.period;
    expect(got.bytes).toEqual(
      await apiCsv(
        `/v1/cities/giessen/engagement?from=${from}&to=${to}&service=${WOHNSITZ}&table=servicePages&format=csv`,
        server.keys.giessen,
      ),
    );
  });

  test('by keyboard: the engagement tables scroll in their own regions, and the CSV button works with Enter', async () => {
    await page.click('nav a[data-view="city"]');
    await viewReady('city', '.engagement-panel');
    await page.focus('.breakdown-browsers .csv-button');
    const reached: string[] = [];
    for (let i = 0; i < 40 && reached.length < 3; i += 1) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement;
        if (el?.closest('.engagement-panel .csv-button')) return 'csv';
        if (el?.matches('.engagement-panel .table-scroll')) return el.getAttribute('aria-label') ?? '';
        return null;
      });
      if (where && !reached.includes(where)) reached.push(where);
    }
    expect(reached).toEqual([
      'csv',
      'Tabelle: Sichtbare Zeit je Seite: Median und Anteil der Besuchenden je Stufe',
      'Tabelle: Scrolltiefe je Seite: Median und Anteil der Besuchenden je Stufe',
    ]);
    // A region scrolls sideways with the arrow keys.
    await page.setViewportSize({ width: 320, height: 800 });
    const region = page.locator('.engagement-panel .table-scroll').last();
    await region.focus();
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // Chromium scrolls smoothly: the position moves over a few frames.
    await region.evaluate(
      (el) =>
        new Promise((resolve) => {
          const check = () => (el.scrollLeft > 0 ? resolve(el.scrollLeft) : requestAnimationFrame(check));
          check();
        }),
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.focus('.engagement-panel .csv-button');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(
      /^giessen-engagement-pages-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/,
    );
  });

  test('both views reflow to 320 CSS px; only the wide tables scroll, inside their regions', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      for (const view of ['city', 'service'] as const) {
        await page.click(`nav a[data-view="${view}"]`);
        await viewReady(view, '.engagement-panel');
        await shot(`${view}-giessen-320px`);
        await shotPanels(`${view}-giessen-320px`);
        await expectFits320(page);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

describe('the consortium', () => {
  test('city view of Gießen for the last closed month: "≈" everywhere, small files folded, hidden buckets in words', async () => {
    await signIn(server.keys.consortium);
    await page.click('nav a[data-view="city"]');
    await page.selectOption('select[name="city"]', 'giessen');
    await page.click('.filters button[type="submit"]');
    await viewReady('city', '.engagement-panel');
    const q = `period=${MONTH}&limit=10`;
    expect(ours().slice(-2)).toEqual([`/v1/cities/giessen/links?${q}`, `/v1/cities/giessen/engagement?${q}`]);
    const links = await server.api<CityLinks>(`/v1/cities/giessen/links?${q}`, server.keys.consortium);
    const engagement = await server.api<CityEngagement>(
      `/v1/cities/giessen/engagement?${q}`,
      server.keys.consortium,
    );
    expect([links.access, links.disclosure.perturbed, engagement.disclosure.calendarPeriod]).toEqual([
      'published',
      true,
      MONTH,
    ]);
    // The documents (about 200 in February) are shown; satzung (25) would be, but the notice naming Ms Winter (2)
    // is below k, and the hidden rows must reach k: satzung is folded with it, as www.hessen.de (15) is with
    // www.bund.de (2). Neither the files' nor the hosts' names of the folded rows are shown.
    expect(links.downloads.map((d) => `${d.host}${d.path}`)).toEqual([
      'www.giessen.de/dokumente/:id',
      '(other)',
    ]);
    expect(links.outbound.map((o) => o.host)).toEqual(['serviceportal.hessen.de', '(other)']);
    const shown = linkRows(links, true);
    expect(await rows('.downloads-panel table')).toEqual(shown.downloads);
    expect(await rows('.outbound-panel table')).toEqual(shown.outbound);
    const panels = await text('.grid:has(.downloads-panel)');
    for (const name of ['satzung', 'winter', 'www.hessen.de', 'bund.de']) expect(panels).not.toContain(name);
    // Pages of at least k visitors; at least one bucket of some page is hidden in words.
    expect(engagement.pages.length).toBeGreaterThan(0);
    const statuses = engagement.pages.flatMap((p) => p.visibleTime.buckets.map((b) => b.status));
    expect(statuses).toContain('ok');
    expect(statuses).toContain('below_k');
    const e = engagementRows(engagement.pages, true);
    expect(await rows('.engagement-panel .engagement-visibleTime')).toEqual(e.visible);
    expect(await rows('.engagement-panel .engagement-scrollDepth')).toEqual(e.scroll);
    expect(await text('.engagement-panel .panel-intro')).toContain(
      `Für andere: nur Seiten mit mindestens ${DEMO_K} Besuchenden; Mediane auf 10 Sekunden und 10 Prozentpunkte gerundet.`,
    );
    await shot('city-consortium');
    await shotPanels('city-consortium');
    await expectAccessible(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expectFits320(page);
    await shot('city-consortium-320px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('English: the same panels in English', async () => {
    await page.click('#lang-switch');
    await viewReady('city', '.engagement-panel');
    expect(await text('.engagement-panel h2')).toBe('Visible time and scroll depth per page');
    expect(await text('.downloads-panel h2')).toBe('Downloads');
    expect(await text('.outbound-panel h2')).toBe('Links to other sites');
    expect(await heads('.engagement-panel .engagement-visibleTime')).toEqual([
      'Page',
      'Visitors',
      'Median',
      'under 10 s',
      '10 s to under 30 s',
      '30 s to under 1 min',
      '1 min to under 3 min',
      '3 min to under 10 min',
      '10 min or more',
    ]);
    await expectAccessible(page);
    await shot('city-consortium-en');
  });
});
