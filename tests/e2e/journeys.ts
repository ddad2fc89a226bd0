/*
 * Citizens and what they do on the demo portals, step by step, in real Chromium with the real script tag. Each
 * citizen has a browser of their own (the user agent is a launch flag, so that unload beacons carry it too), and
 * a user agent of their own: all browsers connect from the same loopback address, so the user agent is what makes
 * them distinct visitors (the visitor hash is keyed by city, address and user agent).
 *
 * Every journey returns what the citizen typed and which URLs the browser visited: the privacy scan must find
 * the e-mail addresses and query strings there (so it is able to) and nowhere in the pipeline.
 *
 * In a paced browser (openPacedBrowser) the pages' clocks stand still (Playwright's clock) and move only while a
 * citizen reads a page (READ_MS), tick by tick of the script's timer: the script counts visible time in its ticks, so
 * every page view reports exactly its reading time, whatever the machine's speed. Every page is read scrolled to its
 * end, so its deepest scroll position is 100 % whatever its height on the citizen's screen.
 */
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import { EXTERN_HOST, SDK_FLUSH_MS } from './city-portals.ts';

type Page = TestBrowser['page'];

export interface Citizen {
  name: string;
  userAgent: string;
  viewport: { width: number; height: number };
}

// Desktop and mobile browsers of 2026; none is headless (the collector drops headless user agents as bots).
export const ANNA: Citizen = {
  name: 'Anna',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  viewport: { width: 1280, height: 800 },
};
export const BEN: Citizen = {
  name: 'Ben',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:146.0) Gecko/20100101 Firefox/146.0',
  viewport: { width: 1366, height: 768 },
};
export const CLARA: Citizen = {
  name: 'Clara',
  userAgent:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 19_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Mobile/15E148 Safari/604.1',
  viewport: { width: 390, height: 844 },
};
/** Dora's browser runs no script; Fulda's backend reports her page view server-side, with her address. */
export const DORA = {
  name: 'Dora',
  ip: '198.51.100.23',
  proxyIp: '203.0.113.50',
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 15_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.1 Safari/605.1.15',
};

export const EMAIL = 'max.mustermann@example.org';
export const DORA_EMAIL = 'dora.beispiel@example.net';
/** Form values typed during the journeys that are unique enough to search for (a postcode is not: it is digits). */
export const TYPED_NAMES = ['Erika', 'Musterfrau', 'Mustermann'] as const;
/** The search that brought Ben to Gießen's service page, with its query. */
export const SEARCH_REFERRER = 'https://www.google.de/search?q=hundesteuer+gie%C3%9Fen+anmelden';
/** Fulda's demo ingest key (infra/config/README.md). */
export const FULDA_INGEST_KEY = 'demo-ingest-fulda';

export const SERVICE_PAGE = '/buergerservice/hundesteuer';
export const FORM = '/online-dienste/hundesteuer';

/** What a journey typed and visited: the input the pipeline must not keep. */
export type Journal = string[];

/**
 * How long each page is read, in ms of the page's clock (multiples of the script's tick, SDK_FLUSH_MS): the visible
 * time its engagement report carries. Anna reads the same pages in every city.
 */
export const READ_MS = {
  anna: {
    start: 5_000,
    servicePage: 20_000,
    step1: 45_000,
    step2: 35_000,
    step3: 15_000,
    confirmation: 70_000,
  },
  /** Gießen: from the search engine; Marburg: from the start page. */
  benPostcode: { servicePage: 8_000, step1: 50_000, step2: 90_000 },
  benSurname: { start: 6_000, servicePage: 12_000, step1: 200_000 },
  /** Gießen's start page, and Fulda's service page, left open for 12 minutes. */
  claraGiessen: 3_000,
  claraFulda: 700_000,
} as const;

/** The page's count of its `fetch` requests still unanswered (the script sends its batches with `fetch`). */
const IN_FLIGHT = '__godonuTestFetchesInFlight';
/** Browsers whose pages' clocks stand still until a citizen reads (openPacedBrowser). */
const paced = new WeakSet<TestBrowser['context']>();

export async function openBrowser(citizen: Citizen): Promise<TestBrowser> {
  const browser = await launchChromium({ userAgent: citizen.userAgent, viewport: citizen.viewport });
  browser.page.setDefaultTimeout(15_000);
  return browser;
}

/**
 * A citizen's browser whose pages' clocks stand still but while the citizen reads (READ_MS): each page view then
 * reports exactly its reading time. In a browser of `openBrowser` the journeys read in real time instead.
 */
export async function openPacedBrowser(citizen: Citizen): Promise<TestBrowser> {
  const browser = await openBrowser(citizen);
  // Counts the script's requests in flight, so that no tick of the script finds one unanswered (it would keep its
  // batch for a later tick, and the test could not tell when a view leaves).
  await browser.context.addInitScript((name: string) => {
    const page = window as unknown as Record<string, number>;
    const send = window.fetch.bind(window);
    page[name] = 0;
    window.fetch = (...args: Parameters<typeof fetch>) => {
      page[name] = (page[name] ?? 0) + 1;
      return send(...args).finally(() => {
        page[name] = (page[name] ?? 0) - 1;
      });
    };
  }, IN_FLIGHT);
  // Half an hour in the past, so that no event's time lies ahead of the collector's while the clock is moved on.
  const now = Date.now();
  await browser.context.clock.install({ time: now - 3_600_000 });
  await browser.context.clock.pauseAt(now - 1_800_000);
  paced.add(browser.context);
  return browser;
}

/** Until the page's requests are answered: polled from here, as the page's own timers stand still. */
async function answered(page: Page): Promise<void> {
  const pending = () =>
    page.evaluate((name) => (window as unknown as Record<string, number>)[name] ?? 0, IN_FLIGHT);
  while ((await pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * The citizen reads the page for `ms` of its clock: scrolled to its end, then tick by tick. The first tick notices
 * a view the router made and sends it; the remaining ticks only count visible time.
 */
async function read(page: Page, ms: number): Promise<void> {
  if (!paced.has(page.context())) return;
  await page.evaluate(() =>
    scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' as ScrollBehavior }),
  );
  await answered(page);
  await page.clock.runFor(SDK_FLUSH_MS);
  await answered(page);
  await page.clock.runFor(ms - SDK_FLUSH_MS);
}

async function fill(page: Page, selector: string, value: string, journal: Journal): Promise<void> {
  await page.fill(selector, value);
  journal.push(value);
}

/** Resolves when the script has sent the view of `origin + path` (its cleaned URL is in a batch to the collector). */
function viewSent(page: Page, origin: string, path: string): Promise<unknown> {
  const url = `"${origin}${path}"`;
  return page.waitForRequest(
    (r) => r.method() === 'POST' && r.url().endsWith('/v1/events') && (r.postData() ?? '').includes(url),
  );
}

/** Opens `path` (with `query`, which the script must not report) and reads it for `ms`. */
async function open(
  page: Page,
  origin: string,
  path: string,
  ms: number,
  journal: Journal,
  opts: { query?: string; referer?: string } = {},
): Promise<void> {
  const url = `${origin}${path}${opts.query ?? ''}`;
  journal.push(url);
  // A loaded page's script sends its view at once.
  await Promise.all([
    viewSent(page, origin, path),
    page.goto(url, opts.referer ? { referer: opts.referer } : undefined),
  ]);
  await read(page, ms);
}

/**
 * Clicks `selector`, which leads to `path` by the portal's router (`router`: the script notices the view with its
 * next tick) or by loading a page (its script sends the view at once), and reads it for `ms`.
 */
async function follow(
  page: Page,
  origin: string,
  selector: string,
  how: 'router' | 'load',
  path: string,
  ms: number,
  journal: Journal,
): Promise<void> {
  journal.push(page.url());
  const sent = viewSent(page, origin, path);
  await page.click(selector);
  if (how === 'load') await sent;
  await read(page, ms);
  await sent;
  journal.push(page.url());
}

/** The feedback widget's (sdk/src/feedback.ts) labels of the stars. */
const STARS = ['1 Stern', '2 Sterne', '3 Sterne', '4 Sterne', '5 Sterne'];
const FOUND = { yes: 'Ja', no: 'Nein', partly: 'Teilweise' } as const;

/**
 * Answers the page's feedback widget (the SDK's, in its shadow root, which Playwright's locators enter) and waits
 * for its thanks; `found` only where the widget asks it (not after a submission).
 */
export async function rate(page: Page, answer: { score: number; found?: keyof typeof FOUND }): Promise<void> {
  const widget = page.locator('[data-godonu-feedback]');
  if (answer.found) await widget.getByRole('radio', { name: FOUND[answer.found], exact: true }).check();
  await widget.getByRole('radio', { name: new RegExp(`^${STARS[answer.score - 1]} `) }).check();
  await widget.getByRole('button', { name: 'Absenden' }).click();
  await widget.getByRole('status').filter({ hasText: 'Vielen Dank' }).waitFor();
}

/** Leaves the page as a citizen closing the tab does: `pagehide` fires and the script sends by beacon. */
async function leave(page: Page, journal: Journal): Promise<Journal> {
  journal.push(page.url());
  await page.close({ runBeforeUnload: true });
  return journal;
}

/**
 * Start page → service page by the portal's single-page router → the three form steps → confirmation → rating
 * → the link to the state portal (outbound). Page views: /, service page, step 1, 2, 3, confirmation = 6, each read
 * for READ_MS.anna. `screenshot`: a file for the confirmation page with the feedback widget's thanks.
 */
export async function completeForm(
  browser: TestBrowser,
  origin: string,
  score: number,
  screenshot?: string,
): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  const ms = READ_MS.anna;
  await open(page, origin, '/', ms.start, journal);
  await follow(page, origin, '#karte-hundesteuer', 'router', SERVICE_PAGE, ms.servicePage, journal);
  await follow(page, origin, '#online-beantragen', 'load', `${FORM}/schritt-1`, ms.step1, journal);
  await fill(page, '#vorname', 'Erika', journal);
  await fill(page, '#nachname', 'Musterfrau', journal);
  await follow(page, origin, '#weiter', 'load', `${FORM}/schritt-2`, ms.step2, journal);
  await page.selectOption('#rasse', 'Dackel');
  await fill(page, '#plz', '35390', journal);
  await follow(page, origin, '#weiter', 'load', `${FORM}/schritt-3`, ms.step3, journal);
  await page.check('#richtig');
  await follow(page, origin, '#absenden', 'load', `${FORM}/bestaetigung`, ms.confirmation, journal);
  await rate(page, { score });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  // The state portal has no script: the link is the last thing the city's portal sees.
  await page.click('#serviceportal');
  await page.waitForURL(`http://${EXTERN_HOST}:*/extern?von=*`);
  return leave(page, journal);
}

/**
 * From a search engine straight onto the service page, with a name and an e-mail address in the query string
 * (as links in e-mails carry them) → the statute PDF (download) → form step 1, an e-mail address typed into the
 * surname field → step 2, a four-digit postcode: the browser's validation rejects it (form_error on `plz`) → gone.
 * Page views: service page, step 1, step 2 = 3, read for READ_MS.benPostcode.
 */
export async function abandonAtPostcode(browser: TestBrowser, origin: string): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [SEARCH_REFERRER];
  const ms = READ_MS.benPostcode;
  await open(page, origin, SERVICE_PAGE, ms.servicePage, journal, {
    query: `?name=Max&email=${encodeURIComponent(EMAIL)}`,
    referer: SEARCH_REFERRER,
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#satzung')]);
  journal.push(download.url());
  await follow(page, origin, '#online-beantragen', 'load', `${FORM}/schritt-1`, ms.step1, journal);
  await fill(page, '#vorname', 'Max', journal);
  await fill(page, '#nachname', EMAIL, journal);
  await follow(page, origin, '#weiter', 'load', `${FORM}/schritt-2`, ms.step2, journal);
  await fill(page, '#plz', '3539', journal);
  await page.click('#weiter');
  await page.waitForSelector('#plz:invalid');
  return leave(page, journal);
}

/**
 * Start page → service page from the main navigation (router) → form step 1, first name only, "Weiter": the
 * browser rejects the empty surname (form_error on `nachname`) → gone. Page views: /, service page, step 1 = 3,
 * read for READ_MS.benSurname.
 */
export async function abandonAtSurname(browser: TestBrowser, origin: string): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  const ms = READ_MS.benSurname;
  await open(page, origin, '/', ms.start, journal);
  await follow(page, origin, '#nav-hundesteuer', 'router', SERVICE_PAGE, ms.servicePage, journal);
  await follow(page, origin, '#online-beantragen', 'load', `${FORM}/schritt-1`, ms.step1, journal);
  await fill(page, '#vorname', 'Mustermann', journal);
  await page.click('#weiter');
  await page.waitForSelector('#nachname:invalid');
  return leave(page, journal);
}

/** One page (with `query`, if given), read to its end for `ms`, left: a bounce. */
export async function bounce(
  browser: TestBrowser,
  origin: string,
  path: string,
  ms: number,
  query?: string,
): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  await open(page, origin, path, ms, journal, query === undefined ? {} : { query });
  return leave(page, journal);
}

/**
 * Fulda's backend reports Dora's view of the service page (page view and service view), with her address and
 * user agent as the server saw them, and the page URL with its query string as the server received it: the
 * collector must keep only the allow-listed `lang`.
 */
export async function reportFromBackend(collectorUrl: string, origin: string): Promise<Journal> {
  const url = `${origin}${SERVICE_PAGE}?lang=de&name=Dora&email=${encodeURIComponent(DORA_EMAIL)}`;
  const ts = Date.now();
  const res = await fetch(`${collectorUrl}/v1/events/server`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${FULDA_INGEST_KEY}`,
      'content-type': 'application/json',
      // The proxy in front of Fulda's backend; the collector trusts no proxy here and must not keep it either.
      'x-forwarded-for': DORA.proxyIp,
    },
    body: JSON.stringify({
      v: 1,
      site: 'fulda',
      sentAt: ts,
      events: [
        { ip: DORA.ip, ua: DORA.userAgent, event: { type: 'pageview', id: `dora-pv-${ts}`, ts, url } },
        { ip: DORA.ip, ua: DORA.userAgent, event: { type: 'service_view', id: `dora-sv-${ts}`, ts, url } },
      ],
    }),
  });
  const body = await res.text();
  if (res.status !== 202 || body !== '{"accepted":2,"dropped":0}') {
    throw new Error(`server-side events answered ${res.status} ${body}`);
  }
  return [url, DORA.ip, DORA.proxyIp, DORA.userAgent];
}
