/*
 * The dashboard in real headless Chromium against the real api and ClickHouse: sign in with a city key and a
 * consortium key, open every view, and compare what the page shows with the API's JSON for the same request,
 * formatted here independently (German, Intl de-DE). The browser's clock is the api's (DEMO_NOW), so the closed
 * calendar periods it offers are the api's: 2025-W13, 2025-02, 2024-Q4, 2024.
 *
 * Also: numbers of other cities carry the "≈ … (gerundet/verrauscht)" mark and are the disclosure layer's noisy
 * counts; views with other cities' numbers offer closed calendar periods only; the consortium never asks for
 * realtime; suppressed cells read "weniger als 10", folded rows "Sonstige (zusammengefasst)"; the page "Was andere
 * über Ihre Stadt erfahren können" states the api's parameters; axe-core finds no violation; everything works with
 * the keyboard alone and at 320 px; the key is stored nowhere; CSV downloads are the API's CSV. Screenshots of
 * each view go to tests/artifacts/dashboard/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';
import { parseCalendarPeriod } from '../src/disclosure/calendar-period.ts';
import { perturbedDisclosure } from '../src/disclosure/disclosure.ts';
import { disclosurePolicy } from '../src/disclosure/policy.ts';
import { serviceCell } from '../src/disclosure/service-cells.ts';
import type { CityReport } from '../src/reports/city-report.ts';
import type { CellStatus } from '../src/reports/common.schema.ts';
import type { ComparisonReport } from '../src/reports/comparison.ts';
import type { FunnelReport } from '../src/reports/funnel.ts';
import type { MatrixReport } from '../src/reports/matrix.ts';
import type { RealtimeReport } from '../src/reports/realtime.ts';
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
/** The last closed month at DEMO_NOW: what every view of other cities' numbers shows first. */
const MONTH = '2025-02';
const WEEK = '2025-W13';

// ── German formatting, written out here rather than imported from the dashboard.
const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const signedPercent = new Intl.NumberFormat('de-DE', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const signedOne = new Intl.NumberFormat('de-DE', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const twoDecimals = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const longDay = new Intl.DateTimeFormat('de-DE', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const count = (n: number) => integer.format(n);
const rate = (n: number) => percent.format(n);
const two = (n: number) => twoDecimals.format(n);
const seconds = (n: number) => {
  const s = Math.round(n);
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
};
const day = (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`));
/** How a number with noise reads (textContent: the mark, the number, the words for screen readers). */
const noisy = (text: string) => `≈${text} (gerundet/verrauscht)`;

/** What a cell reads for a value with its status (textContent, screen-reader text included). */
function cellText(
  value: number | null,
  status: CellStatus,
  format: (n: number) => string,
  perturbed = false,
): string {
  if (status === 'below_k' && value !== null) return `${format(value)} (für andere: weniger als ${DEMO_K})`;
  if (status === 'ok' && value !== null) return perturbed ? noisy(format(value)) : format(value);
  if (status === 'below_k') return `weniger als ${DEMO_K}`;
  if (status === 'complementary') return 'ausgeblendet';
  if (status === 'withheld') return 'nicht genannt';
  if (status === 'no_offline_data') return 'keine Offline-Zahlen';
  return '–keine Daten';
}

const STAGES: Record<string, string> = {
  viewed: 'Dienst aufgerufen',
  started: 'Formular begonnen',
  submitted: 'Abgeschickt',
  confirmed: 'Bestätigt',
};
const CHANNELS: Record<string, string> = {
  direct: 'Direkt',
  search: 'Suchmaschine',
  social: 'Soziale Medien',
  internal: 'Interner Link',
  other_city: 'Andere Stadt',
  referral: 'Verweis',
};
const BANDS = { upper: 'oberes Drittel', middle: 'mittleres Drittel', lower: 'unteres Drittel' } as const;
const FOLDED = 'Sonstige (zusammengefasst)';
const MONTHS = [
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
/** Every API path the page asked for, in order. */
const requests: string[] = [];

async function rows(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function optionTexts(selector: string): Promise<string[]> {
  return page.$$eval(`${selector} option`, (os) => os.map((o) => (o.textContent ?? '').trim()));
}

/** The view is shown, its data loaded and its charts (drawn on the next frame) in place. */
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

async function apply(): Promise<void> {
  await page.click('.filters button[type="submit"]');
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  server = await startDashboardServer(inject('clickhouseUrl'));
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  // The dashboard derives the closed periods from its clock, as the api does from its own.
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

describe('dashboard signed in with the Gießen city key', () => {
  test('sign-in rejects an unknown key, then opens the city view with the API’s numbers', async () => {
    await page.goto(server.baseUrl);
    // The page asks the api whether it has an identity provider before it offers a way to sign in.
    await page.waitForSelector('#api-key');
    await expect(page.title()).resolves.toBe('Anmelden – godonu');
    await shot('sign-in');
    await expectAccessible(page);
    await page.fill('#api-key', `gdk_00000000_${'x'.repeat(43)}`);
    await page.click('.sign-in-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('api-key-error')?.textContent !== '');
    expect(await text('#api-key-error')).toBe('Dieser Schlüssel ist unbekannt oder gesperrt.');

    await signIn(server.keys.giessen);
    await viewReady('city', '.timeseries table');
    const report = await server.api<CityReport>('/v1/cities/giessen/report?limit=10', server.keys.giessen);
    const realtime = await server.api<RealtimeReport>('/v1/cities/giessen/realtime', server.keys.giessen);

    expect(await text('h1')).toBe('Nutzung des Portals Gießen');
    expect(await text('.account')).toBe('Angemeldet als Stadt-Team Gießen');
    // The own city: exact numbers over any range, typed as dates; every interval.
    expect(report.disclosure.perturbed).toBe(false);
    expect(await text('[data-period]')).toBe(`${day(report.period.from)} bis ${day(report.period.to)}`);
    expect(await page.inputValue('input[name="from"]')).toBe(
      report.period.from.split('-').reverse().join('.'),
    );
    expect(await page.locator('select[name="calendar"]').count()).toBe(0);
    expect(await optionTexts('select[name="interval"]')).toEqual(['Stunden', 'Tage', 'Wochen', 'Monate']);

    for (const s of report.summary) {
      const format = s.metric === 'bounceRate' ? rate : s.metric === 'visitDurationSec' ? seconds : count;
      expect(s.status).toBe('ok');
      expect(await text(`[data-kpi="${s.metric}"] [data-value]`)).toBe(format(s.value as number));
      const change =
        s.metric === 'bounceRate'
          ? `${signedOne.format((s.change as number) * 100)} Pp.`
          : signedPercent.format(s.changeRatio as number);
      expect(await text(`[data-kpi="${s.metric}"] [data-change]`)).toBe(change);
      expect(await text(`[data-kpi="${s.metric}"] [data-previous]`)).toBe(
        `Vorzeitraum: ${format(s.previous as number)}`,
      );
    }
    await page.waitForFunction(
      () => document.querySelector('[data-kpi="realtime"] [data-value]')?.textContent !== '…',
    );
    expect(await text('[data-kpi="realtime"] [data-value]')).toBe(count(realtime.visitors as number));
    expect(await page.locator('main [data-perturbed]').count()).toBe(0);

    // The table behind the chart: every bucket with the three counts.
    expect(await rows('.timeseries table')).toEqual(
      report.timeseries.map((p) => [
        day(p.bucket),
        count(p.visitors as number),
        count(p.visits as number),
        count(p.pageviews as number),
      ]),
    );
    expect(report.timeseries).toHaveLength(30);
    expect(await rows('.pages table')).toEqual(
      report.pages.map((p) => [p.path, count(p.pageviews as number), count(p.visitors as number)]),
    );
    expect(await rows('.breakdown-channels table')).toEqual(
      report.channels.map((c) => [CHANNELS[c.value], rate(c.share as number), count(c.visits as number)]),
    );
    expect(await rows('.breakdown-devices table')).toEqual(
      report.devices.map((d) => [
        { desktop: 'Desktop', mobile: 'Smartphone', tablet: 'Tablet', other: 'Sonstige' }[d.value],
        rate(d.share as number),
        count(d.visits as number),
      ]),
    );
    // Every view's footer links the page on what others can learn, and explains the marks.
    expect(await text('footer a[data-guarantee]')).toBe('Was andere über Ihre Stadt erfahren können');
    expect(await page.$$eval('footer .status-legend dt', (dts) => dts.map((d) => d.textContent))).toEqual([
      '≈ gerundet/verrauscht',
      'weniger als 10',
      'ausgeblendet',
      FOLDED,
      'nicht genannt',
      'oberes / mittleres / unteres Drittel',
      'nicht veröffentlicht',
    ]);
    await shot('city-giessen');
    await expectAccessible(page);
  });

  test('the key is held in memory only: no cookie, no web storage, not in the page, gone after a reload', async () => {
    const stored = await page.evaluate(() => ({
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      html: document.documentElement.outerHTML,
      url: location.href,
    }));
    expect(stored.cookie).toBe('');
    expect(stored.local).toBe(0);
    expect(stored.session).toBe(0);
    expect(stored.html.includes(server.keys.giessen)).toBe(false);
    expect(stored.url.includes(server.keys.giessen)).toBe(false);
    expect(await browser.context.cookies()).toEqual([]);
    await page.reload();
    await page.waitForSelector('#api-key');
    expect(await page.locator('nav').isHidden()).toBe(true);
  });

  test('service view: the own funnel exactly over any range, the comparison over its own calendar period', async () => {
    await signIn(server.keys.giessen);
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.completion-panel table');
    const r = await server.api<FunnelReport>(
      `/v1/cities/giessen/services/${WOHNSITZ}/funnel?interval=week&limit=10`,
      server.keys.giessen,
    );
    expect(r.disclosure.perturbed).toBe(false);
    expect(await text('h1')).toBe('Wohnsitz anmelden in Gießen');
    expect(await text('[data-kpi="completionRate"] [data-value]')).toBe(
      rate(r.completionRate.value as number),
    );
    expect(await text('[data-kpi="startRate"] [data-value]')).toBe(rate(r.startRate.value as number));
    expect(await text('[data-kpi="medianTime"] [data-value]')).toBe(
      seconds(r.timeToComplete.medianSec as number),
    );
    expect(await text('[data-kpi="errorRate"] [data-value]')).toBe(rate(r.errors.errorRate as number));
    expect(await text('[data-kpi="satisfaction"] [data-value]')).toBe(two(r.satisfaction.average as number));

    expect(r.stages.length).toBeGreaterThan(4);
    expect(await rows('.funnel-panel table')).toEqual(
      r.stages.map((s) => [
        s.stage === 'step' ? `Schritt ${s.step}: ${s.stepName}` : STAGES[s.stage],
        count(s.visitors as number),
        rate(s.shareOfViewers as number),
        s.dropOff === null ? '–' : count(s.dropOff),
        s.dropOffRate === null ? '–' : rate(s.dropOffRate),
      ]),
    );
    // The drawn funnel says the same drop-off in words.
    const drops = await page.$$eval('.funnel-drop', (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(drops).toEqual(
      r.stages
        .slice(1)
        .map((s) => `↘ ${count(s.dropOff as number)} ausgestiegen (${rate(s.dropOffRate as number)})`),
    );
    expect(await rows('.completion-panel table')).toEqual(
      r.timeseries.map((p) => [
        day(p.bucket),
        cellText(p.starters, p.status, count),
        cellText(p.confirmers, p.status, count),
        cellText(p.completionRate, p.status, rate),
      ]),
    );
    expect(await rows('.errors-panel table')).toEqual(
      r.errors.fields.map((f) => [
        f.field,
        count(f.step as number),
        count(f.visitors as number),
        count(f.errors as number),
      ]),
    );
    const ratings = [...r.satisfaction.distribution].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    expect(await rows('.satisfaction-panel table')).toEqual(
      ratings.map((d) => [`${d.score} von 5`, rate(d.share as number), count(d.ratings as number)]),
    );

    // Two periods in one form, each named for what it is: the own range and the comparison's calendar period.
    expect(await page.$$eval('.filters legend', (ls) => ls.map((l) => (l.textContent ?? '').trim()))).toEqual(
      ['Zeitraum (eigene Stadt, genau)', 'Vergleichszeitraum (andere Städte)'],
    );
    expect(await text('.filters .period-hint')).toBe(
      'Zahlen anderer Städte gibt es nur für ganze, abgeschlossene Kalenderzeiträume.',
    );
    expect(await optionTexts('select[name="calendarLevel"]')).toEqual(['Woche', 'Monat', 'Quartal', 'Jahr']);
    expect(await page.inputValue('select[name="calendarLevel"]')).toBe('month');
    expect(await optionTexts('select[name="calendar"]')).toEqual(MONTHS);

    const c = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=${MONTH}`,
      server.keys.giessen,
    );
    expect(await text('[data-comparison-intro]')).toBe(
      'Trichter und Kennzahlen oben sind die genauen Zahlen Ihrer Stadt für den frei gewählten Zeitraum. Den Vergleich mit anderen Städten gibt es nur für ganze, abgeschlossene Kalenderzeiträume; er hat deshalb einen eigenen Vergleichszeitraum in der Auswahl oben, hier: Februar 2025. Ihre eigenen Werte sind auch hier genau; Median, mittlere Hälfte und Rang sind aus den gerundeten/verrauschten Werten aller Städte berechnet.',
    );
    expect(await page.$$eval('.service-comparison thead th', (ths) => ths.map((h) => h.textContent))).toEqual(
      ['Kennzahl', 'Gießen (eigene Stadt)', 'Median der Städte', 'Mittlere Hälfte', 'Rang'],
    );
    expect(await rows('.service-comparison')).toEqual(serviceComparisonRows(c, 'giessen'));
    // The same, written out: the own city exact, the cities' median and middle half with noise.
    const n = noisy;
    expect(await rows('.service-comparison')).toEqual([
      ['Aufrufe (Besuchende) je 1.000 EW', '5,20', n('5,40'), n('5,21 bis 5,60'), '4 von 5'],
      ['Begonnene Formulare je 1.000 EW', '3,10', n('3,04'), n('2,91 bis 3,14'), '3 von 5'],
      ['Abschlüsse je 1.000 EW', '1,24', n('1,23'), n('1,00 bis 1,79'), '3 von 5'],
      ['Startquote', rate(0.596), n(rate(0.539)), n(`${rate(0.482)} bis ${rate(0.579)}`), '2 von 6'],
      ['Abschlussquote', rate(0.4), n(rate(0.473)), n(`${rate(0.42)} bis ${rate(0.527)}`), '5 von 6'],
      ['Bearbeitungszeit (Median)', '3 min 48 s', n('3 min 45 s'), n('3 min 25 s bis 4 min 13 s'), '4 von 6'],
      ['Fehlerquote', rate(0.337), n(rate(0.355)), n(`${rate(0.335)} bis ${rate(0.369)}`), '3 von 6'],
      ['Zufriedenheit', '3,93', n('3,94'), n('3,85 bis 4,15'), '1 von 4'],
      // No city has imported offline case numbers here: unknown, never 100 %.
      ['Digitale Nutzungsquote', 'keine Offline-Zahlen', '–', '–', '–'],
    ]);
    await shot('service-giessen');
    await expectAccessible(page);

    // Another comparison period: the funnel keeps its exact range, the comparison follows the week.
    await page.selectOption('select[name="calendarLevel"]', 'week');
    const weeks = await optionTexts('select[name="calendar"]');
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toBe('KW 13/2025 (24.03.–30.03.)');
    expect(weeks[11]).toBe('KW 2/2025 (06.01.–12.01.)');
    await page.selectOption('select[name="calendarLevel"]', 'quarter');
    expect(await optionTexts('select[name="calendar"]')).toEqual([
      '4. Quartal 2024',
      '3. Quartal 2024',
      '2. Quartal 2024',
      '1. Quartal 2024',
      '4. Quartal 2023',
      '3. Quartal 2023',
      '2. Quartal 2023',
      '1. Quartal 2023',
    ]);
    await page.selectOption('select[name="calendarLevel"]', 'year');
    expect(await optionTexts('select[name="calendar"]')).toEqual(['2024', '2023', '2022']);
    await page.selectOption('select[name="calendarLevel"]', 'week');
    await apply();
    await viewReady('service', '.service-comparison table');
    expect(requests.filter((p) => p.includes('/comparison?')).at(-1)).toBe(
      `/v1/services/${WOHNSITZ}/comparison?period=${WEEK}`,
    );
    expect(await text('[data-period]')).toBe(`${day(r.period.from)} bis ${day(r.period.to)}`);
    expect(await text('[data-comparison-intro]')).toContain('hier: KW 13/2025 (24.03.–30.03.).');
    const week = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=${WEEK}`,
      server.keys.giessen,
    );
    expect(await rows('.service-comparison')).toEqual(serviceComparisonRows(week, 'giessen'));
    // Back to the month for the tests that follow (the comparison period is shared with the comparison view).
    await page.selectOption('select[name="calendarLevel"]', 'month');
    await apply();
    await viewReady('service', '.service-comparison table');
  });

  test('comparison view: a closed month, the own city exact, other cities "≈", "weniger als 10", the matrix equals the API', async () => {
    // A service in which some other city falls below k on completions (the generated data has one).
    const matrix = await server.api<MatrixReport>(
      `/v1/comparison/matrix?metric=completions&period=${MONTH}`,
      server.keys.giessen,
    );
    const row = matrix.rows.find((r) => r.cells.some((c) => c.status === 'below_k'));
    expect(row).toBeDefined();
    const service = row?.service.key as string;

    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    // Other cities' numbers: no free dates, one closed calendar period.
    expect(await page.locator('input[name="from"]').count()).toBe(0);
    expect(await optionTexts('select[name="calendar"]')).toEqual(MONTHS);
    await page.selectOption('select[name="service"]', service);
    await page.selectOption('select[name="metric"]', 'completions');
    await apply();
    await viewReady('comparison', '.comparison-panel .chart table');
    expect(requests.slice(-2).sort()).toEqual([
      `/v1/comparison/matrix?period=${MONTH}&metric=completions`,
      `/v1/services/${service}/comparison?period=${MONTH}`,
    ]);
    const r = await server.api<ComparisonReport>(
      `/v1/services/${service}/comparison?period=${MONTH}`,
      server.keys.giessen,
    );
    const m = await server.api<MatrixReport>(
      `/v1/comparison/matrix?metric=completions&period=${MONTH}`,
      server.keys.giessen,
    );
    expect(r.disclosure).toMatchObject({ perturbed: true, calendarPeriod: MONTH });
    expect(await text('[data-calendar]')).toBe('Februar 2025');
    expect(await text('[data-period]')).toBe('1. Februar 2025 bis 28. Februar 2025');
    expect(await text('.noise-note')).toBe(
      'Zahlen der eigenen Stadt sind genau, die anderer Städte gerundet/verrauscht (≈).',
    );

    const name = (c: ComparisonReport['cities'][number]['city']) =>
      c.own ? `${c.name} (eigene Stadt)` : (c.name ?? `Vergleichsstadt ${c.peer}`);
    const expected = r.cities.map((c) => {
      const cell = c.metrics.completions;
      const perturbed = !c.city.exact;
      expect(c.city.exact).toBe(c.city.own);
      return [
        name(c.city),
        cellText(cell.value, cell.status, count, perturbed),
        cellText(cell.per1000, cell.status, two, perturbed),
        cell.rank !== null ? count(cell.rank) : cell.rankBand === null ? '–' : BANDS[cell.rankBand],
      ];
    });
    expect(await rows('.comparison-panel .chart table')).toEqual(expected);
    const suppressed = expected.filter((e) => e[2] === `weniger als ${DEMO_K}`);
    expect(suppressed.length).toBeGreaterThan(0);
    // The own row is exact; every shown figure of another city is marked.
    expect(expected.find((e) => e[0] === 'Gießen (eigene Stadt)')?.[1]).not.toContain('≈');
    // The chart itself says it in words, too, and never draws a bar of 0 for it.
    const chartTexts = await page.$$eval('.comparison-chart text.suppressed', (els) =>
      els.map((e) => e.textContent),
    );
    expect(chartTexts).toEqual(suppressed.map(() => `weniger als ${DEMO_K}`));
    const values = await page.$$eval('.comparison-chart text.bar-value:not(.suppressed)', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(values.filter((v) => !v.startsWith('≈ '))).toHaveLength(1);
    expect(await page.locator('.comparison-chart text.bar-label.own').allTextContents()).toEqual([
      'Gießen (eigene Stadt)',
    ]);
    expect(await page.locator('.comparison-chart rect.bar.own').count()).toBe(1);
    expect(await text('.comparison-panel .legend')).toContain('≈ gerundet/verrauscht');

    const summary = r.metrics.find((x) => x.metric === 'completions');
    const num = (n: number | null | undefined) => two(n as number);
    expect(await text('[data-stats]')).toBe(
      `Median ${num(summary?.median)}, mittlere Hälfte der Städte ${num(summary?.q1)} bis ${num(summary?.q3)} · ${summary?.n} Städte mit ausreichend Daten`,
    );
    expect(await text('[data-noise-note]')).toBe(
      'Median, Quartile und Ränge sind aus den veröffentlichten, gerundeten/verrauschten Werten berechnet.',
    );

    const heads = await page.$$eval('.heat-table thead th', (ths) =>
      ths.map((th) => (th.textContent ?? '').trim()),
    );
    expect(heads).toEqual([
      'Dienst',
      ...m.cities.map((c) => (c.own ? `${c.name} (eigene Stadt)` : (c.name ?? `Vergleichsstadt ${c.peer}`))),
      'Median',
    ]);
    expect(await rows('.heat-table')).toEqual(
      m.rows.map((r) => [
        r.service.name?.de,
        ...r.cells.map((c, i) => cellText(c.per1000, c.status, num, !m.cities[i]?.exact)),
        r.median === null ? '–' : noisy(num(r.median)),
      ]),
    );
    await shot('comparison-giessen');
    await expectAccessible(page);
  });

  test('CSV download hands over the API’s CSV of the calendar period', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.matrix-panel .csv-button'),
    ]);
    expect(requests.at(-1)).toBe(`/v1/comparison/matrix?period=${MONTH}&metric=completions&format=csv`);
    const res = await fetch(
      `${server.baseUrl}/v1/comparison/matrix?metric=completions&period=${MONTH}&format=csv`,
      {
        headers: { authorization: `Bearer ${server.keys.giessen}` },
      },
    );
    expect(download.suggestedFilename()).toBe('matrix-completions-2025-02-01-2025-02-28.csv');
    // Bytes, not text: the API's CSV starts with a BOM (for spreadsheet programs) that text decoding drops.
    const api = Buffer.from(await res.arrayBuffer());
    expect((await readFile(await download.path())).equals(api)).toBe(true);
    expect(api.toString('utf8')).toContain('service,name,median');
  });
});

/** The service view's comparison table, formatted here from the API's comparison. */
function serviceComparisonRows(c: ComparisonReport, city: string): string[][] {
  const row = c.cities.find((x) => x.city.key === city);
  const metricNames: Record<string, string> = {
    viewers: 'Aufrufe (Besuchende) je 1.000 EW',
    starters: 'Begonnene Formulare je 1.000 EW',
    completions: 'Abschlüsse je 1.000 EW',
    startRate: 'Startquote',
    completionRate: 'Abschlussquote',
    medianTimeToCompleteSec: 'Bearbeitungszeit (Median)',
    errorRate: 'Fehlerquote',
    satisfaction: 'Zufriedenheit',
    digitalTakeUp: 'Digitale Nutzungsquote',
  };
  const format = { count: two, rate, seconds, score: two };
  return c.metrics.map((m) => {
    const cell = row?.metrics[m.metric];
    if (!cell || !row) throw new Error(`no ${city} in the comparison`);
    const f = format[m.kind];
    const shown = m.kind === 'count' ? cell.per1000 : cell.value;
    const perturbed = c.disclosure.perturbed;
    const mark = (s: string) => (perturbed ? noisy(s) : s);
    return [
      metricNames[m.metric] as string,
      cellText(shown, cell.status, f, !row.city.exact),
      m.median === null ? '–' : mark(f(m.median)),
      m.q1 === null || m.q3 === null ? '–' : mark(`${f(m.q1)} bis ${f(m.q3)}`),
      cell.rank !== null
        ? `${count(cell.rank)} von ${count(m.n)}`
        : cell.rankBand === null
          ? '–'
          : BANDS[cell.rankBand],
    ];
  });
}

describe('dashboard signed in with the consortium key', () => {
  /** Where the consortium's requests begin in `requests`. */
  let consortiumStart = 0;

  test('opens on the comparison of the last closed month: every figure "≈", the disclosure layer’s own', async () => {
    consortiumStart = requests.length;
    await signIn(server.keys.consortium);
    await viewReady('comparison', '.comparison-panel .chart table');
    expect(await text('.account')).toBe('Angemeldet als Programmleitung');
    await page.selectOption('select[name="metric"]', 'viewers');
    await apply();
    await viewReady('comparison', '.comparison-panel .chart table');
    const r = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=${MONTH}`,
      server.keys.consortium,
    );
    expect(await text('[data-calendar]')).toBe('Februar 2025');
    expect(await text('.noise-note')).toBe('Alle Zahlen dieser Ansicht sind gerundet/verrauscht (≈).');
    // Nobody is "own" or exact for the consortium; the city that opted out is an anonymous peer.
    expect(await page.locator('.comparison-chart .own').count()).toBe(0);
    expect(r.cities.every((c) => !c.city.exact)).toBe(true);
    const peer = r.cities.find((c) => c.city.peer !== null);
    expect(peer?.city.name).toBeNull();
    expect(peer?.metrics.viewers).toMatchObject({ per1000: null, status: 'withheld' });
    expect(await page.locator('.comparison-chart text.bar-label').allTextContents()).toContain(
      'Vergleichsstadt 1',
    );
    // A peer's per-capita figure would name it with the population: withheld like its count.
    const bars = await page.$$eval('.comparison-chart text.bar-value', (els) =>
      els.map((e) => e.textContent),
    );
    expect(bars).toContain('nicht genannt');
    expect(bars.filter((b) => b !== 'nicht genannt').every((b) => b?.startsWith('≈ '))).toBe(true);
    const median = r.metrics.find((x) => x.metric === 'viewers')?.median as number;
    expect(await text('[data-stats]')).toContain(`Median ${two(median)}`);

    // What the page shows is the exact count through the disclosure layer with the server's secret.
    const admin = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=${MONTH}`,
      server.keys.admin,
    );
    const d = perturbedDisclosure(
      disclosurePolicy({ k: DEMO_K, epsilon: DEMO_EPSILON, secret: TEST_DISCLOSURE_SECRET }),
      parseCalendarPeriod(MONTH) as NonNullable<ReturnType<typeof parseCalendarPeriod>>,
    );
    const table = await rows('.comparison-panel .chart table');
    for (const city of ['fulda', 'giessen', 'marburg', 'offenbach', 'wetzlar']) {
      const exact = admin.cities.find((c) => c.city.key === city)?.metrics.viewers.value as number;
      const shown = d.count(serviceCell(city, WOHNSITZ, 'viewers'), exact);
      const name = r.cities.find((c) => c.city.key === city)?.city.name;
      expect(table.find((row) => row[0] === name)?.[1]).toBe(noisy(count(shown)));
    }
    await shot('comparison-consortium-per-capita');

    // Absolute counts: the band (per capita by definition) gives way to a note; the peer's count is withheld.
    await page.uncheck('.comparison-panel input[type="checkbox"]');
    expect(await page.locator('.comparison-chart .median').count()).toBe(0);
    const viewers = r.metrics.find((x) => x.metric === 'viewers');
    expect(viewers?.comparedOn).toBe('per1000');
    expect(await text('[data-stats]')).toBe(
      `Median und Quartile gelten für Werte je 1.000 Einwohner:innen. ${viewers?.n} Städte mit ausreichend Daten`,
    );
    // Written out: Gießen's 479 viewers are its exact count through the noise (its own team sees 5,20 per 1,000).
    expect(await rows('.comparison-panel .chart table')).toEqual([
      ['Fulda', noisy('392'), noisy('5,60'), '2'],
      ['Gießen', noisy('479'), noisy('5,21'), '4'],
      ['Marburg', noisy('416'), noisy('5,40'), '3'],
      ['Offenbach am Main', noisy('583'), noisy('4,45'), '5'],
      ['Wetzlar', noisy('345'), noisy('6,51'), '1'],
      ['Vergleichsstadt 1', 'nicht genannt', 'nicht genannt', '–'],
    ]);
    await shot('comparison-consortium-absolute');
    await expectAccessible(page);

    // A rate: the anonymous peer has no rank, only its third of the ranking.
    await page.selectOption('select[name="metric"]', 'completionRate');
    await apply();
    await viewReady('comparison', '.comparison-panel .chart table');
    // A rate is compared on its value: its median and quartiles, and no remark on values per 1,000 inhabitants,
    // although the per-capita box was left unchecked for the counts above.
    const completion = r.metrics.find((x) => x.metric === 'completionRate');
    expect(completion?.comparedOn).toBe('value');
    const asRate = (n: number | null | undefined) => rate(n as number);
    expect(await text('[data-stats]')).toBe(
      `Median ${asRate(completion?.median)}, mittlere Hälfte der Städte ${asRate(completion?.q1)} bis ${asRate(completion?.q3)} · ${completion?.n} Städte mit ausreichend Daten`,
    );
    expect(await page.locator('.comparison-chart .median').count()).toBe(1);
    const band = peer?.metrics.completionRate.rankBand;
    expect(band).not.toBeNull();
    expect(
      (await rows('.comparison-panel .chart table')).find((row) => row[0] === 'Vergleichsstadt 1'),
    ).toEqual([
      'Vergleichsstadt 1',
      noisy(rate(peer?.metrics.completionRate.value as number)),
      BANDS[band as keyof typeof BANDS],
    ]);
    await shot('comparison-consortium');
    expect(requests.slice(consortiumStart).some((p) => p.includes('/realtime'))).toBe(false);
  });

  test('city view of a named city: calendar periods only, "≈" everywhere, no realtime, no visit duration', async () => {
    const before = requests.length;
    await page.click('nav a[data-view="city"]');
    await viewReady('city', '.timeseries table');
    const first = await page.inputValue('select[name="city"]');
    expect(requests.slice(before)).toEqual([
      `/v1/cities/${first}/report?period=${MONTH}&interval=month&limit=10`,
      `/v1/cities/${first}/links?period=${MONTH}&limit=10`,
      `/v1/cities/${first}/engagement?period=${MONTH}&limit=10`,
      // Annotations are text, not counts: asked for by the month's days.
      `/v1/cities/${first}/annotations?from=2025-02-01&to=2025-02-28`,
    ]);
    const report = await server.api<CityReport>(
      `/v1/cities/${first}/report?period=${MONTH}&limit=10`,
      server.keys.consortium,
    );
    expect(report.access).toBe('published');
    expect(await page.locator('input[name="from"]').count()).toBe(0);
    expect(await optionTexts('select[name="publishedInterval"]')).toEqual(['Monate']);
    expect(await text('.period-line .note')).toBe(
      `Veröffentlichbare Sicht: alle Zahlen sind gerundet/verrauscht (≈), Werte unter ${DEMO_K} ausgeblendet, kleine Listenzeilen unter „Sonstige (zusammengefasst)“.`,
    );
    expect(await text('.period-line p')).toBe(
      'Februar 2025: 1. Februar 2025 bis 28. Februar 2025 · Vergleich mit 1. Januar 2025 bis 31. Januar 2025',
    );
    expect(await page.locator('[data-kpi="realtime"]').count()).toBe(0);
    const visitors = report.summary.find((s) => s.metric === 'visitors');
    expect(await text('[data-kpi="visitors"] [data-value]')).toBe(noisy(count(visitors?.value as number)));
    expect(await text('[data-kpi="visitors"] [data-previous]')).toBe(
      `Vorzeitraum: ≈ ${count(visitors?.previous as number)}`,
    );
    expect(await text('[data-kpi="visitDurationSec"] [data-value]')).toBe('nicht veröffentlicht');
    const path = (p: string) => (p === '(other)' ? FOLDED : p);
    expect(await rows('.pages table')).toEqual(
      report.pages.map((p) => [
        path(p.path),
        cellText(p.pageviews, p.status, count, true),
        p.path === '(other)' && p.status === 'ok'
          ? '–für zusammengefasste Zeilen nicht ausgewiesen'
          : cellText(p.visitors, p.status, count, true),
      ]),
    );
    expect(await rows('.timeseries table')).toEqual(
      report.timeseries.map((p) => [
        'Februar 2025',
        cellText(p.visitors, p.status, count, true),
        cellText(p.visits, p.status, count, true),
        cellText(p.pageviews, p.status, count, true),
      ]),
    );
    const cityOptions = await page.$$eval('select[name="city"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(cityOptions).not.toContain('limburg');
    await shot('city-consortium');
    await expectAccessible(page);

    // A week: its series has the week as its one bucket, so the interval offered is weeks.
    await page.selectOption('select[name="calendarLevel"]', 'week');
    expect(await optionTexts('select[name="publishedInterval"]')).toEqual(['Wochen']);
    await apply();
    await viewReady('city', '.timeseries table');
    expect(requests.filter((p) => p.includes('/report?')).at(-1)).toBe(
      `/v1/cities/${first}/report?period=${WEEK}&interval=week&limit=10`,
    );
    expect(await text('.period-line p')).toBe(
      'KW 13/2025 (24.03.–30.03.): 24. März 2025 bis 30. März 2025 · Vergleich mit 17. März 2025 bis 23. März 2025',
    );
    const week = await server.api<CityReport>(
      `/v1/cities/${first}/report?period=${WEEK}&interval=week&limit=10`,
      server.keys.consortium,
    );
    expect(await rows('.breakdown-channels table')).toEqual(
      week.channels.map((c) => [
        c.value === '(other)' ? FOLDED : CHANNELS[c.value],
        cellText(c.share, c.status, rate, true),
        cellText(c.visits, c.status, count, true),
      ]),
    );
    await page.selectOption('select[name="calendarLevel"]', 'month');
    await apply();
    await viewReady('city', '.timeseries table');
  });

  test('service view of a named city: the funnel "≈", small error fields and ratings as "Sonstige"', async () => {
    const first = await page.inputValue('select[name="city"]');
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.service-comparison table');
    const funnel = await server.api<FunnelReport>(
      `/v1/cities/${first}/services/${WOHNSITZ}/funnel?period=${MONTH}&limit=10`,
      server.keys.consortium,
    );
    expect(funnel.disclosure.perturbed).toBe(true);
    expect(await text('[data-kpi="completionRate"] [data-value]')).toBe(
      noisy(rate(funnel.completionRate.value as number)),
    );
    expect(await rows('.funnel-panel table')).toEqual(
      funnel.stages.map((s) => [
        s.stage === 'step' ? `Schritt ${s.step}: ${s.stepName}` : STAGES[s.stage],
        cellText(s.visitors, s.status, count, true),
        s.shareOfViewers === null ? '–' : noisy(rate(s.shareOfViewers)),
        s.dropOff === null ? '–' : noisy(count(s.dropOff)),
        s.dropOffRate === null ? '–' : noisy(rate(s.dropOffRate)),
      ]),
    );
    expect(funnel.errors.fields.some((f) => f.field === null)).toBe(true);
    expect(await rows('.errors-panel table')).toEqual(
      funnel.errors.fields.map((f) => [
        f.field ?? FOLDED,
        f.step === null ? '–' : count(f.step),
        f.field === null && f.status === 'ok'
          ? '–für zusammengefasste Zeilen nicht ausgewiesen'
          : cellText(f.visitors, f.status, count, true),
        cellText(f.errors, f.status, count, true),
      ]),
    );
    expect(await rows('.satisfaction-panel table')).toEqual(
      [...funnel.satisfaction.distribution]
        .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
        .map((d) => [
          d.score === null ? FOLDED : `${d.score} von 5`,
          cellText(d.share, d.status, rate, true),
          cellText(d.ratings, d.status, count, true),
        ]),
    );
    // Written out: in Offenbach's February only two fields reach k; the rest, and every score, fold into "Sonstige".
    expect(first).toBe('offenbach');
    expect(await rows('.errors-panel table')).toEqual([
      ['wohnungsgeber_name', '3', noisy('41'), noisy('37')],
      ['hausnummer', '2', noisy('14'), noisy('17')],
      [FOLDED, '–', '–für zusammengefasste Zeilen nicht ausgewiesen', noisy('53')],
    ]);
    expect(await rows('.satisfaction-panel table')).toEqual([[FOLDED, noisy(rate(1)), noisy('36')]]);
    // One period for both: the comparison says it follows the funnel's.
    expect(await page.locator('select[name="calendar"]').count()).toBe(1);
    expect(await text('[data-comparison-intro]')).toBe(
      'Derselbe Kalenderzeitraum wie oben (Februar 2025). Alle Werte sind gerundet/verrauscht.',
    );
    const c = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison?period=${MONTH}`,
      server.keys.consortium,
    );
    expect(await rows('.service-comparison')).toEqual(serviceComparisonRows(c, first));
    await shot('service-consortium');
    await expectAccessible(page);
    // Realtime is the city's own: the consortium's dashboard never asked for it.
    expect(requests.slice(consortiumStart).filter((p) => p.includes('/realtime'))).toEqual([]);
  });

  test('English switch: texts in English, numbers in English format, then back', async () => {
    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('nav a[data-view="comparison"]')).toBe('Comparison');
    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    expect(await text('h1')).toBe('City comparison: Register a new address');
    expect(await text('[data-calendar]')).toBe('February 2025');
    expect(await page.locator('.heat-legend').textContent()).toContain('fewer than 10');
    const m = await server.api<MatrixReport>(
      `/v1/comparison/matrix?metric=completionRate&period=${MONTH}`,
      server.keys.consortium,
    );
    const en = new Intl.NumberFormat('en-GB', {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    const first = m.rows[0];
    expect((await rows('.heat-table'))[0]).toEqual([
      first?.service.name?.en,
      ...(first?.cells ?? []).map((c) =>
        c.value === null ? 'fewer than 10' : `≈${en.format(c.value)} (rounded/noised)`,
      ),
      `≈${en.format(first?.median as number)} (rounded/noised)`,
    ]);
    await shot('comparison-consortium-english');
    await expectAccessible(page);
    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lang-switch');
  });

  test('a browser clock ahead of the api’s: the api’s word on the closed periods wins', async () => {
    // 1 April in Berlin: the browser thinks March and the first quarter are closed, the api (31 March) does not.
    await page.clock.setFixedTime(new Date('2025-04-01T08:00:00Z'));
    try {
      const before = requests.length;
      await signIn(server.keys.consortium);
      await viewReady('comparison', '.comparison-panel .chart table');
      expect(requests.slice(before).filter((p) => p.includes('/comparison?'))).toEqual([
        `/v1/services/${WOHNSITZ}/comparison?period=2025-03`,
        `/v1/services/${WOHNSITZ}/comparison?period=${MONTH}`,
      ]);
      expect(await text('[data-calendar]')).toBe('Februar 2025');
      expect(await optionTexts('select[name="calendar"]')).toEqual(MONTHS);
      await page.selectOption('select[name="calendarLevel"]', 'quarter');
      expect((await optionTexts('select[name="calendar"]'))[0]).toBe('4. Quartal 2024');
    } finally {
      await page.clock.setFixedTime(DEMO_NOW);
    }
  });
});

describe('dashboard signed in with the admin key', () => {
  test('exact everywhere: free dates, realtime, no "≈"', async () => {
    await signIn(server.keys.admin);
    await viewReady('city', '.timeseries table');
    expect(await page.locator('input[name="from"]').count()).toBe(1);
    await page.waitForSelector('[data-kpi="realtime"]');
    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    expect(await page.locator('input[name="from"]').count()).toBe(1);
    expect(await page.locator('select[name="calendar"]').count()).toBe(0);
    expect(await page.locator('main [data-perturbed], .noise-note').count()).toBe(0);
    const r = await server.api<ComparisonReport>(`/v1/services/${WOHNSITZ}/comparison`, server.keys.admin);
    expect(r.disclosure.perturbed).toBe(false);
    expect(await text('[data-period]')).toBe(`${day(r.period.from)} bis ${day(r.period.to)}`);
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.service-comparison table');
    expect(await text('[data-comparison-intro]')).toBe('Derselbe Zeitraum wie oben; alle Werte genau.');
    expect(await page.locator('main [data-perturbed]').count()).toBe(0);
    await expectAccessible(page);
  });
});

describe('the page on what others can learn', () => {
  test('linked from the footer, states the parameters of /v1/me, in German and English', async () => {
    await signIn(server.keys.giessen);
    await viewReady('city', '.timeseries table');
    await page.click('footer a[data-guarantee]');
    await page.waitForSelector('article.guarantee');
    expect(await text('h1')).toBe('Was andere über Ihre Stadt erfahren können');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    await expect(page.title()).resolves.toBe('Was andere über Ihre Stadt erfahren können – godonu');
    expect(await page.locator('nav a[aria-current="page"]').count()).toBe(0);

    const me = await server.api<{ disclosure: Record<string, unknown> }>('/v1/me', server.keys.giessen);
    expect(me.disclosure).toEqual({
      k: 10,
      epsilonPerCell: 0.5,
      noise: 'discrete Laplace',
      noiseScale: 2,
      noiseStandardDeviation: 2.8,
      periods: 'ISO week, month, quarter, year; closed',
    });
    expect(await rows('.guarantee-values')).toEqual([
      ['k: kleinster veröffentlichter Wert', '10'],
      ['ε je Zelle', '0,5'],
      ['Rauschen', 'diskrete Laplace-Verteilung'],
      ['Skala des Rauschens (1/ε)', '2'],
      ['Standardabweichung des Rauschens', '2,8'],
      ['Zeiträume', 'ISO-Woche, Monat, Quartal, Jahr; nur abgeschlossene'],
      ['Höchster Verlust je Größe und Besuchstag', '4ε = 2'],
    ]);
    expect(await page.$$eval('.guarantee h2', (hs) => hs.map((x) => x.textContent))).toEqual([
      'Wer was sieht',
      'Die veröffentlichbare Form',
      'Wie viel ein einzelner Besuchstag preisgeben kann',
      'Was dieser Schutz nicht abdeckt',
      'Geltende Werte',
    ]);
    const body = await text('article.guarantee');
    for (const sentence of [
      'Ihre Stadt (das Stadt-Team mit seinem Schlüssel) und die Administration sehen genaue Zahlen',
      'eine ISO-Kalenderwoche, ein Monat, ein Quartal oder ein Jahr, die vor dem heutigen Tag (Zeitzone Europe/Berlin) geendet haben',
      'diskrete Laplace-Verteilung, Skala 2, Standardabweichung etwa 2,8',
      'Dieselbe Frage ergibt daher immer dieselbe Antwort',
      'verschiedene Zellen haben voneinander unabhängiges Rauschen',
      'Eine Zahl erscheint nur, wenn ihr wahrer und ihr verrauschter Wert mindestens k = 10 betragen; sonst steht dort „weniger als 10“.',
      'zu einer Zeile „Sonstige (zusammengefasst)“ zusammengefasst',
      'Die Echtzeit-Anzeige gibt es nur für die eigene Stadt und die Administration.',
      'ohne Namen, ohne Anzahlen und ohne Werte je 1.000 Einwohner:innen',
      'von höchstens ε = 0,5 je gezähltem Beitrag',
      'Ein Besuchstag steckt daher in höchstens 4 veröffentlichten Zellen je gezählter Größe; der Datenschutzverlust je Größe und Besuchstag beträgt höchstens 4ε = 2.',
      'sind je Ereignis geschützt, nicht je Person',
      'Der Unterschied zwischen alter und neuer Antwort ist dann genau der Unterschied der wahren Zahlen.',
      'Dauern werden gerundet, nicht verrauscht.',
      'Bearbeitungszeiten werden auf 10 Sekunden gerundet',
      'Ihre Mediane werden auf 10 Sekunden und 10 Prozentpunkte gerundet',
    ])
      expect(body).toContain(sentence);
    await shot('guarantee');
    await expectAccessible(page);

    await page.click('#lang-switch');
    expect(await text('h1')).toBe('What others can learn about your city');
    expect((await rows('.guarantee-values'))[1]).toEqual(['ε per cell', '0.5']);
    expect(await text('article.guarantee')).toContain(
      'the privacy loss per quantity and visitor-day is at most 4ε = 2.',
    );
    await shot('guarantee-english');
    await expectAccessible(page);
    await page.click('#lang-switch');

    // Signed out the page is still there, with the parameters' symbols.
    await page.click('#sign-out');
    await page.waitForSelector('#api-key');
    await page.click('footer a[data-guarantee]');
    await page.waitForSelector('article.guarantee');
    expect(await text('.guarantee-section .note')).toBe(
      'Die geltenden Werte von k und ε zeigt diese Seite nach der Anmeldung.',
    );
    expect(await text('article.guarantee')).toContain(
      'mindestens k betragen; sonst steht dort „weniger als k“.',
    );
    await expectAccessible(page);
    await page.click('a[data-back]');
    await page.waitForSelector('#api-key');
  });
});

describe('keyboard only', () => {
  async function tabTo(selector: string, max = 60, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached ${selector}`);
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

  test('skip link, sign-in, views, selection, calendar periods, the table toggle and the guarantee page without a mouse', async () => {
    await page.goto(server.baseUrl);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');
    expect(await focusVisible()).toBe(true);
    await tabTo('#api-key');
    await page.keyboard.type(server.keys.giessen);
    await page.keyboard.press('Enter');
    await viewReady('city', '.timeseries table');
    // After signing in the focus is on the view's title, where a screen reader starts reading.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');

    await tabTo('nav a[data-view="service"]');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await viewReady('service', '.funnel-panel table');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');

    await tabTo('select[name="funnelInterval"]');
    await page.keyboard.press('ArrowUp'); // Wochen → Tage
    await tabTo('.filters button[type="submit"]');
    await page.keyboard.press('Enter');
    await viewReady('service', '.completion-panel table');
    // Applying keeps the focus on the form, and the series is now by day.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Anzeigen');
    const buckets = (await rows('.completion-panel table')).map((r) => r[0]);
    expect(buckets).toHaveLength(30);
    expect(buckets[0]).toBe('2. März 2025');

    await tabTo('.funnel-panel .table-toggle');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('.funnel-panel .chart-table', 'class')).toBe('chart-table');
    expect(await page.getAttribute('.funnel-panel .table-toggle', 'aria-pressed')).toBe('true');
    await shot('service-giessen-keyboard');
    await expectAccessible(page);

    // A calendar period by keyboard: the kind first, then which one.
    await tabTo('nav a[data-view="comparison"]', 60, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await viewReady('comparison', '.matrix-panel table');
    await tabTo('select[name="calendarLevel"]');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('ArrowUp'); // Monat → Woche
    expect((await optionTexts('select[name="calendar"]'))[0]).toBe('KW 13/2025 (24.03.–30.03.)');
    await tabTo('select[name="calendar"]');
    await page.keyboard.press('ArrowDown'); // KW 13 → KW 12
    await tabTo('.filters button[type="submit"]');
    await page.keyboard.press('Enter');
    await viewReady('comparison', '.matrix-panel table');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Anzeigen');
    expect(await text('[data-calendar]')).toBe('KW 12/2025 (17.03.–23.03.)');
    expect(requests.at(-1)).toMatch(/period=2025-W12/);

    // The footer's link to the guarantee, and back.
    await tabTo('footer a[data-guarantee]', 200);
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('article.guarantee');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    await tabTo('a[data-back]');
    await page.keyboard.press('Enter');
    await viewReady('city', '.timeseries table');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
  });
});

describe('small screens', () => {
  test('every view and the guarantee page reflow to 320 CSS px without scrolling sideways (WCAG 1.4.10)', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await signIn(server.keys.giessen);
      for (const [view, panel] of [
        ['city', '.timeseries table'],
        ['service', '.service-comparison table'],
        ['comparison', '.comparison-chart'],
      ] as const) {
        // Views draw their charts for the width they find, so each is opened at the small width.
        await page.click(`nav a[data-view="${view}"]`);
        await viewReady(view, panel);
        await expectFits320(page);
        await shot(`${view}-giessen-320px`);
      }
      await page.click('footer a[data-guarantee]');
      await page.waitForSelector('article.guarantee');
      await expectFits320(page);
      await shot('guarantee-320px');

      await signIn(server.keys.consortium);
      for (const [view, panel] of [
        ['comparison', '.comparison-chart'],
        ['city', '.timeseries table'],
        ['service', '.service-comparison table'],
      ] as const) {
        await page.click(`nav a[data-view="${view}"]`);
        await viewReady(view, panel);
        await expectFits320(page);
        await shot(`${view}-consortium-320px`);
      }
      await expectAccessible(page);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
