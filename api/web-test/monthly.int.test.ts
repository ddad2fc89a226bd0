/*
 * The dashboard's "Monatsbericht" in real headless Chromium (the dashboard harness: generated traffic, "now"
 * 2025-03-31, so February 2025 is the last closed month): what `report monthly` prints, as a city team sees it on
 * screen — the API's numbers, by keyboard, axe-clean, at 1280 and 320 px — and who is offered it.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';
import type { CityReport } from '../src/reports/city-report.ts';
import { createFormat } from '../web/src/format.ts';
import { type DashboardServer, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const f = createFormat('de');

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

async function monthlyReady(): Promise<void> {
  await page.waitForSelector('.monthly:not([aria-busy]) .period-line');
}

const kpi = (id: string) => page.locator(`.summary [data-kpi="${id}"] [data-value]`).textContent();

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'));
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Monatsbericht', () => {
  test('is offered to a city team and admins, not to the consortium', async () => {
    await signIn(server.keys.consortium);
    expect(await page.locator('nav a[data-view="monthly"]').count()).toBe(0);
    await signIn(server.keys.admin);
    expect(await page.locator('nav a[data-view="monthly"]').count()).toBe(1);
  });

  test('shows the last closed month with the API’s numbers, by keyboard, accessible at 1280 and 320 px', async () => {
    await signIn(server.keys.giessen);
    await page.focus('nav a[data-view="monthly"]');
    await page.keyboard.press('Enter');
    await monthlyReady();
    expect(await page.locator('h1').textContent()).toBe('Monatsbericht Gießen: Februar 2025');
    const report = await server.api<CityReport>(
      '/v1/cities/giessen/report?from=2025-02-01&to=2025-02-28&interval=day&limit=5',
      server.keys.giessen,
    );
    const value = (m: string) => report.summary.find((s) => s.metric === m)?.value as number;
    expect(await kpi('visitors')).toBe(f.count(value('visitors')));
    expect(await kpi('bounceRate')).toBe(f.rate(value('bounceRate')));
    expect(await page.locator('.monthly-service > h3').allTextContents()).toHaveLength(6);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SHOTS, 'monthly-1280.png'), fullPage: true });
    // The print button is reached by keyboard from the month's form.
    await page.focus('.filters button[type="submit"]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('print-report');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectFits320(page);
    await page.screenshot({ path: path.join(SHOTS, 'monthly-320.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('opens an older closed month by its address, as `report monthly` does, and no month that is open', async () => {
    await page.evaluate(() => {
      location.hash = '#/monthly/2024-01';
    });
    await monthlyReady();
    expect(await page.locator('h1').textContent()).toBe('Monatsbericht Gießen: Januar 2024');
    expect(new URL(page.url()).hash).toBe('#/monthly');
    await page.evaluate(() => {
      location.hash = '#/monthly/2025-03';
    });
    await monthlyReady();
    expect(await page.locator('h1').textContent()).toBe('Monatsbericht Gießen: Februar 2025');
  });
});
