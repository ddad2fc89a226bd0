/*
 * Open data in real headless Chromium against the real api and ClickHouse (the dashboard harness: 90 days of
 * generated traffic, k = 10, "now" 2025-03-31, so February 2025 is the last closed month): the public page
 * /open-data/ before and after a release, read without a key, and the consortium's dashboard view that creates the
 * release — by keyboard, with its confirmation. axe-core finds no violation on either; both reflow to 320 CSS px.
 * Screenshots go to tests/artifacts/dashboard/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';
import { type DashboardServer, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const MONTH = '2025-02';
/** The months the view offers at DEMO_NOW, newest first: the 12 closed ones. */
const OFFERED = [
  'Februar 2025',
  'Januar 2025',
  'Dezember 2024',
  'November 2024',
  'Oktober 2024',
  'September 2024',
  'August 2024',
  'Juli 2024',
  'Juni 2024',
  'Mai 2024',
  'April 2024',
  'März 2024',
];

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
/** Every request to the api's own paths, with whether it carried a key. */
const requests: { method: string; path: string; key: boolean; body: string | null }[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
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

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'));
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/v1/') || url.pathname.startsWith('/open-data/'))
      requests.push({
        method: r.method(),
        path: url.pathname,
        key: 'authorization' in r.headers(),
        body: r.postData(),
      });
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the public page /open-data/', () => {
  test('says there is no release yet, explains the protection and passes axe, without a key', async () => {
    const res = await page.goto(`${server.baseUrl}/open-data/`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('Offene Daten: Nutzung kommunaler Online-Dienste – godonu');
    expect(await page.locator('h1').textContent()).toBe('Offene Daten: Nutzung kommunaler Online-Dienste');
    expect(await page.locator('#releases + p').textContent()).toBe(
      'Noch gibt es keine Veröffentlichung. Das Konsortium veröffentlicht abgeschlossene Monate.',
    );
    expect(await page.locator('main').textContent()).toContain(
      'Zieht eine Stadt ihre Zustimmung zurück, gilt das für spätere Veröffentlichungen; frühere Veröffentlichungen werden nicht geändert.',
    );
    expect(await page.locator('main').textContent()).toContain(
      'Für neue Veröffentlichungen gelten derzeit k = 10',
    );
    await expectAccessible(page);
    await shot('open-data-page-empty');
  });
});

describe('the consortium’s view "Offene Daten"', () => {
  test('is offered to the consortium only', async () => {
    await signIn(server.keys.giessen);
    expect(await page.locator('nav a[data-view="open-data"]').count()).toBe(0);
    await signIn(server.keys.consortium);
    expect(await page.locator('nav a').allTextContents()).toEqual([
      'Stadt',
      'Dienst',
      'Vergleich',
      'Berichte',
      'Offene Daten',
    ]);
  });

  test('offers the closed months, asks for the confirmation, and publishes by keyboard alone', async () => {
    await page.click('nav a[data-view="open-data"]');
    await page.waitForSelector('.results:not([aria-busy]) .release-form');
    expect(await page.locator('h1').textContent()).toBe('Offene Daten veröffentlichen');
    expect(await page.locator('.release-form select option').allTextContents()).toEqual(OFFERED);
    expect(await page.locator('.release-releases .empty').textContent()).toBe(
      'Noch gibt es keine Veröffentlichung.',
    );
    expect(await page.locator('.release-new .panel-intro').textContent()).toBe(
      'Berechnet mit den geltenden Werten k = 10 und ε = 0,5 je Zelle. Genannt werden nur Städte, die der Nennung in offenen Daten zugestimmt haben; die übrigen erscheinen höchstens zusammengefasst mit mindestens zwei weiteren. Eine später zurückgezogene Zustimmung gilt für spätere Veröffentlichungen.',
    );
    await expectAccessible(page);
    await shot('open-data-view-consortium');

    // From the month, Tab past the box to the button; Enter without the confirmation is refused, the focus on the box.
    await page.focus('.release-form select');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Veröffentlichen');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'checkbox');
    expect(await page.locator('.release-form .field-error').textContent()).toBe(
      'Bitte bestätigen Sie zuerst, dass die Veröffentlichung endgültig ist.',
    );
    expect(await page.locator('.release-form input[type="checkbox"]').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
    await expectAccessible(page);
    await shot('open-data-view-confirm');

    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Veröffentlichen');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#open-data-status:focus');
    expect(await page.locator('#open-data-status').textContent()).toBe('Februar 2025 ist veröffentlicht.');
    expect(requests.filter((r) => r.method === 'POST')).toEqual([
      { method: 'POST', path: '/v1/open-data/releases', key: true, body: JSON.stringify({ month: MONTH }) },
    ]);
    // The list is read as the public reads it: without the key.
    const index = requests.filter((r) => r.path === '/open-data/index.json');
    expect(index.length).toBeGreaterThan(1);
    expect(index.every((r) => !r.key)).toBe(true);

    expect(await page.locator('.release-form select option').allTextContents()).toEqual(OFFERED.slice(1));
    const listed = await rows('.release-list');
    expect(listed).toHaveLength(1);
    expect(listed[0]?.slice(0, 4)).toEqual([
      'Februar 2025',
      '31. März 2025',
      'Fulda, Gießen, Marburg, Offenbach am Main, Wetzlar; 1 Stadt nicht genannt und nicht enthalten',
      'k = 10, ε = 0,5 je Zelle, höchstens ε = 3,5 je Besuchstag',
    ]);
    expect(
      await page.locator('.release-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual([
      `/open-data/releases/${MONTH}.json`,
      `/open-data/releases/${MONTH}/services.csv`,
      `/open-data/releases/${MONTH}/cities.csv`,
      `/open-data/releases/${MONTH}/shares.csv`,
    ]);
    await expectAccessible(page);
    await shot('open-data-view-released');
  });

  test('says so when the month has been published meanwhile', async () => {
    // Another consortium member published January in the meantime; this page still offers it.
    const res = await fetch(`${server.baseUrl}/v1/open-data/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.keys.consortium}`, 'content-type': 'application/json' },
      body: JSON.stringify({ month: '2025-01' }),
    });
    expect(res.status).toBe(201);
    await page.selectOption('.release-form select', '2025-01');
    await page.check('.release-form input[type="checkbox"]');
    await page.click('.release-form button[type="submit"]');
    await page.waitForFunction(
      () => document.querySelector('.release-form .field-error')?.textContent !== '',
    );
    expect(await page.locator('.release-form .field-error').textContent()).toBe(
      'Dieser Monat ist bereits veröffentlicht. Eine Veröffentlichung wird nie neu berechnet.',
    );
  });
});

describe('the public page after the releases', () => {
  test('lists them with their files, which are the bytes the index describes, and passes axe', async () => {
    await page.goto(`${server.baseUrl}/open-data/`);
    const listed = await rows('table');
    expect(listed.map((r) => r[0])).toEqual(['Februar 2025', 'Januar 2025']);
    expect(listed[0]?.[3]).toBe('k = 10, ε = 0,5 je Zelle; höchstens ε = 3,5 je Besuchstag');
    expect(listed[0]?.[4]).toBe(
      'Fulda, Gießen, Marburg, Offenbach am Main, Wetzlar; 1 nicht genannt und nicht enthalten',
    );
    const index = (await (await fetch(`${server.baseUrl}/open-data/index.json`)).json()) as {
      releases: { files: { url: string; bytes: number }[] }[];
    };
    const links = await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(index.releases.flatMap((r) => r.files.map((f) => f.url)));
    // What a click fetches is the file the index describes (no key: the page's own request).
    const json = await page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'omit' });
      return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
    }, links[0] as string);
    expect(json).toEqual({ status: 200, bytes: index.releases[0]?.files[0]?.bytes });
    await expectAccessible(page);
    await shot('open-data-page');
  });

  test('reflows to 320 CSS px without scrolling sideways, as does the consortium’s view', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await page.goto(`${server.baseUrl}/open-data/`);
      await expectFits320(page);
      await expectAccessible(page);
      await shot('open-data-page-320px');
      await signIn(server.keys.consortium);
      await page.click('nav a[data-view="open-data"]');
      await page.waitForSelector('.results:not([aria-busy]) .release-list');
      await expectFits320(page);
      await expectAccessible(page);
      await shot('open-data-view-320px');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
