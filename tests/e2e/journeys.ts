/*
 * Citizens and what they do on the demo portals, step by step, in real Chromium with the real script tag. Each
 * citizen has a browser of their own (the user agent is a launch flag, so that unload beacons carry it too), and
 * a user agent of their own: all browsers connect from the same loopback address, so the user agent is what makes
 * them distinct visitors (the visitor hash is keyed by city, address and user agent).
 *
 * Every journey returns what the citizen typed and which URLs the browser visited: the privacy scan must find
 * the e-mail addresses and query strings there (so it is able to) and nowhere in the pipeline.
 */
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import { EXTERN_HOST } from './city-portals.ts';

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

export async function openBrowser(citizen: Citizen): Promise<TestBrowser> {
  const browser = await launchChromium({ userAgent: citizen.userAgent, viewport: citizen.viewport });
  browser.page.setDefaultTimeout(15_000);
  return browser;
}

async function fill(page: Page, selector: string, value: string, journal: Journal): Promise<void> {
  await page.fill(selector, value);
  journal.push(value);
}

/**
 * Resolves when the script has sent the view of `origin + path` (its cleaned URL is in a batch to the
 * collector). A citizen reads every page at least that long; a script faster than any citizen would leave pages
 * before the SDK's timer noticed them (single-page navigation, visible time), and the numbers would depend on
 * the machine's speed.
 */
function viewSent(page: Page, origin: string, path: string): Promise<unknown> {
  const url = `"${origin}${path}"`;
  return page.waitForRequest(
    (r) => r.method() === 'POST' && r.url().endsWith('/v1/events') && (r.postData() ?? '').includes(url),
  );
}

/** Opens `path` (with `query`, which the script must not report) and reads it. */
async function open(
  page: Page,
  origin: string,
  path: string,
  journal: Journal,
  opts: { query?: string; referer?: string } = {},
): Promise<void> {
  const url = `${origin}${path}${opts.query ?? ''}`;
  journal.push(url);
  await Promise.all([
    viewSent(page, origin, path),
    page.goto(url, opts.referer ? { referer: opts.referer } : undefined),
  ]);
}

/** Clicks `selector`, which leads to `path` (by the portal's router or by loading a page), and reads it. */
async function follow(
  page: Page,
  origin: string,
  selector: string,
  path: string,
  journal: Journal,
): Promise<void> {
  journal.push(page.url());
  await Promise.all([viewSent(page, origin, path), page.click(selector)]);
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
 * → the link to the state portal (outbound). Page views: /, service page, step 1, 2, 3, confirmation = 6.
 * `screenshot`: a file for the confirmation page with the feedback widget's thanks.
 */
export async function completeForm(
  browser: TestBrowser,
  origin: string,
  score: number,
  screenshot?: string,
): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  await open(page, origin, '/', journal);
  await follow(page, origin, '#karte-hundesteuer', SERVICE_PAGE, journal);
  await follow(page, origin, '#online-beantragen', `${FORM}/schritt-1`, journal);
  await fill(page, '#vorname', 'Erika', journal);
  await fill(page, '#nachname', 'Musterfrau', journal);
  await follow(page, origin, '#weiter', `${FORM}/schritt-2`, journal);
  await page.selectOption('#rasse', 'Dackel');
  await fill(page, '#plz', '35390', journal);
  await follow(page, origin, '#weiter', `${FORM}/schritt-3`, journal);
  await page.check('#richtig');
  await follow(page, origin, '#absenden', `${FORM}/bestaetigung`, journal);
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
 * Page views: service page, step 1, step 2 = 3.
 */
export async function abandonAtPostcode(browser: TestBrowser, origin: string): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [SEARCH_REFERRER];
  await open(page, origin, SERVICE_PAGE, journal, {
    query: `?name=Max&email=${encodeURIComponent(EMAIL)}`,
    referer: SEARCH_REFERRER,
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#satzung')]);
  journal.push(download.url());
  await follow(page, origin, '#online-beantragen', `${FORM}/schritt-1`, journal);
  await fill(page, '#vorname', 'Max', journal);
  await fill(page, '#nachname', EMAIL, journal);
  await follow(page, origin, '#weiter', `${FORM}/schritt-2`, journal);
  await fill(page, '#plz', '3539', journal);
  await page.click('#weiter');
  await page.waitForSelector('#plz:invalid');
  return leave(page, journal);
}

/**
 * Start page → service page from the main navigation (router) → form step 1, first name only, "Weiter": the
 * browser rejects the empty surname (form_error on `nachname`) → gone. Page views: /, service page, step 1 = 3.
 */
export async function abandonAtSurname(browser: TestBrowser, origin: string): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  await open(page, origin, '/', journal);
  await follow(page, origin, '#nav-hundesteuer', SERVICE_PAGE, journal);
  await follow(page, origin, '#online-beantragen', `${FORM}/schritt-1`, journal);
  await fill(page, '#vorname', 'Mustermann', journal);
  await page.click('#weiter');
  await page.waitForSelector('#nachname:invalid');
  return leave(page, journal);
}

/** One page (with `query`, if given), read, scrolled, left: a bounce. */
export async function bounce(
  browser: TestBrowser,
  origin: string,
  path: string,
  query?: string,
): Promise<Journal> {
  const page = await browser.context.newPage();
  const journal: Journal = [];
  await open(page, origin, path, journal, { query });
  await page.mouse.wheel(0, 400);
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
