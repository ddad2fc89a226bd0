/*
 * The monthly report's PDF: the dashboard's own print view ("Monatsbericht", api/web/src/views/monthly.view.ts),
 * rendered by Chromium. The command serves the dashboard itself, on the loopback, from an api built with the
 * deployment's configuration and a key of the city's role that exists only for this run (a keys file of its own in a
 * temporary folder, deleted afterwards): the PDF holds exactly what the city's team sees, the other cities through
 * the disclosure layer, and no key of the deployment is touched.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CityConfig } from '@godonu/contract';
import type { FastifyBaseLogger } from 'fastify';
import { chromium } from 'playwright-core';
import { buildApp, WEB_DIR } from '../app.ts';
import { KeyStore } from '../auth/key-store.ts';
import { Refusal } from '../command.ts';
import type { ApiConfig } from '../config.ts';
import { escapeHtml } from '../open-data/index-page.ts';
import { monthName } from '../open-data/release-document.ts';
import type { Sites } from '../sites.ts';
import type { ReportMonth } from '../statutory/report-month.ts';
import type { Warehouse } from '../warehouse.ts';

/** Headless on a server, as root in a container too; no connection but to the loopback api. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Every request of the print view together, on a busy server: generous, and a failure names what it waited for. */
const LOAD_TIMEOUT_MS = 120_000;

export interface RenderDeps {
  config: ApiConfig;
  sites: Sites;
  warehouse: Warehouse;
  logger: FastifyBaseLogger;
  chromiumPath: string;
}

export async function renderMonthlyPdf(
  deps: RenderDeps,
  city: CityConfig,
  month: ReportMonth,
): Promise<Buffer> {
  if (!existsSync(path.join(WEB_DIR, 'dist/app.js')))
    throw new Refusal('the dashboard is not built: run `pnpm --filter @godonu/api build:web` first');
  if (!existsSync(deps.chromiumPath))
    throw new Refusal(
      `no Chromium at ${deps.chromiumPath} (REPORT_CHROMIUM_PATH); Debian: apt-get install chromium`,
    );
  const dir = await mkdtemp(path.join(tmpdir(), 'godonu-report-'));
  const keys = new KeyStore(path.join(dir, 'keys.json'));
  const { key } = await keys.create({ role: 'city', city: city.key, label: 'monthly report' });
  const app = await buildApp({
    config: { ...deps.config, API_KEYS_FILE: path.join(dir, 'keys.json') },
    sites: deps.sites,
    keys,
    warehouse: deps.warehouse,
    logger: deps.logger,
  });
  const browser = await chromium.launch({ executablePath: deps.chromiumPath, args: CHROMIUM_FLAGS });
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, locale: 'de-DE' });
    page.setDefaultTimeout(LOAD_TIMEOUT_MS);
    await page.goto(base);
    await page.fill('#api-key', key);
    await page.click('.sign-in-form button[type="submit"]');
    await page.waitForSelector('nav a[aria-current="page"]');
    // The print view's own address for the month: any month that has ended, also one older than the form offers.
    await page.evaluate((m) => {
      location.hash = `#/monthly/${m}`;
    }, month.label);
    await page.waitForSelector('.monthly:not([aria-busy]) > *');
    const failed = await page.locator('.monthly .error-note').count();
    const title = (await page.locator('h1').textContent()) ?? '';
    if (failed > 0 || !title.endsWith(monthName(month.label)))
      throw new Error(`the print view could not load ${city.key} ${month.label} (it shows "${title}")`);
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      // Chromium fills the classes pageNumber and totalPages; the template's own styles are the only ones it uses.
      footerTemplate: `<div style="font: 8px sans-serif; width: 100%; margin: 0 12mm; color: #4a5563; display: flex; justify-content: space-between"><span>godonu · Monatsbericht ${escapeHtml(city.name)} ${month.label}</span><span>Seite <span class="pageNumber"></span> von <span class="totalPages"></span></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
}
