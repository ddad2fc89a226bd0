/*
 * A new city's web presence as the onboarding test serves it: Kassel's own portal (`kassel.localhost`, a start page
 * and the dog-tax service page) and a form vendor's host (`formulare.localhost`) that serves the dog-tax form of
 * Kassel and of Gießen, each city's pages with that city's script tag. Host names under `.localhost` resolve to
 * the loopback address in Chromium, so page URLs carry a host name as on a real portal.
 *
 * Paths are plain words: the collector templates ids, numbers and names in paths before Kafka, and the test counts
 * page views per exact path.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TestBrowser } from '@godonu/infra/chromium';

type Page = TestBrowser['page'];

export const KASSEL_HOST = 'kassel.localhost';
export const VENDOR_HOST = 'formulare.localhost';
/** Hund zur Hundesteuer anmelden (the demo catalog's key). */
export const DOG_TAX = '99036010000000';
export const SERVICE_PAGE = '/buergerservice/hundesteuer';
/** The form's pages on the vendor's host, under the city's key. */
export const formPath = (city: string, page: 'antrag' | 'hund' | 'fertig') => `/${city}/hundesteuer/${page}`;
/** The script's timer, shortened as the other browser tests do (a real page leaves `data-flush` out). */
const SDK_FLUSH_MS = 100;

const scriptTag = (collector: string, site: string) =>
  `<script defer src="${collector}/sdk.js" data-site="${site}" data-endpoint="${collector}/v1/events" data-flush="${SDK_FLUSH_MS}"></script>`;

function html(title: string, head: string, body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
}

/** Kassel's portal: `/` links to the service page, which links to the form on the vendor's host. */
function kasselPage(path: string, collector: string, vendorOrigin: string): string | undefined {
  const tag = scriptTag(collector, 'kassel');
  if (path === '/')
    return html(
      'Stadt Kassel',
      tag,
      `<h1>Stadt Kassel</h1><a id="hundesteuer" href="${SERVICE_PAGE}">Hundesteuer</a>`,
    );
  if (path === SERVICE_PAGE)
    return html(
      'Hundesteuer – Stadt Kassel',
      `<meta name="godonu-service" content="${DOG_TAX}">${tag}`,
      `<h1>Hundesteuer</h1><a id="online" href="${vendorOrigin}${formPath('kassel', 'antrag')}">Online anmelden</a>`,
    );
  return undefined;
}

/** The vendor's two-step form and confirmation, for any city it serves. */
function vendorPage(path: string, collector: string, cities: readonly string[]): string | undefined {
  const match = /^\/([a-z]+)\/hundesteuer\/(antrag|hund|fertig)$/.exec(path);
  const city = match?.[1];
  if (!match || city === undefined || !cities.includes(city)) return undefined;
  const head = `<meta name="godonu-service" content="${DOG_TAX}">${scriptTag(collector, city)}`;
  const step = (n: number, name: string, field: string, next: string) =>
    `<form data-godonu-form="hundesteuer" data-godonu-step="${n}/2/${name}" method="post" action="${formPath(city, next as 'hund')}">` +
    `<label for="${field}">${field}</label><input id="${field}" name="${field}" required>` +
    `<button id="weiter" type="submit">Weiter</button></form>`;
  if (match[2] === 'antrag') return html('Halter/in', head, step(1, 'halter', 'nachname', 'hund'));
  if (match[2] === 'hund') return html('Hund', head, step(2, 'hund', 'rasse', 'fertig'));
  return html('Fertig', head, '<div data-godonu-confirm="hundesteuer">Ihre Anmeldung ist eingegangen.</div>');
}

function serve(page: (path: string) => string | undefined): Server {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://page.invalid').pathname;
    // A form step is POSTed (values never go into a URL) and answered with 303 to the next page, as form servers do.
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => res.writeHead(303, { location: path }).end());
      return;
    }
    const body = page(path);
    if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
}

export interface Portals {
  kasselOrigin: string;
  vendorOrigin: string;
  close(): Promise<void>;
}

async function listen(server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}

/** Kassel's portal and the vendor's host (serving `vendorCities`), on ports reserved before the sites file named them. */
export async function startPortals(opts: {
  collector: string;
  kasselPort: number;
  vendorPort: number;
  vendorCities: readonly string[];
}): Promise<Portals> {
  const kasselOrigin = `http://${KASSEL_HOST}:${opts.kasselPort}`;
  const vendorOrigin = `http://${VENDOR_HOST}:${opts.vendorPort}`;
  const servers = [
    serve((path) => kasselPage(path, opts.collector, vendorOrigin)),
    serve((path) => vendorPage(path, opts.collector, opts.vendorCities)),
  ];
  await listen(servers[0] as Server, opts.kasselPort);
  await listen(servers[1] as Server, opts.vendorPort);
  return {
    kasselOrigin,
    vendorOrigin,
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/**
 * Resolves when the script has sent the view of `origin + path`: a citizen reads each page at least that long, so
 * that what is counted does not depend on how fast the machine is.
 */
function viewSent(page: Page, origin: string, path: string): Promise<unknown> {
  const url = `"${origin}${path}"`;
  return page.waitForRequest(
    (r) => r.method() === 'POST' && r.url().endsWith('/v1/events') && (r.postData() ?? '').includes(url),
  );
}

/** Leaves as a citizen closing the tab does: `pagehide` fires and the script sends what waits by beacon. */
async function leave(page: Page): Promise<void> {
  await page.close({ runBeforeUnload: true });
}

/**
 * A citizen of Kassel: start page → service page → "Online anmelden" (to the vendor's host: an outbound link) →
 * step 1, step 2 → confirmation. Page views 5; service views 4 (the pages with a service key); one outbound link;
 * form start 1, steps 2, submit 1 (from the last step), confirmation 1.
 */
export async function completeInKassel(browser: TestBrowser, portals: Portals): Promise<void> {
  const { kasselOrigin, vendorOrigin } = portals;
  const page = await browser.context.newPage();
  await Promise.all([viewSent(page, kasselOrigin, '/'), page.goto(`${kasselOrigin}/`)]);
  await Promise.all([viewSent(page, kasselOrigin, SERVICE_PAGE), page.click('#hundesteuer')]);
  await Promise.all([viewSent(page, vendorOrigin, formPath('kassel', 'antrag')), page.click('#online')]);
  await page.fill('#nachname', 'Musterfrau');
  await Promise.all([viewSent(page, vendorOrigin, formPath('kassel', 'hund')), page.click('#weiter')]);
  await page.fill('#rasse', 'Dackel');
  await Promise.all([viewSent(page, vendorOrigin, formPath('kassel', 'fertig')), page.click('#weiter')]);
  await leave(page);
}

/**
 * A citizen of Gießen, on the same vendor host: straight to Gießen's form, step 1 → step 2, then gone.
 * Page views 2, service views 2, form start 1, steps 2, no submit.
 */
export async function abandonInGiessen(browser: TestBrowser, portals: Portals): Promise<void> {
  const { vendorOrigin } = portals;
  const page = await browser.context.newPage();
  await Promise.all([
    viewSent(page, vendorOrigin, formPath('giessen', 'antrag')),
    page.goto(`${vendorOrigin}${formPath('giessen', 'antrag')}`),
  ]);
  await page.fill('#nachname', 'Mustermann');
  await Promise.all([viewSent(page, vendorOrigin, formPath('giessen', 'hund')), page.click('#weiter')]);
  await leave(page);
}
