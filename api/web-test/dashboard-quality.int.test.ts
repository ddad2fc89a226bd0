/*
 * The admins' view "Datenqualität" (api/web/src/views/quality.view.ts) in real Chromium over the dashboard
 * harness (now 2025-03-31) with hand-written rows of quality_daily_v1. Gießen, of the last 14 days:
 *   29.3.  stored 100 (lag 100 s summed, 3 s max), bots 20, dead letters invalid_url 2, rate limit 4 refusals
 *          → dropped 20 of 120 = 16,7 %, delay 1 s / 3 s
 *   30.3.  stored 10 (50 s, 9 s), bots 20 → 66,7 % dropped: "Einbindung prüfen: über die Hälfte verworfen"
 *   31.3.  nothing → "Einbindung prüfen: keine Ereignisse mehr"
 * and 3 refused requests attributed to no city on 31.3. Every figure shown is compared with these and with the
 * API's JSON; the CSV download is the API's CSV byte for byte; axe-core, the keyboard and 320 CSS px as for every
 * view. Screenshots go to tests/artifacts/dashboard/quality-*.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { REPO_ROOT } from '@godonu/infra';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { QualityRow } from '@godonu/warehouse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { QualityReport } from '../src/reports/quality.ts';
import { type DashboardServer, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const percent = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const longDay = new Intl.DateTimeFormat('de-DE', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const day = (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`));

const row = (r: Partial<QualityRow> & Pick<QualityRow, 'day' | 'kind' | 'count'>): QualityRow => ({
  site: 'giessen',
  source: r.kind === 'accepted' || r.kind === 'dead_letter' ? 'processor' : 'collector',
  reason: '',
  tally_id: `t-${r.site ?? 'giessen'}-${r.day}-${r.kind}-${r.reason ?? ''}`,
  lag_ms_sum: 0,
  lag_ms_max: 0,
  ...r,
});
const ROWS: QualityRow[] = [
  row({ day: '2025-03-29', kind: 'accepted', count: 100, lag_ms_sum: 100_000, lag_ms_max: 3000 }),
  row({ day: '2025-03-29', kind: 'dropped', reason: 'bot', count: 20 }),
  row({ day: '2025-03-29', kind: 'dead_letter', reason: 'invalid_url', count: 2 }),
  row({ day: '2025-03-29', kind: 'refused', reason: 'COLLECTOR_RATE_LIMITED', count: 4 }),
  row({ day: '2025-03-30', kind: 'accepted', count: 10, lag_ms_sum: 50_000, lag_ms_max: 9000 }),
  row({ day: '2025-03-30', kind: 'dropped', reason: 'bot', count: 20 }),
  row({ site: '', day: '2025-03-31', kind: 'refused', reason: 'COLLECTOR_RATE_LIMITED', count: 3 }),
];
const EMPTY_DAY = ['0', '0', '–', '0', '0', '–', ''];
/** Gießen's rows as shown: 18.3. to 28.3. empty, then the three days above. */
const GIESSEN = [
  ...Array.from({ length: 11 }, (_, i) => [day(`2025-03-${String(18 + i)}`), ...EMPTY_DAY]),
  [
    day('2025-03-29'),
    '100',
    `20 (${percent.format(20 / 120)})`,
    'Bots: 20',
    '2 (invalid_url: 2)',
    '4 (Ratenlimit: 4)',
    '1 s / 3 s',
    '',
  ],
  [
    day('2025-03-30'),
    '10',
    `20 (${percent.format(20 / 30)})`,
    'Bots: 20',
    '0',
    '0',
    '5 s / 9 s',
    'Einbindung prüfen: über die Hälfte verworfen',
  ],
  [day('2025-03-31'), ...EMPTY_DAY.slice(0, -1), 'Einbindung prüfen: keine Ereignisse mehr'],
];

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
const requests: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `quality-${name}.png`), fullPage: true });
}

async function rows(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

const table = (caption: string) => `.quality-panel table:has(caption:text-is("${caption}"))`;

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'));
  const ch = createClient({ url: server.env.CLICKHOUSE_URL, database: server.env.CLICKHOUSE_DATABASE });
  await ch.insert({ table: 'quality_daily_v1', values: ROWS, format: 'JSONEachRow' });
  await ch.close();
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/v1/quality') requests.push(`${url.pathname}${url.search}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the admins’ view "Datenqualität"', () => {
  test('is offered to admins only', async () => {
    await signIn(server.keys.giessen);
    expect(await page.locator('nav a[data-view="quality"]').count()).toBe(0);
    await signIn(server.keys.consortium);
    expect(await page.locator('nav a[data-view="quality"]').count()).toBe(0);
    await signIn(server.keys.admin);
    expect(await page.locator('nav a[data-view="quality"]').textContent()).toBe('Datenqualität');
  });

  test('shows every city per day, the days to check in words, as the API answers', async () => {
    await page.click('nav a[data-view="quality"]');
    await page.waitForSelector('.results:not([aria-busy]) .quality-panel');
    expect(await page.locator('h1').textContent()).toBe('Datenqualität');
    expect(requests).toEqual(['/v1/quality?from=2025-03-18&to=2025-03-31']);
    const report = await server.api<QualityReport>(
      '/v1/quality?from=2025-03-18&to=2025-03-31',
      server.keys.admin,
    );
    const cities = [...new Set(report.days.map((d) => d.cityName))];
    expect(await page.locator('.quality-panel table caption').allTextContents()).toEqual([
      ...cities.filter((c) => c !== ''),
      'Keiner Stadt zugeordnet',
    ]);
    expect(await rows(table('Gießen'))).toEqual(GIESSEN);
    expect(await rows(table('Fulda'))).toEqual(
      Array.from({ length: 14 }, (_, i) => [day(`2025-03-${String(18 + i)}`), ...EMPTY_DAY]),
    );
    expect(await rows(table('Keiner Stadt zugeordnet'))).toEqual([
      [day('2025-03-31'), '0', '0', '–', '0', '3 (Ratenlimit: 3)', '–', ''],
    ]);
    expect(await page.locator(`${table('Gießen')} tr.quality-check`).count()).toBe(2);
    await expectAccessible(page);
    await shot('admin');
  });

  test('downloads the API’s CSV, by keyboard', async () => {
    await page.focus('.quality-panel .csv-button');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('quality-2025-03-18-2025-03-31.csv');
    const res = await fetch(`${server.baseUrl}/v1/quality?from=2025-03-18&to=2025-03-31&format=csv`, {
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    expect(await readFile(await download.path())).toEqual(Buffer.from(await res.arrayBuffer()));
  });

  test('changes the period by keyboard and scrolls its tables in their own regions', async () => {
    await page.focus('.filters select');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Anzeigen');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.results:not([aria-busy]) .quality-panel');
    expect(requests.at(-1)).toBe('/v1/quality?from=2025-03-02&to=2025-03-31');
    expect(await rows(table('Gießen'))).toHaveLength(30);
    const region = page.locator('.quality-panel .table-scroll').first();
    expect(await region.getAttribute('aria-label')).toBe('Tabelle: Offenbach am Main');
    expect(await region.getAttribute('tabindex')).toBe('0');
  });

  test('reflows to 320 CSS px and passes axe there', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.waitForSelector('.results:not([aria-busy]) .quality-panel');
    await expectFits320(page);
    await expectAccessible(page);
    await shot('320');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
