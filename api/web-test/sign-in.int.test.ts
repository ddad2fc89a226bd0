/*
 * Sign-in through the city's identity provider, in real headless Chromium against a real OpenID Connect provider
 * on the loopback (tests/support/oidc-provider.ts: panva's oidc-provider) and the real api and ClickHouse (the
 * dashboard harness: generated traffic, "now" 2025-03-31). The provider's accounts: a Gießen team member, a person
 * of the consortium, and someone whose groups give no role in godonu. Each attack on the sign-in is shown to work
 * where it must (the same claims, signed by the provider, are accepted) and then refused.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import {
  listenIdentityProvider,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  type TestIdentityProvider,
} from '../../tests/support/oidc-provider.ts';
import { REPO_ROOT } from '../src/config.ts';
import { type DashboardServer, DEMO_NOW, startDashboardServer } from './dashboard.harness.ts';
import { expectAccessible, expectFits320 } from './page-checks.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/dashboard');
const SESSION_COOKIE = '__Host-godonu-session';
const SESSION_MINUTES = 480;
/** The last closed month at DEMO_NOW: what another city's numbers are published for. */
const MONTH = '2025-02';

let idp: TestIdentityProvider;
let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
/** Added to the sessions' clock: a test lets a session expire without waiting. */
let skewMs = 0;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** From the dashboard's sign-in page through the provider's login form, as the person would. */
async function signInAs(login: string): Promise<void> {
  await page.goto(server.baseUrl);
  await page.click('#sign-in-provider');
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password: the test provider checks none');
  await page.click('button[type="submit"]');
  await page.waitForLoadState('load');
}

async function sessionCookie(): Promise<string | null> {
  const cookies = await browser.context.cookies(server.baseUrl);
  return cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? null;
}

/** `/v1/me` with a session cookie from outside the browser, marked as the dashboard's own request or not. */
async function meWith(cookie: string, sameOrigin = true): Promise<number> {
  const res = await fetch(`${server.baseUrl}/v1/me`, {
    headers: {
      cookie: `${SESSION_COOKIE}=${cookie}`,
      ...(sameOrigin ? { 'sec-fetch-site': 'same-origin' } : {}),
    },
  });
  return res.status;
}

/** A GET from the signed-in page itself: what its session may read. */
async function fromPage(pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.json() };
  }, pathAndQuery);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  idp = await listenIdentityProvider();
  server = await startDashboardServer(inject('clickhouseUrl'), {
    env: () => ({
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
      OIDC_SCOPES: 'openid groups',
      OIDC_ROLE_MAP: 'godonu-giessen=city:giessen,godonu-konsortium=consortium,godonu-admin=admin',
      OIDC_SESSION_MINUTES: String(SESSION_MINUTES),
    }),
    wallClock: () => Date.now() + skewMs,
  });
  await idp.serve({
    accounts: {
      anna: ['intranet', 'godonu-giessen'],
      paul: ['godonu-konsortium'],
      kai: ['intranet'],
    },
    redirectUri: `${server.baseUrl}/auth/callback`,
    postLogoutRedirectUri: `${server.baseUrl}/`,
  });
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  page = browser.page;
  page.setDefaultTimeout(15_000);
  await page.clock.setFixedTime(DEMO_NOW);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await idp?.close();
});

beforeEach(async () => {
  // Each test starts signed out at the dashboard and at the provider, with the provider answering as issued.
  await browser.context.clearCookies();
  idp.answerTokens({ kind: 'as-issued' });
  skewMs = 0;
});

describe('the sign-in page', () => {
  test('offers the provider first and API keys second, by keyboard, accessible at 1280 and 320 px', async () => {
    await page.goto(server.baseUrl);
    await page.waitForSelector('#sign-in-provider');
    expect(await page.locator('.sign-in h1').textContent()).toBe('Anmelden');
    expect(await page.locator('#sign-in-provider').textContent()).toBe(
      'Mit dem Konto Ihrer Verwaltung anmelden',
    );
    expect(await page.locator('.sign-in-alternative').textContent()).toBe('Oder mit einem API-Schlüssel');
    await expectAccessible(page);
    await shot('sign-in-provider-1280');
    // Skip link, then the language switch in the header, then the provider's button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-provider');
    await page.keyboard.press('Enter');
    await page.waitForSelector('input[name="login"]');
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(server.baseUrl);
    await page.waitForSelector('#sign-in-provider');
    await expectFits320(page);
    await shot('sign-in-provider-320');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('a Gießen team member signed in through the provider', () => {
  test('sees Gießen in full and the other cities as the disclosure layer gives them to Gießen', async () => {
    await signInAs('anna');
    await page.waitForSelector('nav a[aria-current="page"]');
    expect(new URL(page.url()).hash).toBe('#/city');
    expect(await page.locator('.account strong').textContent()).toBe('Stadt-Team Gießen');

    // The session is one HttpOnly, Secure, SameSite=Strict cookie; the page's scripts see nothing of it.
    // (Cookies do not keep ports apart: the provider's own, on the same host, are left out.)
    const cookies = (await browser.context.cookies(server.baseUrl)).filter((c) =>
      c.name.startsWith('__Host-'),
    );
    expect(cookies.map((c) => [c.name, c.httpOnly, c.secure, c.sameSite, c.path])).toEqual([
      [SESSION_COOKIE, true, true, 'Strict', '/'],
    ]);
    expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual([
      '',
      0,
      0,
    ]);

    // The same answers as Gießen's API key gets, for its own report and for the comparison with the others.
    const report = `/v1/cities/giessen/report?from=2025-03-01&to=2025-03-30`;
    const comparison = `/v1/services/99115001000000/comparison?period=${MONTH}`;
    for (const p of [report, comparison, '/v1/cities'])
      expect(await fromPage(p)).toEqual({ status: 200, body: await server.api(p, server.keys.giessen) });
    const marburg = await fromPage('/v1/cities/marburg/report?from=2025-03-01&to=2025-03-30');
    expect(marburg.status).toBe(403);
    expect(await fromPage('/v1/me')).toMatchObject({
      status: 200,
      body: { role: 'city', city: 'giessen', keyId: expect.stringMatching(/^oidc:[0-9a-f]{16}$/) },
    });
    await shot('sign-in-signed-in-giessen');

    // A change from the dashboard's own page counts, and the audit log names the person by a pseudonym only.
    const created = await page.evaluate(async () => {
      const res = await fetch('/v1/cities/giessen/annotations', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ day: '2025-03-03', service: null, text: 'Neue Startseite', shared: false }),
      });
      return res.status;
    });
    expect(created).toBe(201);
    const log = await server.api<{
      entries: { action: string; keyId: string; actor: string; role: string }[];
    }>('/v1/audit-log?action=annotation_created', server.keys.admin);
    const me = (await fromPage('/v1/me')).body as { keyId: string };
    expect(log.entries.map((e) => [e.keyId, e.actor, e.role])).toEqual([
      [me.keyId, 'signed in through the identity provider', 'city'],
    ]);
  });

  test('the session cookie counts only on the dashboard’s own requests, and never when altered', async () => {
    await signInAs('anna');
    await page.waitForSelector('nav a[aria-current="page"]');
    const cookie = (await sessionCookie()) as string;
    expect(await meWith(cookie)).toBe(200);
    // A page of another site making the browser send it: Sec-Fetch-Site is not same-origin.
    expect(await meWith(cookie, false)).toBe(401);
    const altered = `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`;
    expect(await meWith(altered)).toBe(401);
  });

  test('is sent back to the sign-in page once the session has expired', async () => {
    await signInAs('anna');
    await page.waitForSelector('nav a[aria-current="page"]');
    // The city view has loaded all it asks for before the session ends, so the next request is the click's.
    await page.waitForFunction(() => document.querySelector('[aria-busy]') === null);
    const cookie = (await sessionCookie()) as string;
    skewMs = SESSION_MINUTES * 60_000 - 60_000;
    expect(await meWith(cookie)).toBe(200);
    skewMs = SESSION_MINUTES * 60_000 + 1;
    expect(await meWith(cookie)).toBe(401);
    await page.click('nav a[data-view="service"]');
    await page.waitForSelector('.sign-in .notice');
    expect(await page.locator('.sign-in .notice').textContent()).toBe(
      'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
    );
    await expectAccessible(page);
    await shot('sign-in-session-expired');
  });

  test('signing out ends the session at the api, then at the provider', async () => {
    await signInAs('anna');
    await page.waitForSelector('nav a[aria-current="page"]');
    const cookie = (await sessionCookie()) as string;
    await page.click('#sign-out');
    // The provider asks whether to end its own session too, then sends the browser back to the dashboard.
    await page.waitForSelector('button[name="logout"]');
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    expect(await meWith(cookie)).toBe(401);
    expect(await sessionCookie()).toBeNull();
    await page.click('button[name="logout"]');
    await page.waitForSelector('#sign-in-provider');
    expect(new URL(page.url()).origin).toBe(server.baseUrl);
    // The provider forgot the person: signing in again asks for the login.
    await page.click('#sign-in-provider');
    await page.waitForSelector('input[name="login"]');
  });
});

describe('refused sign-ins', () => {
  test('a person without a mapped group gets the German "no access" page and no session', async () => {
    await signInAs('kai');
    await page.waitForSelector('[data-problem]');
    expect(await page.locator('h1').textContent()).toBe('Kein Zugang');
    expect(await page.locator('.sign-in .lead').first().textContent()).toBe(
      'Sie haben sich erfolgreich angemeldet, aber Ihr Konto ist keiner Stadt und keiner Rolle in godonu zugeordnet.',
    );
    expect(await sessionCookie()).toBeNull();
    await expectAccessible(page);
    await shot('sign-in-no-access');
    await page.setViewportSize({ width: 320, height: 800 });
    await expectFits320(page);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('an ID token whose claims were changed is refused; the same claims signed by the provider are not', async () => {
    const admin = { kind: 're-signed', claims: (c: object) => ({ ...c, groups: ['godonu-admin'] }) } as const;
    idp.answerTokens(admin);
    await signInAs('kai');
    await page.waitForSelector('nav a[aria-current="page"]');
    expect(await page.locator('.account strong').textContent()).toBe('Administration');

    await browser.context.clearCookies();
    idp.answerTokens({ ...admin, kind: 'forged' });
    await signInAs('kai');
    await page.waitForSelector('[data-problem]');
    expect(idp.lastIdToken()?.groups).toEqual(['godonu-admin']);
    expect(await page.locator('h1').textContent()).toBe('Anmeldung fehlgeschlagen');
    expect(await sessionCookie()).toBeNull();
    await expectAccessible(page);
    await shot('sign-in-refused');
  });

  test('an expired ID token is refused; the same token within its lifetime is not', async () => {
    const lifetime = (expiredSecondsAgo: number) =>
      ({
        kind: 're-signed',
        claims: (c: { [k: string]: unknown }) => {
          const now = Math.floor(Date.now() / 1000);
          return { ...c, iat: now - 3600 - expiredSecondsAgo, exp: now - expiredSecondsAgo };
        },
      }) as const;
    idp.answerTokens(lifetime(-600));
    await signInAs('paul');
    await page.waitForSelector('nav a[aria-current="page"]');
    expect(await page.locator('.account strong').textContent()).toBe('Programmleitung');

    await browser.context.clearCookies();
    idp.answerTokens(lifetime(600));
    await signInAs('paul');
    await page.waitForSelector('[data-problem]');
    expect(await page.locator('h1').textContent()).toBe('Anmeldung fehlgeschlagen');
    expect(await sessionCookie()).toBeNull();
  });

  test('an answer replayed at the callback finds its login used up', async () => {
    let callback = '';
    page.on('request', (r) => {
      if (r.url().startsWith(`${server.baseUrl}/auth/callback`)) callback = r.url();
    });
    await signInAs('anna');
    await page.waitForSelector('nav a[aria-current="page"]');
    expect(callback).toMatch(/\?code=/);
    const res = await page.goto(callback);
    expect(res?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('Anmeldung abgelaufen');
  });
});

describe('API keys', () => {
  test('still sign in beside the provider', async () => {
    await page.goto(server.baseUrl);
    await page.fill('#api-key', server.keys.consortium);
    await page.click('.sign-in-form button[type="submit"]');
    await page.waitForSelector('nav a[aria-current="page"]');
    expect(await page.locator('.account strong').textContent()).toBe('Programmleitung');
    expect(await sessionCookie()).toBeNull();
  });
});
