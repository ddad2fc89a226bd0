/*
 * The view "Berichte" (a city's statutory reports) in real headless Chromium against the real api and ClickHouse:
 * the dashboard harness's generated traffic (DEMO_NOW 2025-03-31: February 2025 is the last month that has ended and
 * the last closed one; countries of origin as the generator draws them) and, in January 2025, these visits to
 * Gießen by hand, with answers to the feedback question (generated ratings carry none):
 *   /rathaus (information)   CH desktop: 4, found yes, on the page;  AT mobile: 2, partly, on the page
 *   /kontakt (assistance)    DE desktop: 5, found no, on the page
 *   Wohnsitz anmelden        FR tablet: a confirmed journey, 5, yes, after submitting;  DE mobile: started, 1, no,
 *                            on leaving
 *   /impressum               not a gateway page: its rating is not reported
 * January's SDG datasets are sent to the stand-in of the Commission's API before the browser starts: statistics
 * and feedback accepted, the statistics again refused (a correction), the feedback again with the API gone (failed).
 *
 * Every number shown is compared with the API's answer for the same key, formatted here (German, de-DE); the
 * downloads are the API's bytes; axe-core, keyboard only and 320 CSS px as for the other views. Screenshots go to
 * tests/artifacts/dashboard/reports-*.png.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { fullJourney, type Visit } from '../../tests/support/api-fixture/journeys.fixture.ts';
import { startSdgApiStub } from '../../tests/support/sdg-api.stub.ts';
import { loadKeysConfig, REPO_ROOT } from '../src/config.ts';
import { monthPeriod } from '../src/disclosure/calendar-period.ts';
import { perturbedDisclosure } from '../src/disclosure/disclosure.ts';
import { disclosurePolicy } from '../src/disclosure/policy.ts';
import { serviceCell } from '../src/disclosure/service-cells.ts';
import type { ComparisonReport } from '../src/reports/comparison.ts';
import type { SdgFeedbackPages } from '../src/routes/sdg.route.ts';
import { loadSites } from '../src/sites.ts';
import { reportMonth } from '../src/statutory/report-month.ts';
import { sdgApi } from '../src/statutory/sdg-api.ts';
import { sendSdg } from '../src/statutory/sdg-send.ts';
import type { SdgStatistics } from '../src/statutory/sdg-transmission.ts';
import type { ZskRow } from '../src/statutory/zsk-format.ts';
import {
  type DashboardServer,
  DEMO_EPSILON,
  DEMO_K,
  DEMO_NOW,
  startDashboardServer,
  TEST_DISCLOSURE_SECRET,
} from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const WOHNSITZ = '99115001000000';
const RATHAUS = 'https://www.giessen.de/rathaus';
const KONTAKT = 'https://www.giessen.de/kontakt';
const STUB_KEY = 'dashboard-test-provider-key';

const at = (day: number, minute: number) =>
  `2025-01-${String(day).padStart(2, '0')}T10:${String(minute).padStart(2, '0')}:00Z`;
const visit = (visitor: number, v: Partial<Visit> & Pick<Visit, 'events'>): Visit => ({
  site: 'giessen',
  visitor,
  at: at(12 + (visitor % 10), visitor % 60),
  channel: 'direct',
  device: 'desktop',
  browser: 'chrome',
  ...v,
});
const JANUARY_VISITS: Visit[] = [
  visit(70_001, {
    country: 'CH',
    events: [
      ['pv', '/rathaus'],
      ['page_rating', '/rathaus', 4, 'yes', 'page'],
    ],
  }),
  visit(70_002, {
    country: 'AT',
    device: 'mobile',
    events: [
      ['pv', '/rathaus'],
      ['page_rating', '/rathaus', 2, 'partly', 'page'],
    ],
  }),
  visit(70_003, {
    events: [
      ['pv', '/kontakt'],
      ['page_rating', '/kontakt', 5, 'no', 'page'],
    ],
  }),
  visit(70_004, {
    country: 'FR',
    device: 'tablet',
    events: [...fullJourney(90_000), ['rating', 5, 'yes', 'submitted']],
  }),
  visit(70_005, { device: 'mobile', events: [['svc_pv'], ['start'], ['rating', 1, 'no', 'abandoned']] }),
  visit(70_006, {
    events: [
      ['pv', '/impressum'],
      ['page_rating', '/impressum', 3],
    ],
  }),
];

// ── German formatting and names, written out here rather than imported from the dashboard.
const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const berlin = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
});
const count = (n: number) => integer.format(n);
const noisy = (text: string) => `≈${text} (gerundet/verrauscht)`;
const COUNTRIES: Record<string, string> = {
  DE: 'Deutschland',
  AT: 'Österreich',
  CH: 'Schweiz',
  FR: 'Frankreich',
  NL: 'Niederlande',
  PL: 'Polen',
  TR: 'Türkei',
  UA: 'Ukraine',
  ZZ: 'unbekannt',
};
const DEVICES = ['PC', 'Mobile', 'Tablet', 'Others'] as const;
const CATEGORIES: Record<string, string> = {
  information: 'Information',
  procedure: 'Verfahren',
  assistance: 'Hilfe- und Problemlösungsdienst',
};
const SIGN = { accepted: '✓', alert: '!', failed: '✕' } as const;
const STATUS = { accepted: 'angenommen', alert: 'abgelehnt', failed: 'nicht zugestellt' } as const;
/** The own months at DEMO_NOW: the current one first, then twelve that have ended. */
const OWN_MONTHS = [
  'März 2025 (laufender Monat)',
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

interface Transmission {
  month: string;
  dataset: 'statistics' | 'feedback';
  uniqueId: string;
  attemptedAt: string;
  correction: boolean;
  status: keyof typeof STATUS;
  httpStatus: number;
  message: string;
  entries: number;
  actor: string;
}
interface ZskReport {
  month: string;
  counted: string;
  disclosure: { perturbed: boolean; k: number };
  rows: ZskRow[];
}

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
/** Every API path the page asked for, in order. */
const requests: string[] = [];

async function rows(selector: string, part: 'tbody' | 'tfoot' = 'tbody'): Promise<string[][]> {
  return page.$$eval(`${selector} ${part} tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function optionTexts(selector: string): Promise<string[]> {
  return page.$$eval(`${selector} option`, (os) => os.map((o) => (o.textContent ?? '').trim()));
}

async function signIn(key: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.fill('#api-key', key);
  await page.click('.sign-in-form button[type="submit"]');
  await page.waitForSelector('nav a[aria-current="page"]');
}

/** The reports view is shown and its data loaded; `panel` is the last section it has. */
async function reportsReady(panel = '.zsk'): Promise<void> {
  await page.waitForSelector('nav a[data-view="reports"][aria-current="page"]');
  await page.waitForSelector(`.results:not([aria-busy]) ${panel}`);
}

/** Another month, and "Anzeigen" (which renders the view anew at once, its results busy until loaded). */
async function showMonth(month: string): Promise<void> {
  await page.selectOption('select[name="reportMonth"]', month);
  await page.click('.filters button[type="submit"]');
  expect(await page.inputValue('select[name="reportMonth"]')).toBe(month);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function apiText(pathAndQuery: string, key: string): Promise<Buffer> {
  const res = await fetch(`${server.baseUrl}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** One page's table as the view should show it: countries by page views (unknown last), devices across, totals. */
function pageRows(statistics: SdgStatistics['sources'][number]['source']['statistics']): {
  body: string[][];
  foot: string[];
} {
  const by = new Map<string, number[]>();
  for (const s of statistics) {
    const row = by.get(s.originatingCountry) ?? [0, 0, 0, 0];
    row[DEVICES.indexOf(s.deviceType)] = (row[DEVICES.indexOf(s.deviceType)] as number) + s.nbVisits;
    by.set(s.originatingCountry, row);
  }
  const sum = (r: number[]) => r.reduce((a, b) => a + b, 0);
  const name = (c: string) => `${COUNTRIES[c] ?? `?${c}`} (${c})`;
  const sorted = [...by.entries()].sort(
    ([a, ra], [b, rb]) =>
      Number(a === 'ZZ') - Number(b === 'ZZ') || sum(rb) - sum(ra) || name(a).localeCompare(name(b), 'de'),
  );
  const totals = DEVICES.map((_, i) => sorted.reduce((n, [, r]) => n + (r[i] as number), 0));
  return {
    body: sorted.map(([c, r]) => [name(c), ...r.map(count), count(sum(r))]),
    foot: ['Summe', ...totals.map(count), count(sum(totals))],
  };
}

async function expectStatistics(month: string): Promise<SdgStatistics> {
  const stats = await server.api<SdgStatistics>(
    `/v1/cities/giessen/sdg/statistics?month=${month}`,
    server.keys.giessen,
  );
  expect(stats.sources.length).toBeGreaterThan(2);
  const urls = await page.$$eval('.sdg-statistics .sdg-page', (ps) =>
    ps.map((p) => p.getAttribute('data-url')),
  );
  expect(urls).toEqual(stats.sources.map((s) => s.source.sourceUrl));
  for (const { source } of stats.sources) {
    const table = `.sdg-page[data-url="${source.sourceUrl}"] table`;
    const expected = pageRows(source.statistics);
    expect(await rows(table)).toEqual(expected.body);
    expect((await rows(table, 'tfoot'))[0]).toEqual(expected.foot);
  }
  const all = stats.sources.flatMap((s) => s.source.statistics);
  expect(await text('[data-kpi="sdg-pageviews"] [data-value]')).toBe(
    count(all.reduce((n, s) => n + s.nbVisits, 0)),
  );
  expect(await text('[data-kpi="sdg-pages"] [data-value]')).toBe(count(stats.sources.length));
  return stats;
}

/** The feedback tables from the API's answer per page of the month. */
async function expectFeedback(month: string): Promise<string[][]> {
  const { pages } = await server.api<SdgFeedbackPages>(
    `/v1/cities/giessen/sdg/feedback/pages?month=${month}`,
    server.keys.giessen,
  );
  const ratings = pages.map((p) => [
    p.url,
    CATEGORIES[p.category] as string,
    count(p.ratings),
    p.meanRating === null ? '–' : twoDecimals.format(p.meanRating),
    ...[p.found.yes, p.found.no, p.found.partly, p.found.unanswered].map(count),
  ]);
  const moments = pages.map((p) => [
    p.url,
    count(p.ratings),
    ...[p.context.page, p.context.submitted, p.context.abandoned, p.context.unknown].map(count),
  ]);
  expect(await rows('.sdg-feedback-ratings')).toEqual(ratings);
  expect(await rows('.sdg-feedback-moments')).toEqual(moments);
  return ratings;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'), { visits: JANUARY_VISITS });

  // January's transmissions, as `sdg send` makes them, one second apart.
  const city = loadSites(loadKeysConfig().GODONU_SITES_FILE).cities.get('giessen');
  if (!city) throw new Error('giessen missing from the sites file');
  const stub = await startSdgApiStub(STUB_KEY);
  let tick = 1;
  const deps = {
    warehouse: server.warehouse,
    api: sdgApi(stub.url, STUB_KEY),
    now: () => new Date(DEMO_NOW.getTime() + 1000 * tick++),
  };
  const january = reportMonth('2025-01', DEMO_NOW);
  const send = (datasets: ('statistics' | 'feedback')[]) =>
    sendSdg(deps, city, january, { datasets, actor: 'Digitalteam Gießen' });
  await send(['statistics', 'feedback']);
  stub.refuseNext('statistics for 2025-01 are locked');
  await send(['statistics']);
  await stub.close();
  await send(['feedback']);

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

describe('Berichte signed in with the Gießen city key', () => {
  test('opens on the last month that has ended, February, with the API’s numbers', async () => {
    await signIn(server.keys.giessen);
    expect(await page.$$eval('nav a', (as) => as.map((a) => a.textContent))).toEqual([
      'Stadt',
      'Dienst',
      'Vergleich',
      'Berichte',
      'Monatsbericht',
    ]);
    const before = requests.length;
    await page.click('nav a[data-view="reports"]');
    await reportsReady();
    expect(await text('h1')).toBe('Berichte: Gießen');
    await expect(page.title()).resolves.toBe('Berichte: Gießen – godonu');
    expect(await optionTexts('select[name="reportMonth"]')).toEqual(OWN_MONTHS);
    expect(await page.inputValue('select[name="reportMonth"]')).toBe('2025-02');
    expect(await page.locator('select[name="city"]').count()).toBe(0);
    // (The city view it came from may still ask for its realtime counter.)
    expect(
      requests
        .slice(before)
        .filter((r) => !r.includes('/realtime'))
        .sort(),
    ).toEqual([
      '/v1/cities/giessen/sdg/feedback/pages?month=2025-02',
      '/v1/cities/giessen/sdg/statistics?month=2025-02',
      '/v1/cities/giessen/sdg/transmissions',
      '/v1/cities/giessen/zsk?month=2025-02',
    ]);
    expect(await text('.period-line p')).toBe('Februar 2025: 1. Februar 2025 bis 28. Februar 2025');
    expect(await page.$$eval('.results h2', (hs) => hs.map((x) => x.textContent))).toEqual([
      'EU-Zugangstor (Single Digital Gateway): Statistik',
      'EU-Zugangstor: Nutzerfeedback',
      'Übermittlungen',
      'Zentrale Statistik-Komponente (ZSK)',
    ]);

    await expectStatistics('2025-02');
    expect(await text('[data-sent="statistics"]')).toBe('Für diesen Monat noch nicht übermittelt.');
    await expectFeedback('2025-02');

    const zsk = await server.api<ZskReport>('/v1/cities/giessen/zsk?month=2025-02', server.keys.giessen);
    expect(zsk.rows.length).toBeGreaterThan(2);
    const byName = [...zsk.rows].sort((a, b) => a.serviceName.localeCompare(b.serviceName, 'de'));
    expect(await rows('.zsk-table')).toEqual(
      byName.map((r) => [`${r.serviceName} ${r.leikaKey}`, count(r.transactions as number)]),
    );
    const total = zsk.rows.reduce((n, r) => n + (r.transactions as number), 0);
    expect((await rows('.zsk-table', 'tfoot'))[0]).toEqual(['Summe', count(total)]);
    expect(await text('[data-counted]')).toBe(zsk.counted);
    expect(await text('.zsk-counted p')).toBe(
      'Gezählt werden Formularbestätigungen: die Bestätigungsseite, nachdem die Behörde einen Antrag angenommen hat, jede einmal. Ein abgeschicktes Formular ohne Bestätigung zählt nicht.',
    );
    await shot('reports-giessen');
    await expectAccessible(page);
  });

  test('January: the hand-made answers, the transmissions with their results in words, the downloads', async () => {
    await showMonth('2025-01');
    await reportsReady();
    expect(await text('[data-calendar]')).toBe('Januar 2025');
    expect(requests.at(-1)).toMatch(/month=2025-01/);
    const stats = await expectStatistics('2025-01');
    // The hand-made visits: the Swiss visitor is the only one from CH, so his row is exactly his.
    const rathaus = pageRows(
      stats.sources.find((s) => s.source.sourceUrl === RATHAUS)?.source.statistics ?? [],
    );
    expect(rathaus.body).toContainEqual(['Schweiz (CH)', '1', '0', '0', '0', '1']);

    const ratings = await expectFeedback('2025-01');
    // Generated visits rate only the service, never a page: the two pages hold exactly the hand-made answers.
    expect(ratings.find((r) => r[0] === RATHAUS)).toEqual([
      RATHAUS,
      'Information',
      '2',
      '3,00',
      '1',
      '0',
      '1',
      '0',
    ]);
    expect(ratings.find((r) => r[0] === KONTAKT)).toEqual([
      KONTAKT,
      'Hilfe- und Problemlösungsdienst',
      '1',
      '5,00',
      '0',
      '1',
      '0',
      '0',
    ]);
    expect((await rows('.sdg-feedback-moments')).find((r) => r[0] === RATHAUS)).toEqual([
      RATHAUS,
      '2',
      '2',
      '0',
      '0',
      '0',
    ]);
    expect(ratings.map((r) => r[0] as string).filter((url) => url.endsWith('/impressum'))).toEqual([]);

    const { transmissions } = await server.api<{ transmissions: Transmission[] }>(
      '/v1/cities/giessen/sdg/transmissions',
      server.keys.giessen,
    );
    expect(transmissions.map((x) => [x.dataset, x.status, x.correction])).toEqual([
      ['feedback', 'failed', true],
      ['statistics', 'alert', true],
      ['feedback', 'accepted', false],
      ['statistics', 'accepted', false],
    ]);
    const monthName = { '2025-01': 'Januar 2025' } as Record<string, string>;
    expect(await rows('.sdg-transmissions')).toEqual(
      transmissions.map((x) => [
        monthName[x.month] as string,
        x.dataset === 'statistics' ? 'Statistik' : 'Nutzerfeedback',
        berlin.format(new Date(x.attemptedAt)),
        x.correction ? 'Korrektur' : 'Erstmeldung',
        `${SIGN[x.status]}${STATUS[x.status]}`,
        count(x.entries),
        x.uniqueId,
        // A confirmation's body says nothing more than its status; a refusal and a failure say why.
        x.status === 'accepted'
          ? `HTTP ${x.httpStatus}`
          : x.httpStatus === 0
            ? `keine Antwort: ${x.message}`
            : `HTTP ${x.httpStatus}: ${x.message}`,
        'Digitalteam Gießen',
      ]),
    );
    const [failed, refused] = transmissions as [Transmission, Transmission];
    expect(await text('[data-sent="statistics"]')).toBe(
      `Zuletzt übermittelt am ${berlin.format(new Date(refused.attemptedAt))} als Korrektur: !abgelehnt. Kennung der Übermittlung: SDG-TEST-0001`,
    );
    expect(await text('[data-sent="feedback"]')).toBe(
      `Zuletzt übermittelt am ${berlin.format(new Date(failed.attemptedAt))} als Korrektur: ✕nicht zugestellt. Kennung der Übermittlung: SDG-TEST-0002`,
    );
    expect(await text('.sdg-transmissions-panel code.command')).toBe(
      'pnpm --filter @godonu/api sdg send --city giessen --month 2025-01',
    );

    // The downloads are the API's answers, byte for byte: CSV with the API's file name, JSON as the transmission body.
    for (const [selector, file, api] of [
      [
        '.sdg-statistics [data-csv]',
        'giessen-sdg-statistics-2025-01.csv',
        '/v1/cities/giessen/sdg/statistics?month=2025-01&format=csv',
      ],
      [
        '.sdg-statistics [data-json]',
        'giessen-sdg-statistics-2025-01.json',
        '/v1/cities/giessen/sdg/statistics?month=2025-01',
      ],
      [
        '.sdg-feedback [data-json]',
        'giessen-sdg-feedback-2025-01.json',
        '/v1/cities/giessen/sdg/feedback?month=2025-01',
      ],
      ['.zsk [data-csv]', 'giessen-zsk-2025-01.csv', '/v1/cities/giessen/zsk?month=2025-01&format=csv'],
      ['.zsk [data-json]', 'giessen-zsk-2025-01.json', '/v1/cities/giessen/zsk?month=2025-01'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      expect(download.suggestedFilename()).toBe(file);
      const bytes = await readFile(await download.path());
      expect(bytes.equals(await apiText(api, server.keys.giessen))).toBe(true);
    }
    const body = JSON.parse(
      (await apiText('/v1/cities/giessen/sdg/statistics?month=2025-01', server.keys.giessen)).toString(
        'utf8',
      ),
    );
    expect(body).toMatchObject({
      uniqueId: 'SDG-TEST-0001',
      transferType: 'API',
      nbEntries: stats.sources.length,
    });
    expect(await page.getAttribute('.sdg-statistics [data-json]', 'aria-label')).toBe(
      'Zugangstor-Statistik als JSON herunterladen',
    );
    await shot('reports-giessen-january');
    await expectAccessible(page);
  });

  test('a month without data says so and what the city marks; the running month is marked provisional', async () => {
    await showMonth('2024-03');
    await reportsReady();
    // Gießen marks two pages and a service (infra/config/sites.json): nothing viewed, so no hint how to mark.
    expect(await text('.sdg-statistics .empty')).toBe(
      'In diesem Monat gibt es keine Seitenaufrufe von Zugangstor-Seiten der Stadt (markiert: 2 Seiten, 1 Online-Dienst).',
    );
    expect(await page.locator('.sdg-statistics .report-hint').count()).toBe(0);
    expect(await text('.sdg-feedback .empty')).toBe(
      'In diesem Monat gibt es keine Antworten auf Zugangstor-Seiten der Stadt.',
    );
    expect(await text('.zsk .empty')).toBe('In diesem Monat hat kein Online-Dienst der Stadt Ereignisse.');
    expect(await page.locator('[data-month-open]').count()).toBe(0);
    await expectAccessible(page);

    await showMonth('2025-03');
    await reportsReady();
    expect(await text('[data-month-open]')).toBe(
      'Der Monat läuft noch: Die Zahlen sind vorläufig. An die EU-Kommission übermitteln lässt er sich erst nach seinem Ende.',
    );
    await expectStatistics('2025-03');
  });

  test('never asks for the all-cities file, which a city key may not read', () => {
    expect(requests.filter((r) => r.startsWith('/v1/zsk'))).toEqual([]);
  });

  test('English: texts, country names and numbers in English', async () => {
    await showMonth('2025-01');
    await reportsReady();
    await page.click('#lang-switch');
    await reportsReady();
    expect(await text('h1')).toBe('Reports: Gießen');
    expect(await text('nav a[data-view="reports"]')).toBe('Reports');
    expect(await text('.sdg-statistics h2')).toBe('Single Digital Gateway: statistics');
    expect(
      await page.$$eval(`.sdg-page[data-url="${RATHAUS}"] thead th`, (ths) => ths.map((x) => x.textContent)),
    ).toEqual(['Country of origin', 'PC', 'Mobile', 'Tablet', 'Other', 'Total']);
    expect((await rows(`.sdg-page[data-url="${RATHAUS}"] table`)).map((r) => r[0])).toContain(
      'Switzerland (CH)',
    );
    await page.click('#lang-switch');
    await reportsReady();
  });
});

describe('Berichte signed in with the consortium key', () => {
  test('only the all-cities ZSK file of a closed month, every number through the disclosure layer', async () => {
    const before = requests.length;
    await signIn(server.keys.consortium);
    await page.click('nav a[data-view="reports"]');
    await reportsReady('.zsk-all');
    expect(await text('h1')).toBe('Berichte: alle genannten Städte');
    expect(requests.slice(before).filter((r) => /\/sdg\/|\/zsk/.test(r))).toEqual(['/v1/zsk?month=2025-02']);
    expect(await page.locator('.sdg-statistics, .sdg-feedback, .sdg-transmissions-panel, .zsk').count()).toBe(
      0,
    );
    // Closed months only, newest first: the running month is not offered.
    expect((await optionTexts('select[name="reportMonth"]'))[0]).toBe('Februar 2025');
    expect(await optionTexts('select[name="reportMonth"]')).toHaveLength(12);

    const r = await server.api<ZskReport>('/v1/zsk?month=2025-02', server.keys.consortium);
    expect(r.disclosure.perturbed).toBe(true);
    const cities = [...new Set(r.rows.map((x) => x.municipality))];
    expect(await page.$$eval('.zsk-all-table thead th', (ths) => ths.map((x) => x.textContent))).toEqual([
      'Online-Dienst',
      ...cities,
    ]);
    const services = [...new Set(r.rows.map((x) => x.leikaKey))];
    expect(await rows('.zsk-all-table')).toEqual(
      services.map((key) => [
        r.rows.find((x) => x.leikaKey === key)?.serviceName,
        ...cities.map((c) => {
          const x = r.rows.find((y) => y.leikaKey === key && y.municipality === c) as ZskRow;
          return x.status === 'below_k' ? `weniger als ${DEMO_K}` : noisy(count(x.transactions as number));
        }),
      ]),
    );
    expect(r.rows.some((x) => x.status === 'below_k')).toBe(true);

    // Gießen's cell is the comparison's published completions: computed here from the admin's exact count.
    const exact = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=2025-02`,
      server.keys.admin,
    );
    const completions = exact.cities.find((c) => c.city.key === 'giessen')?.metrics.completions
      .value as number;
    const policy = disclosurePolicy({ k: DEMO_K, epsilon: DEMO_EPSILON, secret: TEST_DISCLOSURE_SECRET });
    const published = perturbedDisclosure(policy, monthPeriod(2025, 2)).count(
      serviceCell('giessen', WOHNSITZ, 'confirmers'),
      completions,
    );
    const column = cities.indexOf('Gießen') + 1;
    const wohnsitz = (await rows('.zsk-all-table')).find((x) => x[0] === 'Wohnsitz anmelden');
    expect(wohnsitz?.[column]).toBe(noisy(count(published)));
    await shot('reports-consortium');
    await expectAccessible(page);
  });
});

describe('Berichte signed in with the admin key', () => {
  test('a city to choose, its reports exact, and the all-cities file exact', async () => {
    await signIn(server.keys.admin);
    await page.click('nav a[data-view="reports"]');
    await reportsReady('.zsk-all');
    expect(await page.locator('select[name="city"]').count()).toBe(1);
    await page.selectOption('select[name="city"]', 'fulda');
    await page.click('.filters button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Berichte: Fulda');
    await reportsReady('.zsk-all');
    expect(requests.slice(-5).sort()).toEqual([
      '/v1/cities/fulda/sdg/feedback/pages?month=2025-02',
      '/v1/cities/fulda/sdg/statistics?month=2025-02',
      '/v1/cities/fulda/sdg/transmissions',
      '/v1/cities/fulda/zsk?month=2025-02',
      '/v1/zsk?month=2025-02',
    ]);
    expect(await page.locator('main [data-perturbed]').count()).toBe(0);
    const r = await server.api<ZskReport>('/v1/zsk?month=2025-02', server.keys.admin);
    const fulda = r.rows.find((x) => x.municipality === 'Fulda' && x.leikaKey === WOHNSITZ) as ZskRow;
    const cities = [...new Set(r.rows.map((x) => x.municipality))];
    const wohnsitz = (await rows('.zsk-all-table')).find((x) => x[0] === 'Wohnsitz anmelden');
    expect(wohnsitz?.[cities.indexOf('Fulda') + 1]).toBe(count(fulda.transactions as number));
    expect(await text('.sdg-transmissions-panel .empty')).toBe('Noch keine Übermittlung.');
    await expectAccessible(page);
  });
});

describe('keyboard only and small screens', () => {
  async function tabTo(selector: string, max = 80): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  async function focusVisible(): Promise<boolean> {
    return page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return false;
      const style = getComputedStyle(el);
      return (
        el.matches(':focus-visible') &&
        style.outlineStyle !== 'none' &&
        Number.parseFloat(style.outlineWidth) >= 2
      );
    });
  }

  test('the view, its month, a table region and a JSON download without a mouse', async () => {
    await page.goto(server.baseUrl);
    await tabTo('#api-key');
    await page.keyboard.type(server.keys.giessen);
    await page.keyboard.press('Enter');
    await page.waitForSelector('nav a[aria-current="page"]');
    await tabTo('nav a[data-view="reports"]');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await reportsReady();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    await tabTo('select[name="reportMonth"]');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('ArrowDown'); // Februar → Januar
    await tabTo('.filters button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-calendar]')?.textContent === 'Januar 2025',
    );
    await reportsReady();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Anzeigen');
    await tabTo('.sdg-statistics [data-json]');
    expect(await focusVisible()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('giessen-sdg-statistics-2025-01.json');
    await tabTo('.sdg-statistics .table-scroll');
    expect(await focusVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Tabelle: https:/,
    );
  });

  test('reflows to 320 CSS px without scrolling sideways, for the city and the consortium', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await signIn(server.keys.giessen);
      await page.click('nav a[data-view="reports"]');
      await reportsReady();
      await showMonth('2025-01');
      await reportsReady();
      await expectFits320(page);
      await shot('reports-giessen-320px');
      await signIn(server.keys.consortium);
      await page.click('nav a[data-view="reports"]');
      await reportsReady('.zsk-all');
      await expectFits320(page);
      await shot('reports-consortium-320px');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
