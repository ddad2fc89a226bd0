/*
 * The dashboard (served by the api at `/`) as a city team uses it: sign in with the key, read the city view, the
 * service view (with its comparison panel) and the comparison, and take a screenshot of each. Returns the texts as
 * displayed (textContent, screen-reader texts included), for the test to compare with the hand-computed numbers.
 */
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';

type Page = TestBrowser['page'];

export interface DashboardTexts {
  heading: string;
  kpis: Record<string, string>;
  /** [path, page views, visitors] */
  pages: string[][];
  /** [channel, share, visits] */
  channels: string[][];
  /** [device, share, visits] */
  devices: string[][];
  /** [file, downloads, visitors] and [host, clicks, visitors] */
  downloads: string[][];
  outbound: string[][];
  /** [page, visitors, median, share per bucket] of visible time, and of scroll depth */
  engagementVisible: string[][];
  engagementScroll: string[][];
  /** The same of the service view (the service's pages) */
  serviceDownloads: string[][];
  serviceOutbound: string[][];
  serviceEngagementVisible: string[][];
  serviceHeading: string;
  serviceKpis: Record<string, string>;
  /** [stage, visitors, share of viewers, drop-off, drop-off rate] */
  funnel: string[][];
  /** Column heads, then [score, share of ratings, ratings] */
  satisfaction: string[][];
  /** The service view's comparison with the other cities: its introduction, ... */
  serviceComparisonIntro: string;
  /** ... then per metric [metric, the own city's figure, median, middle half, rank] */
  serviceComparison: string[][];
  /** The comparison view's calendar period and its note on exact and perturbed numbers */
  comparisonPeriod: string;
  comparisonNote: string;
  /** Completion rate per city: [city, value, rank] */
  comparison: string[][];
  comparisonStats: string;
}

const CITY_KPIS = ['visitors', 'visits', 'pageviews', 'bounceRate', 'realtime'] as const;
const SERVICE_KPIS = ['startRate', 'completionRate', 'medianTime', 'errorRate', 'satisfaction'] as const;

async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function rows(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
  );
}

async function kpis(page: Page, ids: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = await text(page, `[data-kpi="${id}"] [data-value]`);
  return out;
}

/** The view is shown, its data loaded and its charts (drawn on the next frame) in place. */
async function viewReady(page: Page, view: string, panel: string): Promise<void> {
  await page.waitForSelector(`nav a[data-view="${view}"][aria-current="page"]`);
  await page.waitForSelector(`.results:not([aria-busy]) ${panel}`);
}

async function select(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values))
    await page.selectOption(`select[name="${name}"]`, value);
  await page.click('.filters button[type="submit"]');
}

export async function readDashboard(opts: {
  baseUrl: string;
  key: string;
  service: string;
  shots: string;
}): Promise<DashboardTexts> {
  const browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  const page = browser.page;
  page.setDefaultTimeout(15_000);
  const shot = (name: string) =>
    page.screenshot({ path: path.join(opts.shots, `${name}.png`), fullPage: true });
  try {
    await page.goto(opts.baseUrl);
    await page.fill('#api-key', opts.key);
    await page.click('.sign-in-form button[type="submit"]');
    await viewReady(page, 'city', '.timeseries table');
    // The realtime counter loads after the view.
    await page.waitForFunction(
      () => document.querySelector('[data-kpi="realtime"] [data-value]')?.textContent !== '…',
    );
    const city = {
      heading: await text(page, 'h1'),
      kpis: await kpis(page, CITY_KPIS),
      pages: await rows(page, '.pages table'),
      channels: await rows(page, '.breakdown-channels table'),
      devices: await rows(page, '.breakdown-devices table'),
      downloads: await rows(page, '.downloads-panel table'),
      outbound: await rows(page, '.outbound-panel table'),
      engagementVisible: await rows(page, '.engagement-panel .engagement-visibleTime'),
      engagementScroll: await rows(page, '.engagement-panel .engagement-scrollDepth'),
    };
    await shot('dashboard-city-giessen');

    await page.click('nav a[data-view="service"]');
    await viewReady(page, 'service', '.completion-panel table');
    await select(page, { service: opts.service });
    await viewReady(page, 'service', '.completion-panel table');
    const service = {
      serviceHeading: await text(page, 'h1'),
      serviceKpis: await kpis(page, SERVICE_KPIS),
      funnel: await rows(page, '.funnel-panel table'),
      satisfaction: [
        await page.$$eval('.satisfaction-panel thead th', (ths) =>
          ths.map((th) => (th.textContent ?? '').trim()),
        ),
        ...(await rows(page, '.satisfaction-panel table')),
      ],
      serviceComparisonIntro: await text(page, '.service-comparison [data-comparison-intro]'),
      serviceComparison: await rows(page, '.service-comparison table'),
      serviceDownloads: await rows(page, '.downloads-panel table'),
      serviceOutbound: await rows(page, '.outbound-panel table'),
      serviceEngagementVisible: await rows(page, '.engagement-panel .engagement-visibleTime'),
    };
    await shot('dashboard-service-giessen');

    await page.click('nav a[data-view="comparison"]');
    await viewReady(page, 'comparison', '.matrix-panel table');
    await select(page, { service: opts.service, metric: 'completionRate' });
    await viewReady(page, 'comparison', '.comparison-panel .chart table');
    const comparison = {
      comparisonPeriod: await text(page, '.period-line [data-calendar]'),
      comparisonNote: await text(page, '.noise-note'),
      comparison: await rows(page, '.comparison-panel .chart table'),
      comparisonStats: await text(page, '[data-stats]'),
    };
    await shot('dashboard-comparison-giessen');
    return { ...city, ...service, ...comparison };
  } finally {
    await browser.close();
  }
}
