import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { monthPeriod } from '../src/disclosure/calendar-period.ts';
import { perturbedDisclosure } from '../src/disclosure/disclosure.ts';
import { disclosurePolicy } from '../src/disclosure/policy.ts';
import { serviceCell } from '../src/disclosure/service-cells.ts';
import type { CityReport } from '../src/reports/city-report.ts';
import type { ComparisonReport } from '../src/reports/comparison.ts';
import type { FunnelReport } from '../src/reports/funnel.ts';
import type { MatrixReport } from '../src/reports/matrix.ts';
import {
  type DashboardServer,
  DEMO_EPSILON,
  DEMO_K,
  DEMO_NOW,
  startDashboardServer,
  TEST_DISCLOSURE_SECRET,
} from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const WOHNSITZ = '99115001000000';
const HEADER = 'Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige';
const GIESSEN_OFFLINE = { '2025-01': 390, '2025-02': 360 } as const;
const FULDA_OFFLINE_FEB = 310;

const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const count = (n: number) => integer.format(n);
const rate = (n: number) => percent.format(n);
const noisy = (text: string) => `≈${text} (gerundet/verrauscht)`;
/** The API's rounding of a share: four decimals. */
const share = (online: number, offline: number) =>
  Math.round((online / (online + offline)) * 10_000) / 10_000;

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;

async function rows(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function viewReady(view: 'city' | 'service' | 'comparison', panel: string): Promise<void> {
  await page.waitForSelector(`nav a[data-view="${view}"][aria-current="page"]`);
  await page.waitForSelector(`.results:not([aria-busy]) ${panel}`);
}

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

/** The own city's free range, typed as the form takes it, and "Anzeigen". */
async function ownPeriod(from: string, to: string): Promise<void> {
  await page.fill('input[name="from"]', from);
  await page.fill('input[name="to"]', to);
  await page.click('.filters button[type="submit"]');
}

async function importCsv(city: string, key: string, lines: string[]): Promise<void> {
  const res = await fetch(`${server.baseUrl}/v1/cities/${city}/offline-cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    body: [HEADER, ...lines].join('\n'),
  });
  if (res.status !== 201) throw new Error(`import for ${city}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  server = await startDashboardServer(inject('clickhouseUrl'));
  await importCsv('giessen', server.keys.giessen, [
    `2025-01;${WOHNSITZ};300;40;20;25;5`,
    `2025-02;${WOHNSITZ};280;35;15;20;10`,
  ]);
  await importCsv('fulda', server.keys.admin, [`2025-02;${WOHNSITZ};250;30;10;15;5`]);
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('digital take-up signed in with the Gießen city key', () => {
  test('service view: "nur für ganze Monate" for 30 days; for January and February the exact share per month', async () => {
    await signIn(server.keys.giessen);
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.take-up-panel');
    // The default, the 30 days up to DEMO_NOW, holds no whole month.
    expect(await text('[data-kpi="digitalTakeUp"] [data-value]')).toBe('nur für ganze Monate');
    expect(await text('.take-up-panel .empty')).toBe(
      'Der Zeitraum enthält keinen ganzen Kalendermonat. Die digitale Nutzungsquote gibt es je Monat: wählen Sie zum Beispiel den 1. bis letzten Tag eines Monats.',
    );

    await ownPeriod('01.01.2025', '28.02.2025');
    await viewReady('service', '.take-up-panel table');
    const r = await server.api<FunnelReport>(
      `/v1/cities/giessen/services/${WOHNSITZ}/funnel?from=2025-01-01&to=2025-02-28&interval=week&limit=10`,
      server.keys.giessen,
    );
    const t = r.digitalTakeUp;
    const [jan, feb] = t.months;
    if (!jan || !feb) throw new Error('two months');
    const online = { jan: jan.onlineCompletions as number, feb: feb.onlineCompletions as number };
    // Online completions are distinct visitors a day: the months add up to the period, which is the funnel's end.
    const confirmed = r.stages.find((s) => s.stage === 'confirmed')?.visitors;
    expect([online.jan + online.feb, t.onlineCompletions]).toEqual([confirmed, confirmed]);
    expect(online.jan).toBeGreaterThan(0);
    const all = GIESSEN_OFFLINE['2025-01'] + GIESSEN_OFFLINE['2025-02'];
    expect([t.value, t.status, t.offlineCases]).toEqual([share(online.jan + online.feb, all), 'ok', all]);
    expect([jan.value, feb.value]).toEqual([
      share(online.jan, GIESSEN_OFFLINE['2025-01']),
      share(online.feb, GIESSEN_OFFLINE['2025-02']),
    ]);

    expect(await text('[data-kpi="digitalTakeUp"] [data-value]')).toBe(rate(t.value as number));
    expect(await text('[data-kpi="digitalTakeUp"] .kpi-hint')).toBe(
      `${count(online.jan + online.feb)} online, ${count(all)} offline`,
    );
    expect(await rows('.take-up-panel table')).toEqual([
      ['Januar 2025', count(online.jan), count(390), rate(share(online.jan, 390))],
      ['Februar 2025', count(online.feb), count(360), rate(share(online.feb, 360))],
    ]);
    // The comparison panel (February, the last closed month): the own share exactly, the cities' median with noise.
    const c = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=2025-02`,
      server.keys.giessen,
    );
    const summary = c.metrics.find((m) => m.metric === 'digitalTakeUp');
    const own = c.cities.find((x) => x.city.own)?.metrics.digitalTakeUp;
    expect(own?.value).toBe(share(online.feb, 360));
    const row = (await rows('.service-comparison')).find((x) => x[0] === 'Digitale Nutzungsquote');
    expect(row).toEqual([
      'Digitale Nutzungsquote',
      rate(share(online.feb, 360)),
      noisy(rate(summary?.median as number)),
      noisy(`${rate(summary?.q1 as number)} bis ${rate(summary?.q3 as number)}`),
      `${count(own?.rank as number)} von 2`,
    ]);
    await expectAccessible(page);
  });

  test('comparison view: the own share exactly, Fulda’s from its perturbed completions, the others "keine Offline-Zahlen"', async () => {
    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    await page.selectOption('select[name="service"]', WOHNSITZ);
    await page.selectOption('select[name="metric"]', 'digitalTakeUp');
    await page.click('.filters button[type="submit"]');
    await viewReady('comparison', '.comparison-panel .chart table');
    const exact = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=2025-02`,
      server.keys.admin,
    );
    const fuldaCompletions = exact.cities.find((x) => x.city.key === 'fulda')?.metrics.completions
      .value as number;
    const policy = disclosurePolicy({ k: DEMO_K, epsilon: DEMO_EPSILON, secret: TEST_DISCLOSURE_SECRET });
    const published = perturbedDisclosure(policy, monthPeriod(2025, 2)).count(
      serviceCell('fulda', WOHNSITZ, 'confirmers'),
      fuldaCompletions,
    );
    expect(published).toBeGreaterThanOrEqual(DEMO_K);
    const fuldaShare = share(published, FULDA_OFFLINE_FEB);
    const giessenExact = exact.cities.find((x) => x.city.key === 'giessen')?.metrics.digitalTakeUp.value;

    const c = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=2025-02`,
      server.keys.giessen,
    );
    const fulda = c.cities.find((x) => x.city.key === 'fulda')?.metrics;
    expect([fulda?.completions.value, fulda?.digitalTakeUp.value]).toEqual([published, fuldaShare]);
    const table = await rows('.comparison-panel .chart table');
    const byName = new Map(table.map((r) => [r[0], r.slice(1, 2)]));
    expect(byName.get('Fulda')).toEqual([noisy(rate(fuldaShare))]);
    expect(byName.get('Gießen (eigene Stadt)')).toEqual([rate(giessenExact as number)]);
    for (const name of ['Marburg', 'Offenbach am Main', 'Wetzlar', 'Vergleichsstadt 1'])
      expect(byName.get(name)).toEqual(['keine Offline-Zahlen']);
    // The chart says it in words rather than drawing a bar of 0 or 100 %.
    expect(
      await page.$$eval('.comparison-chart text.suppressed', (els) => els.map((e) => e.textContent)),
    ).toEqual(Array(4).fill('keine Offline-Zahlen'));

    const m = await server.api<MatrixReport>(
      '/v1/comparison/matrix?period=2025-02&metric=digitalTakeUp',
      server.keys.giessen,
    );
    const wohnsitz = m.rows.find((r) => r.service.key === WOHNSITZ);
    expect(wohnsitz?.cells.map((x) => x.value)).toEqual([fuldaShare, giessenExact, null, null, null, null]);
    const matrixRow = (await rows('.matrix-panel table')).find((r) => r[0] === 'Wohnsitz anmelden');
    expect(matrixRow?.slice(1, 8)).toEqual([
      noisy(rate(fuldaShare)),
      rate(giessenExact as number),
      'keine Offline-Zahlen',
      'keine Offline-Zahlen',
      'keine Offline-Zahlen',
      'keine Offline-Zahlen',
      noisy(rate(wohnsitz?.median as number)),
    ]);
    await expectAccessible(page);
  });

  test('city view: the share of every service, for two months, for February, and none for half a month', async () => {
    const report = (q: string) =>
      server.api<CityReport>(`/v1/cities/giessen/report?${q}&interval=day&limit=10`, server.keys.giessen);
    // The range chosen in the service view stays: January and February.
    await page.click('nav a[data-view="city"]');
    await viewReady('city', '.city-take-up table');
    const both = (await report('from=2025-01-01&to=2025-02-28')).digitalTakeUp[0];
    const online = both?.onlineCompletions as number;
    expect([both?.service.key, both?.value]).toEqual([WOHNSITZ, share(online, 750)]);
    expect((await rows('.city-take-up table'))[0]).toEqual([
      'Wohnsitz anmelden',
      count(online),
      count(750),
      rate(share(online, 750)),
    ]);

    await ownPeriod('15.02.2025', '28.02.2025');
    await viewReady('city', '.city-take-up table');
    expect((await rows('.city-take-up table'))[0]?.slice(2)).toEqual([
      'nur für ganze Monate',
      'nur für ganze Monate',
    ]);

    await ownPeriod('01.02.2025', '28.02.2025');
    await viewReady('city', '.city-take-up table');
    const r = await report('from=2025-02-01&to=2025-02-28');
    const feb = r.digitalTakeUp[0]?.onlineCompletions as number;
    expect(r.digitalTakeUp[0]?.value).toBe(share(feb, 360));
    expect(await rows('.city-take-up table')).toEqual(
      r.digitalTakeUp.map((x, i) => [
        x.service.name?.de,
        count(x.onlineCompletions as number),
        i === 0 ? count(360) : 'keine Offline-Zahlen',
        i === 0 ? rate(share(feb, 360)) : 'keine Offline-Zahlen',
      ]),
    );
    await expectAccessible(page);
  });

  test('the take-up panels reflow to 320 CSS px', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await page.click('nav a[data-view="city"]');
      await viewReady('city', '.city-take-up table');
      await expectFits320(page);
      await page.click('nav a[data-view="service"]');
      await viewReady('service', '.take-up-panel');
      await expectFits320(page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});

describe('digital take-up signed in with the consortium key', () => {
  test('service view of Gießen: the share of February from the perturbed completions, marked "≈"', async () => {
    await signIn(server.keys.consortium);
    await page.click('nav a[data-view="service"]');
    await page.selectOption('select[name="city"]', 'giessen');
    await page.selectOption('select[name="service"]', WOHNSITZ);
    await page.click('.filters button[type="submit"]');
    await viewReady('service', '.take-up-panel table');
    const exact = await server.api<FunnelReport>(
      `/v1/cities/giessen/services/${WOHNSITZ}/funnel?period=2025-02`,
      server.keys.admin,
    );
    const policy = disclosurePolicy({ k: DEMO_K, epsilon: DEMO_EPSILON, secret: TEST_DISCLOSURE_SECRET });
    const online = perturbedDisclosure(policy, monthPeriod(2025, 2)).count(
      serviceCell('giessen', WOHNSITZ, 'confirmers'),
      exact.digitalTakeUp.onlineCompletions as number,
    );
    const expected = share(online, 360);
    const r = await server.api<FunnelReport>(
      `/v1/cities/giessen/services/${WOHNSITZ}/funnel?period=2025-02&limit=10`,
      server.keys.consortium,
    );
    expect([r.digitalTakeUp.value, r.digitalTakeUp.onlineCompletions]).toEqual([expected, online]);
    expect(await text('[data-kpi="digitalTakeUp"] [data-value]')).toBe(noisy(rate(expected)));
    expect(await rows('.take-up-panel table')).toEqual([
      ['Februar 2025', noisy(count(online)), count(360), noisy(rate(expected))],
    ]);
    await expectAccessible(page);
  });
});
