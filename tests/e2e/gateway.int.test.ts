/*
 * End to end for the EU Single Digital Gateway and the federal transaction counts (api/README.md "Statutory
 * statistics"): citizens in real headless Chromium on the demo portals of Gießen and Marburg (both with gateway
 * pages) and Fulda (none), on desktops, phones and a tablet, coming from several countries: each browser reaches
 * the collector through a reverse proxy on the loopback (country-proxy.ts) that sets X-Forwarded-For to an
 * address of the citizen's country, which the collector trusts from the loopback and looks up. Ratings are given in
 * the SDK's feedback widget on an information page, after a submission and on leaving a started form. The month's
 * SDG statistics, feedback and ZSK counts equal the numbers below, worked out by hand; `sdg send` delivers them to
 * a stub of the Commission's API, and sending again is a correction under the same identifier. The privacy scan
 * then finds none of the addresses anywhere.
 *
 *   citizen  country (address)        device   journey
 *   Anna     DE 193.99.144.80          desktop  Gießen: service page, rates it (Ja, 5) → form steps 1–3 → confirmation,
 *                                              rates it (4); Marburg: start page → service page → form → confirmation (5)
 *   Clara    AT 194.232.104.150        phone    Gießen: service page → step 1, types, "Feedback geben" (Nein, 2), leaves;
 *                                              Marburg: service page, rates it (Ja, 4)
 *   Tom      US 8.8.8.8                tablet   Gießen: service page, rates it (Teilweise, 3)
 *   Lena     ZZ 10.1.2.3 (private)     phone    Gießen: service page, leaves
 *   Marc     FR 212.27.40.240          desktop  Gießen: step 1, types, leaves through the top: the widget floats in
 *                                              (Teilweise, 1); Fulda: completes the form (no gateway pages there)
 *
 * Gateway configuration of the test: Gießen and Marburg list their service page as an information page and the
 * dog-tax service (its form steps and confirmation) as procedure pages, reported under the first portal host.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@godonu/infra';
import type { TestBrowser } from '@godonu/infra/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyEventsBack, daysBackToMidMonth } from '../hostile/city-traffic.ts';
import { calendarPeriod, latestClosed, reportDay } from '../support/disclosure.ts';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import { type SdgApiStub, startSdgApiStub } from '../support/sdg-api.stub.ts';
import { apiGet } from './api-answers.ts';
import { type CityPortals, reservePortals, startPortals } from './city-portals.ts';
import { type CountryProxy, startCountryProxy } from './country-proxy.ts';
import { HUNDESTEUER } from './expected.ts';
import {
  ANNA,
  type Citizen,
  CLARA,
  completeForm,
  FORM,
  openBrowser,
  rate,
  SERVICE_PAGE,
} from './journeys.ts';
import { readClickHouse, readKafka, scanText } from './privacy-scan.ts';

const TOM: Citizen = {
  name: 'Tom',
  userAgent:
    'Mozilla/5.0 (iPad; CPU OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1',
  viewport: { width: 820, height: 1180 },
};
const LENA: Citizen = {
  name: 'Lena',
  userAgent:
    'Mozilla/5.0 (Linux; Android 16; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  viewport: { width: 412, height: 915 },
};
const MARC: Citizen = {
  name: 'Marc',
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0',
  viewport: { width: 1440, height: 900 },
};
/** Each citizen's address, as the proxy reports it; countries as the shipped data set has them. */
const ADDRESSES = new Map([
  [ANNA.userAgent, '193.99.144.80'],
  [CLARA.userAgent, '194.232.104.150'],
  [TOM.userAgent, '8.8.8.8'],
  [LENA.userAgent, '10.1.2.3'],
  [MARC.userAgent, '212.27.40.240'],
]);
const SDG_KEY = 'gateway e2e: the provider key of the test';
const K = 5;
const ARRIVAL_DEADLINE_MS = 30_000;

let pipeline: Pipeline;
let proxy: CountryProxy;
let portals: CityPortals;
let stub: SdgApiStub;
let keys: Record<'giessen' | 'marburg' | 'fulda', string>;
let sitesDir: string;
const browsers: TestBrowser[] = [];

const api = <T>(pathAndQuery: string, key: string) => apiGet<T>(pipeline.services.api.url, pathAndQuery, key);

beforeAll(async () => {
  execFileSync('pnpm', ['--filter', '@godonu/sdk', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const reserved = await reservePortals();
  pipeline = await startPipeline({
    sites: (sites) => {
      reserved.configure(sites);
      for (const city of sites.cities) {
        if (city.key === 'giessen' || city.key === 'marburg') {
          city.sdg = {
            pages: [
              {
                url: `http://${city.key}.localhost:${reserved.ports[city.key]}${SERVICE_PAGE}`,
                category: 'information',
              },
            ],
            services: [HUNDESTEUER],
          };
        } else delete city.sdg;
      }
    },
    env: {
      collector: { COLLECTOR_TRUST_PROXY: '1' },
      api: {
        K_ANONYMITY: String(K),
        DISCLOSURE_SECRET: 'gateway e2e: a fixed disclosure secret of the test',
      },
    },
  });
  proxy = await startCountryProxy(pipeline.services.collector.url, (ua) => ADDRESSES.get(ua));
  portals = await startPortals(reserved.ports, proxy.origin);
  keys = {
    giessen: await pipeline.apiKey('city', 'giessen'),
    marburg: await pipeline.apiKey('city', 'marburg'),
    fulda: await pipeline.apiKey('city', 'fulda'),
  };
  stub = await startSdgApiStub(SDG_KEY);
  sitesDir = mkdtempSync(path.join(tmpdir(), 'godonu-gateway-'));
  writeFileSync(path.join(sitesDir, 'sites.json'), JSON.stringify(pipeline.sites));
}, 180_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portals?.close();
  await proxy?.close();
  await stub?.close();
  await pipeline?.stop();
  if (sitesDir) rmSync(sitesDir, { recursive: true, force: true });
});

type Page = TestBrowser['page'];

/** Opens a page and waits until the script sent its view (journeys.ts does the same for its journeys). */
async function open(page: Page, url: string): Promise<void> {
  const sent = page.waitForRequest(
    (r) =>
      r.method() === 'POST' && r.url().endsWith('/v1/events') && (r.postData() ?? '').includes(`"${url}"`),
  );
  await page.goto(url);
  await sent;
}

async function browser(citizen: Citizen): Promise<TestBrowser> {
  const b = await openBrowser(citizen);
  browsers.push(b);
  return b;
}

async function leave(page: Page): Promise<void> {
  await page.close({ runBeforeUnload: true });
}

async function rowCount(): Promise<number> {
  const rows = await (
    await pipeline.clickhouse.query({
      query: "SELECT count() AS n FROM events WHERE event_type != 'engagement'",
      format: 'JSONEachRow',
    })
  ).json<{ n: string }>();
  return Number(rows[0]?.n ?? 0);
}

const STATISTICS = (origin: string, host: string) => [
  {
    source: {
      sourceUrl: `${origin}${SERVICE_PAGE}`,
      statistics: [
        { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'AT' },
        { deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' },
        { deviceType: 'Tablet', nbVisits: 1, originatingCountry: 'US' },
        { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'ZZ' },
      ],
    },
  },
  ...['bestaetigung', 'schritt-1', 'schritt-2', 'schritt-3'].map((step) => ({
    source: {
      sourceUrl: `https://${host}${FORM}/${step}`,
      statistics:
        step === 'schritt-1'
          ? [
              { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'AT' },
              { deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' },
              { deviceType: 'PC', nbVisits: 1, originatingCountry: 'FR' },
            ]
          : [{ deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' }],
    },
  })),
];

describe('gateway pages of Gießen and Marburg', () => {
  it('citizens from several countries and devices visit, submit, abandon and rate in Chromium', async () => {
    const { giessen, marburg, fulda } = portals.portals;
    const [anna, clara, tom, lena, marc] = [
      await browser(ANNA),
      await browser(CLARA),
      await browser(TOM),
      await browser(LENA),
      await browser(MARC),
    ];

    // Anna in Gießen: the information page and its widget, then the whole form, rated after submitting.
    let page = await anna.context.newPage();
    await open(page, `${giessen.origin}${SERVICE_PAGE}`);
    await rate(page, { found: 'yes', score: 5 });
    await page.click('#online-beantragen');
    await page.waitForURL(`**${FORM}/schritt-1`);
    await page.fill('#vorname', 'Erika');
    await page.fill('#nachname', 'Musterfrau');
    await page.click('#weiter');
    await page.waitForURL(`**${FORM}/schritt-2`);
    await page.selectOption('#rasse', 'Dackel');
    await page.fill('#plz', '35390');
    await page.click('#weiter');
    await page.waitForURL(`**${FORM}/schritt-3`);
    await page.check('#richtig');
    await page.click('#absenden');
    await page.waitForURL(`**${FORM}/bestaetigung`);
    await rate(page, { score: 4 });
    await leave(page);
    // … and in Marburg, the journey of the three-cities test, rated 5 after submitting.
    await completeForm(anna, marburg.origin, 5);

    // Clara starts Gießen's form on her phone and answers through the widget's button before she goes.
    page = await clara.context.newPage();
    await open(page, `${giessen.origin}${SERVICE_PAGE}`);
    await page.click('#online-beantragen');
    await page.waitForURL(`**${FORM}/schritt-1`);
    await page.fill('#vorname', 'Erika');
    const widget = page.locator('[data-godonu-feedback]');
    await widget.getByRole('button', { name: 'Feedback geben' }).click();
    await rate(page, { found: 'no', score: 2 });
    await leave(page);
    page = await clara.context.newPage();
    await open(page, `${marburg.origin}${SERVICE_PAGE}`);
    await rate(page, { found: 'yes', score: 4 });
    await leave(page);

    page = await tom.context.newPage();
    await open(page, `${giessen.origin}${SERVICE_PAGE}`);
    await rate(page, { found: 'partly', score: 3 });
    await leave(page);

    page = await lena.context.newPage();
    await open(page, `${giessen.origin}${SERVICE_PAGE}`);
    await leave(page);

    // Marc types into step 1 and heads for the tabs: the widget floats in once.
    page = await marc.context.newPage();
    await open(page, `${giessen.origin}${FORM}/schritt-1`);
    await page.fill('#vorname', 'Erika');
    await page.mouse.move(300, 200);
    await page.mouse.move(300, 20, { steps: 4 });
    await page.mouse.move(300, -10);
    await page.locator('[data-godonu-feedback] section').waitFor({ state: 'visible' });
    await rate(page, { found: 'partly', score: 1 });
    await leave(page);
    await completeForm(marc, fulda.origin, 3);

    // The browsers stay open until every event arrived: until the stored count stops growing.
    const t0 = Date.now();
    let last = -1;
    let stable = 0;
    while (Date.now() - t0 < ARRIVAL_DEADLINE_MS && stable < 4) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const n = await rowCount();
      stable = n === last ? stable + 1 : 0;
      last = n;
    }
    for (const b of browsers.splice(0)) await b.close();
    const ratings = await (
      await pipeline.clickhouse.query({
        query: `SELECT site, score, found, feedback_context AS context, country, device FROM events
                WHERE event_type = 'rating' ORDER BY site, score`,
        format: 'JSONEachRow',
      })
    ).json();
    expect(ratings).toEqual([
      { site: 'fulda', score: 3, found: '', context: 'submitted', country: 'FR', device: 'desktop' },
      { site: 'giessen', score: 1, found: 'partly', context: 'abandoned', country: 'FR', device: 'desktop' },
      { site: 'giessen', score: 2, found: 'no', context: 'abandoned', country: 'AT', device: 'mobile' },
      { site: 'giessen', score: 3, found: 'partly', context: 'page', country: 'US', device: 'tablet' },
      { site: 'giessen', score: 4, found: '', context: 'submitted', country: 'DE', device: 'desktop' },
      { site: 'giessen', score: 5, found: 'yes', context: 'page', country: 'DE', device: 'desktop' },
      { site: 'marburg', score: 4, found: 'yes', context: 'page', country: 'AT', device: 'mobile' },
      { site: 'marburg', score: 5, found: '', context: 'submitted', country: 'DE', device: 'desktop' },
    ]);
  }, 180_000);

  it("the month's SDG statistics are the page views by country and device worked out by hand", async () => {
    const month = reportDay().slice(0, 7);
    const g = await api<{ nbEntries: number; sources: unknown[] }>(
      `/v1/cities/giessen/sdg/statistics?month=${month}`,
      keys.giessen,
    );
    expect(g.sources).toEqual(STATISTICS(portals.portals.giessen.origin, 'www.giessen.de'));
    expect(g.nbEntries).toBe(5);
    const m = await api<{ sources: unknown[] }>(
      `/v1/cities/marburg/sdg/statistics?month=${month}`,
      keys.marburg,
    );
    expect(m.sources).toEqual([
      {
        source: {
          sourceUrl: `${portals.portals.marburg.origin}${SERVICE_PAGE}`,
          statistics: [
            { deviceType: 'Mobile', nbVisits: 1, originatingCountry: 'AT' },
            { deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' },
          ],
        },
      },
      ...['bestaetigung', 'schritt-1', 'schritt-2', 'schritt-3'].map((step) => ({
        source: {
          sourceUrl: `https://www.marburg.de${FORM}/${step}`,
          statistics: [{ deviceType: 'PC', nbVisits: 1, originatingCountry: 'DE' }],
        },
      })),
    ]);
    // Fulda marks no gateway pages: nothing to report, and Gießen's team cannot read Marburg's.
    const f = await api<{ nbEntries: number }>(`/v1/cities/fulda/sdg/statistics?month=${month}`, keys.fulda);
    expect(f.nbEntries).toBe(0);
    const refused = await fetch(`${pipeline.services.api.url}/v1/cities/marburg/sdg/statistics`, {
      headers: { authorization: `Bearer ${keys.giessen}` },
    });
    expect(refused.status).toBe(403);
  });

  it('the feedback export lists each answer with its category, and the ZSK counts the confirmations', async () => {
    const month = reportDay().slice(0, 7);
    const info = `${portals.portals.giessen.origin}${SERVICE_PAGE}`;
    const step1 = `https://www.giessen.de${FORM}/schritt-1`;
    const feedback = await api<{ nbEntries: number; feedbacks: unknown[] }>(
      `/v1/cities/giessen/sdg/feedback?month=${month}`,
      keys.giessen,
    );
    expect(feedback.feedbacks).toEqual([
      { feedback: { category: 'Information', rating: 3, source: info, foundInformation: 'Partly' } },
      { feedback: { category: 'Information', rating: 5, source: info, foundInformation: 'Yes' } },
      {
        feedback: { category: 'Procedure', rating: 4, source: `https://www.giessen.de${FORM}/bestaetigung` },
      },
      { feedback: { category: 'Procedure', rating: 1, source: step1, foundInformation: 'Partly' } },
      { feedback: { category: 'Procedure', rating: 2, source: step1, foundInformation: 'No' } },
    ]);
    expect(feedback.nbEntries).toBe(5);

    for (const city of ['giessen', 'marburg', 'fulda'] as const) {
      const zsk = await api<{ rows: { leikaKey: string; transactions: number; status: string }[] }>(
        `/v1/cities/${city}/zsk?month=${month}`,
        keys[city],
      );
      expect([city, zsk.rows.map((r) => [r.leikaKey, r.transactions, r.status])]).toEqual([
        city,
        [[HUNDESTEUER, 1, 'exact']],
      ]);
    }
  });

  it('sdg send delivers the closed month to the Commission API stub, and a correction under the same identifier', async () => {
    const closed = latestClosed().month;
    await copyEventsBack(pipeline.clickhouse, daysBackToMidMonth(calendarPeriod(closed), reportDay()));
    const first = await sdgSend(['--city', 'giessen', '--month', closed, '--by', 'Digitalteam Gießen']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      `giessen ${closed} statistics (5 entries) accepted under SDG-TEST-0001`,
      `giessen ${closed} feedback (5 entries) accepted under SDG-TEST-0002`,
    ]);
    const statistics = stub.received[0]?.body as {
      uniqueId: string;
      sources: unknown[];
      referencePeriod: unknown;
    };
    expect(statistics.uniqueId).toBe('SDG-TEST-0001');
    expect(statistics.sources).toEqual(STATISTICS(portals.portals.giessen.origin, 'www.giessen.de'));

    const again = await sdgSend(['--city', 'giessen', '--month', closed, '--dataset', 'statistics']);
    expect([again.code, again.stdout.trim()]).toEqual([
      0,
      `giessen ${closed} statistics (5 entries), a correction, accepted under SDG-TEST-0001`,
    ]);
    expect(stub.issued).toEqual(['SDG-TEST-0001', 'SDG-TEST-0002']);
    expect(stub.received.map((r) => [r.dataset, r.uniqueId, r.correction, r.accepted])).toEqual([
      ['statistics', 'SDG-TEST-0001', false, true],
      ['feedback', 'SDG-TEST-0002', false, true],
      ['statistics', 'SDG-TEST-0001', true, true],
    ]);
    const history = await api<{ transmissions: { dataset: string; correction: boolean; actor: string }[] }>(
      '/v1/cities/giessen/sdg/transmissions',
      keys.giessen,
    );
    expect(history.transmissions.map((t) => [t.dataset, t.correction, t.actor])).toEqual([
      ['statistics', true, 'sdg command'],
      ['feedback', false, 'Digitalteam Gießen'],
      ['statistics', false, 'Digitalteam Gießen'],
    ]);
  }, 120_000);

  it('the privacy scan finds none of the addresses, user agents or typed names anywhere', async () => {
    const rules = {
      secrets: [...ADDRESSES.values(), ...ADDRESSES.keys(), '127.0.0.1', 'Erika', 'Musterfrau'],
      allowedQueryParameters: [...new Set(pipeline.sites.cities.flatMap((c) => c.queryAllowlist))],
    };
    // The scan is able to see them: the addresses the proxy reported are findings.
    const input = scanText({ where: 'proxy', text: [...ADDRESSES.values()].join(' ') }, rules);
    expect(input.filter((f) => f.kind === 'ip').map((f) => f.match)).toEqual([...ADDRESSES.values()]);
    const clickhouse = await readClickHouse(pipeline.clickhouse, pipeline.database);
    const kafka = await readKafka(pipeline.kafkaBrokers, Object.values(pipeline.topics));
    // The transmissions were read too.
    expect(clickhouse.rows.sdg_transmissions_v1).toBe(3);
    expect(clickhouse.rows.page_views_by_origin_daily_v1).toBeGreaterThan(0);
    const findings = [
      ...clickhouse.findings,
      ...[...clickhouse.items, ...kafka.items].flatMap((item) => scanText(item, rules)),
    ];
    expect(findings).toEqual([]);
  });
});

/** `pnpm --filter @godonu/api sdg send …` against the pipeline's warehouse and the stub. */
function sdgSend(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLICKHOUSE_URL: pipeline.clickhouseUrl,
    CLICKHOUSE_DATABASE: pipeline.database,
    GODONU_SITES_FILE: path.join(sitesDir, 'sites.json'),
    SDG_API_URL: stub.url,
    SDG_API_KEY: SDG_KEY,
  };
  return new Promise((resolve) => {
    execFile(
      'pnpm',
      ['--silent', '--filter', '@godonu/api', 'sdg', 'send', ...args],
      { cwd: REPO_ROOT, env },
      (err, stdout, stderr) =>
        resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr }),
    );
  });
}
