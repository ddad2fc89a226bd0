/*
 * The dashboard in real headless Chromium against the real api and ClickHouse: sign in with a city key and a
 * consortium key, open every view, and compare what the page shows with the API's JSON for the same request,
 * formatted here independently (German, Intl de-DE). Also: suppressed cells read "weniger als 10", axe-core finds
 * no serious or critical violation, the main flow works with the keyboard alone, the key is stored nowhere, and
 * CSV downloads are the API's CSV. Screenshots of each view go to tests/artifacts/dashboard/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { REPO_ROOT } from '../src/config.ts';
import type { CityReport } from '../src/reports/city-report.ts';
import type { CellStatus } from '../src/reports/common.schema.ts';
import type { ComparisonReport } from '../src/reports/comparison.ts';
import type { FunnelReport } from '../src/reports/funnel.ts';
import type { MatrixReport } from '../src/reports/matrix.ts';
import type { RealtimeReport } from '../src/reports/realtime.ts';
import { type DashboardServer, DEMO_K, startDashboardServer } from './dashboard.harness.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const WOHNSITZ = '99115001000000';

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
const seconds = (n: number) => {
  const s = Math.round(n);
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
};
const day = (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`));

/** What a cell reads for a value with its status (textContent, screen-reader text included). */
function cellText(value: number | null, status: CellStatus, format: (n: number) => string): string {
  if (status === 'below_k' && value !== null) return `${format(value)} (für andere: weniger als ${DEMO_K})`;
  if (status === 'ok' && value !== null) return format(value);
  if (status === 'below_k') return `weniger als ${DEMO_K}`;
  if (status === 'complementary') return 'ausgeblendet';
  if (status === 'withheld') return 'nicht genannt';
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

let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
let axeSource: string;

async function rows(selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function text(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
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

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function axeViolations(): Promise<{ id: string; impact: string | null; nodes: string[] }[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    interface AxeResult {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    }
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

async function expectAccessible(): Promise<void> {
  const violations = await axeViolations();
  // The requirement is "no serious or critical"; the views have none of any impact, and should keep it so.
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  expect(violations).toEqual([]);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  const require = createRequire(import.meta.url);
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  server = await startDashboardServer(inject('clickhouseUrl'));
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard signed in with the Gießen city key', () => {
  test('sign-in rejects an unknown key, then opens the city view with the API’s numbers', async () => {
    await page.goto(server.baseUrl);
    await expect(page.title()).resolves.toBe('Anmelden – godonu');
    await shot('sign-in');
    await expectAccessible();
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
    expect(await text('[data-period]')).toBe(`${day(report.period.from)} bis ${day(report.period.to)}`);
    expect(await page.inputValue('input[name="from"]')).toBe(
      report.period.from.split('-').reverse().join('.'),
    );

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
    await shot('city-giessen');
    await expectAccessible();
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

  test('service view: funnel, completion series, error hot spots and satisfaction equal the API', async () => {
    await signIn(server.keys.giessen);
    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.completion-panel table');
    const r = await server.api<FunnelReport>(
      `/v1/cities/giessen/services/${WOHNSITZ}/funnel?interval=week&limit=10`,
      server.keys.giessen,
    );
    expect(await text('h1')).toBe('Wohnsitz anmelden in Gießen');
    expect(await text('[data-kpi="completionRate"] [data-value]')).toBe(
      rate(r.completionRate.value as number),
    );
    expect(await text('[data-kpi="startRate"] [data-value]')).toBe(rate(r.startRate.value as number));
    expect(await text('[data-kpi="medianTime"] [data-value]')).toBe(
      seconds(r.timeToComplete.medianSec as number),
    );
    expect(await text('[data-kpi="errorRate"] [data-value]')).toBe(rate(r.errors.errorRate as number));
    expect(await text('[data-kpi="satisfaction"] [data-value]')).toBe(
      twoDecimals.format(r.satisfaction.average as number),
    );

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
        count(f.step),
        count(f.visitors as number),
        count(f.errors as number),
      ]),
    );
    const ratings = [...r.satisfaction.distribution].sort((a, b) => b.score - a.score);
    expect(await rows('.satisfaction-panel table')).toEqual(
      ratings.map((d) => [`${d.score} von 5`, rate(d.share as number), count(d.ratings as number)]),
    );
    await shot('service-giessen');
    await expectAccessible();
  });

  test('comparison view: own city highlighted, a small cell reads "weniger als 10", the matrix equals the API', async () => {
    // A service in which some other city falls below k on completions (the generated data has one).
    const matrix = await server.api<MatrixReport>(
      '/v1/comparison/matrix?metric=completions',
      server.keys.giessen,
    );
    const row = matrix.rows.find((r) => r.cells.some((c) => c.status === 'below_k'));
    expect(row).toBeDefined();
    const service = row?.service.key as string;

    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    await page.selectOption('select[name="service"]', service);
    await page.selectOption('select[name="metric"]', 'completions');
    await page.click('.filters button[type="submit"]');
    await viewReady('comparison', '.comparison-panel .chart table');
    const r = await server.api<ComparisonReport>(`/v1/services/${service}/comparison`, server.keys.giessen);
    const m = await server.api<MatrixReport>('/v1/comparison/matrix?metric=completions', server.keys.giessen);

    const name = (c: ComparisonReport['cities'][number]['city']) =>
      c.own ? `${c.name} (eigene Stadt)` : (c.name ?? `Vergleichsstadt ${c.peer}`);
    const expected = r.cities.map((c) => {
      const cell = c.metrics.completions;
      return [
        name(c.city),
        cellText(cell.value, cell.status, count),
        cellText(cell.per1000, cell.status === 'withheld' ? 'ok' : cell.status, (n) => twoDecimals.format(n)),
        cell.rank === null ? '–' : count(cell.rank),
      ];
    });
    expect(await rows('.comparison-panel .chart table')).toEqual(expected);
    const suppressed = expected.filter((e) => e[2] === `weniger als ${DEMO_K}`);
    expect(suppressed.length).toBeGreaterThan(0);
    // The chart itself says it in words, too, and never draws a bar of 0 for it.
    const chartTexts = await page.$$eval('.comparison-chart text.suppressed', (els) =>
      els.map((e) => e.textContent),
    );
    expect(chartTexts).toEqual(suppressed.map(() => `weniger als ${DEMO_K}`));
    expect(await page.locator('.comparison-chart text.bar-label.own').allTextContents()).toEqual([
      'Gießen (eigene Stadt)',
    ]);
    expect(await page.locator('.comparison-chart rect.bar.own').count()).toBe(1);

    const summary = r.metrics.find((x) => x.metric === 'completions');
    const two = (n: number | null | undefined) => twoDecimals.format(n as number);
    expect(await text('[data-stats]')).toBe(
      `Median ${two(summary?.median)}, mittlere Hälfte der Städte ${two(summary?.q1)} bis ${two(summary?.q3)} · ${summary?.n} Städte mit ausreichend Daten`,
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
        ...r.cells.map((c) => cellText(c.per1000, c.status === 'withheld' ? 'ok' : c.status, two)),
        r.median === null ? '–' : two(r.median),
      ]),
    );
    await shot('comparison-giessen');
    await expectAccessible();
  });

  test('CSV download hands over the API’s CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.matrix-panel .csv-button'),
    ]);
    const from = await page.inputValue('input[name="from"]');
    const to = await page.inputValue('input[name="to"]');
    const iso = (d: string) => d.split('.').reverse().join('-');
    const res = await fetch(
      `${server.baseUrl}/v1/comparison/matrix?metric=completions&from=${iso(from)}&to=${iso(to)}&format=csv`,
      { headers: { authorization: `Bearer ${server.keys.giessen}` } },
    );
    expect(download.suggestedFilename()).toBe(`matrix-completions-${iso(from)}-${iso(to)}.csv`);
    // Bytes, not text: the API's CSV starts with a BOM (for spreadsheet programs) that text decoding drops.
    const api = Buffer.from(await res.arrayBuffer());
    expect((await readFile(await download.path())).equals(api)).toBe(true);
    expect(api.toString('utf8')).toContain('service,name,median');
  });
});

describe('dashboard signed in with the consortium key', () => {
  test('opens on the comparison; per-capita toggle; published city view hides small cells', async () => {
    await signIn(server.keys.consortium);
    await viewReady('comparison', '.comparison-panel .chart table');
    expect(await text('.account')).toBe('Angemeldet als Programmleitung');
    await page.selectOption('select[name="metric"]', 'viewers');
    await page.click('.filters button[type="submit"]');
    await viewReady('comparison', '.comparison-panel .chart table');
    const r = await server.api<ComparisonReport>(
      `/v1/services/${WOHNSITZ}/comparison`,
      server.keys.consortium,
    );
    // Nobody is "own" for the consortium; the city that opted out is an anonymous peer with rates only.
    expect(await page.locator('.comparison-chart .own').count()).toBe(0);
    const peer = r.cities.find((c) => c.city.peer !== null);
    expect(peer?.city.name).toBeNull();
    expect(await page.locator('.comparison-chart text.bar-label').allTextContents()).toContain(
      'Vergleichsstadt 1',
    );
    const median = r.metrics.find((x) => x.metric === 'viewers')?.median as number;
    expect(await text('[data-stats]')).toContain(`Median ${twoDecimals.format(median)}`);
    await shot('comparison-consortium-per-capita');

    // Absolute counts: the band (per capita by definition) gives way to a note; the peer's count is withheld.
    await page.uncheck('.comparison-panel input[type="checkbox"]');
    expect(await page.locator('.comparison-chart .median').count()).toBe(0);
    const bars = await page.$$eval('.comparison-chart text.bar-value', (els) =>
      els.map((e) => e.textContent),
    );
    expect(bars).toContain('nicht genannt');
    await shot('comparison-consortium-absolute');
    await expectAccessible();

    // The consortium reads named cities' reports in the publishable form.
    await page.click('nav a[data-view="city"]');
    await viewReady('city', '.timeseries table');
    const first = await page.inputValue('select[name="city"]');
    const report = await server.api<CityReport>(
      `/v1/cities/${first}/report?limit=10`,
      server.keys.consortium,
    );
    expect(report.access).toBe('published');
    expect(await text('.period-line .note')).toBe(
      `Veröffentlichbare Sicht: Zellen aus weniger als ${DEMO_K} Besuchenden sind ausgeblendet.`,
    );
    expect(await rows('.pages table')).toEqual(
      report.pages.map((p) => [
        p.path,
        cellText(p.pageviews, p.status, count),
        cellText(p.visitors, p.status, count),
      ]),
    );
    const cityOptions = await page.$$eval('select[name="city"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(cityOptions).not.toContain('limburg');
    await shot('city-consortium');

    await page.click('nav a[data-view="service"]');
    await viewReady('service', '.errors-panel');
    const funnel = await server.api<FunnelReport>(
      `/v1/cities/${first}/services/${WOHNSITZ}/funnel?interval=week&limit=10`,
      server.keys.consortium,
    );
    expect(await rows('.satisfaction-panel table')).toEqual(
      [...funnel.satisfaction.distribution]
        .sort((a, b) => b.score - a.score)
        .map((d) => [
          `${d.score} von 5`,
          cellText(d.share, d.status, rate),
          cellText(d.ratings, d.status, count),
        ]),
    );
    await shot('service-consortium');
    await expectAccessible();
  });

  test('English switch: texts in English, numbers in English format, then back', async () => {
    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('nav a[data-view="comparison"]')).toBe('Comparison');
    await page.click('nav a[data-view="comparison"]');
    await viewReady('comparison', '.matrix-panel table');
    expect(await text('h1')).toBe('City comparison: Register a new address');
    expect(await page.locator('.heat-legend').textContent()).toContain('fewer than 10');
    const m = await server.api<MatrixReport>('/v1/comparison/matrix?metric=viewers', server.keys.consortium);
    const en = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const first = m.rows[0];
    expect((await rows('.heat-table'))[0]).toEqual([
      first?.service.name?.en,
      ...(first?.cells ?? []).map((c) => (c.per1000 === null ? 'fewer than 10' : en.format(c.per1000))),
      en.format(first?.median as number),
    ]);
    await shot('comparison-consortium-english');
    await expectAccessible();
    await page.click('#lang-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lang-switch');
  });
});

describe('keyboard only', () => {
  async function tabTo(selector: string, max = 40): Promise<void> {
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

  test('skip link, sign-in, views, selection and the table toggle work without a mouse', async () => {
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
    await expectAccessible();
  });
});

describe('small screens', () => {
  test('every view reflows to 320 CSS px without scrolling sideways (WCAG 1.4.10)', async () => {
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      for (const [view, panel] of [
        ['city', '.timeseries table'],
        ['service', '.completion-panel table'],
        ['comparison', '.comparison-chart'],
      ] as const) {
        // Views draw their charts for the width they find, so each is opened at the small width.
        await page.click(`nav a[data-view="${view}"]`);
        await viewReady(view, panel);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
      }
      await shot('comparison-giessen-320px');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
