import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Received } from './collector.ts';
import type { Harness } from './harness.ts';

export const DOG_TAX = '99036010000000';

/** The paths of the gateway pages the feedback tests serve. */
export const PAGES = {
  info: '/buergerservice/hundesteuer-info',
  confirmation: '/online-dienste/hundesteuer-bestaetigung',
  form: '/online-dienste/hundesteuer-formular',
  consentInfo: '/buergerservice/hundesteuer-einwilligung',
} as const;

/**
 * A strict Content-Security-Policy as a city may send it: scripts from the page's own origin only, no inline
 * script or style, no style attributes, Trusted Types for every DOM sink, and connections to the collector only.
 */
export const strictCsp = (collectorOrigin: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${collectorOrigin}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');

interface PageOptions {
  title: string;
  /** What the page shows above the widget's container. */
  body: string;
  /** `data-godonu-feedback` of the container. */
  context: string;
  /** Extra `data-*` attributes of the script tag. */
  tag?: string;
}

const page = (endpoint: string, o: PageOptions): string => `<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <title>${o.title} – Universitätsstadt Gießen</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="godonu-service" content="${DOG_TAX}">
  <link rel="stylesheet" href="/portal/portal.css">
  <script defer src="/sdk.js" data-site="giessen" data-endpoint="${endpoint}" data-flush="100"${o.tag ?? ''}></script>
  <script defer src="/feedback.js"></script>
</head>
<body>
  <header class="kopf"><div class="innen"><div class="wappen">GI</div>
    <div class="name">Bürgerservice <small>Universitätsstadt Gießen</small></div></div></header>
  <main>
    <div class="kasten">
      <h1>${o.title}</h1>
      ${o.body}
      <div data-godonu-feedback="${o.context}"></div>
    </div>
  </main>
  <footer><div class="fuss"><span>© Universitätsstadt Gießen</span><a href="/datenschutz">Datenschutz</a></div></footer>
</body>
</html>`;

const INFO = `<p>Wer in Gießen einen Hund hält, meldet ihn innerhalb von zwei Wochen zur Hundesteuer an.</p>
      <p><a href="/media/hundesteuersatzung.pdf">Hundesteuersatzung (PDF)</a></p>`;

/** Serves the gateway pages, each with a strict CSP: an information page, a form and its confirmation page. */
export const serveFeedbackPages = (harness: Harness): void => {
  const { portal, collector } = harness;
  const endpoint = collector.endpoint;
  const headers = { 'content-security-policy': strictCsp(new URL(endpoint).origin) };
  const title = 'Hundesteuer';
  portal.page(PAGES.info, { headers, html: page(endpoint, { title, body: INFO, context: 'page' }) });
  portal.page(PAGES.consentInfo, {
    headers,
    html: page(endpoint, { title, body: INFO, context: 'page', tag: ' data-consent="required"' }),
  });
  portal.page(PAGES.confirmation, {
    headers,
    html: page(endpoint, {
      title: 'Hund angemeldet',
      body: '<div data-godonu-confirm="hundesteuer" class="hinweis"><p>Ihre Anmeldung ist eingegangen.</p></div>',
      context: 'submitted',
    }),
  });
  portal.page(PAGES.form, {
    headers,
    html: page(endpoint, {
      title: 'Hund anmelden',
      body: `<form data-godonu-form="hundesteuer" method="post" action="${PAGES.form}">
        <label for="vorname">Vorname</label>
        <input type="text" id="vorname" name="vorname" autocomplete="given-name">
        <div class="aktionen"><button class="knopf" type="submit" id="senden">Antrag senden</button></div>
      </form>`,
      context: 'abandoned',
    }),
  });
};

/** Records the page's Content-Security-Policy violations from its first script on (`cspViolations`). */
export const recordCspViolations = async (page: Page): Promise<void> => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
};

export const cspViolations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

/** Every rating that reached the collector, as the compact tuple the browser sent, duplicates included. */
export const ratingsReceived = (received: Received[]): unknown[][] =>
  received
    .flatMap((r) => (JSON.parse(r.body) as { events: unknown[] }).events)
    .filter((e): e is unknown[] => Array.isArray(e) && e[0] === 11);

/** Waits until `count` ratings arrived, then a little longer, so that a second copy would have arrived too. */
export const waitForRatings = async (received: Received[], count: number): Promise<unknown[][]> => {
  const deadline = Date.now() + 5000;
  while (ratingsReceived(received).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} ratings, got ${ratingsReceived(received)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 400));
  return ratingsReceived(received);
};

/** `[kind, id, ts, url, service, score, reason, found, context]` as the contract's compact vocabulary has it. */
export const ratingTuple = (url: string, score: number, found: string | null, context: string): unknown[] => [
  11,
  expect.stringMatching(/^\d{13}[a-z0-9]+$/),
  expect.any(Number),
  url,
  DOG_TAX,
  score,
  null,
  found,
  context,
];

/** Leaves the page through the top edge of the viewport, as a mouse does on its way to the tabs. */
export const exitThroughTop = async (page: Page): Promise<void> => {
  await page.mouse.move(160, 200);
  await page.mouse.move(160, 20, { steps: 4 });
  await page.mouse.move(160, -10);
};

/** The control that has the focus inside the widget, run inside the page: `name=value`, or a button's text. */
export const focusedInWidget = (): string | undefined => {
  const e = document.activeElement?.shadowRoot?.activeElement as HTMLInputElement | null | undefined;
  return e ? (e.name ? `${e.name}=${e.value}` : (e.textContent ?? undefined)) : undefined;
};
