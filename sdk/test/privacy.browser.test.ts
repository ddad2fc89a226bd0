import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expectWellFormed, shapes } from './support/expect-events.ts';
import { QUEUE_STUB, type ScriptAttributes, scriptTag } from './support/fixture-server.ts';
import { afterPageTimers, type Harness, quiet, startHarness } from './support/harness.ts';

const DOG_TAX = '99036010000000';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());
beforeEach(() => harness.reset());

const embed = (attributes: ScriptAttributes = {}, before = ''): void =>
  harness.portal.embed(
    before +
      scriptTag({ site: 'giessen', endpoint: harness.collector.endpoint, flush: '100', ...attributes }),
  );

/** Everything that would produce events: views, navigation, a download, form input, custom calls, leaving. */
const browseEverything = async (page: Page): Promise<void> => {
  const o = harness.portal.origin;
  await page.goto(`${o}/?suche=Erika`);
  await page.click('#nav-hundesteuer');
  await page.click('#satzung');
  // The script did run: its API is there, and calling it is harmless.
  const api = await page.evaluate(() => {
    const g = (window as unknown as { godonu: { track(n: string): void; consent(): void } }).godonu;
    g.track('faq_opened');
    g.consent();
    return Object.keys(g);
  });
  expect(api).toEqual(['track', 'service', 'step', 'consent']);
  await page.click('#online-beantragen');
  await page.fill('#vorname', 'Erika');
  await page.click('#weiter');
  await page.goto(`${harness.portal.otherOrigin}/extern`);
  await quiet();
};

it('sends nothing at all under Global Privacy Control, even after consent()', async () => {
  embed();
  const page = await harness.browser.context.newPage();
  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  );
  await browseEverything(page);
  expect(harness.collector.received).toEqual([]);
  await page.close();
});

it('sends nothing at all under Do Not Track, even after consent()', async () => {
  embed();
  const page = await harness.browser.context.newPage();
  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }),
  );
  await browseEverything(page);
  expect(harness.collector.received).toEqual([]);
  await page.close();
});

it('in consent mode sends nothing before consent(), then what waited and what follows', async () => {
  embed({ consent: 'required' });
  const { collector, portal } = harness;
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  // A tick counts the first view's visible time before the navigation ends it (its engagement is expected below).
  await afterPageTimers(page, 100);
  await page.click('#nav-hundesteuer');
  await quiet();
  expect(collector.received).toEqual([]);

  await page.evaluate(() => (window as unknown as { godonu: { consent(): void } }).godonu.consent());
  await collector.waitForEvents(4);
  await page.click('#satzung');
  const events = await collector.waitForEvents(5);
  const info = `${portal.origin}/buergerservice/hundesteuer`;
  expect(shapes(events, since)).toEqual([
    { type: 'pageview', url: `${portal.origin}/` },
    {
      type: 'engagement',
      url: `${portal.origin}/`,
      engagedMs: expect.any(Number),
      scrollPct: expect.any(Number),
    },
    { type: 'pageview', url: info, ref: `${portal.origin}/`, service: DOG_TAX },
    { type: 'service_view', url: info, service: DOG_TAX },
    { type: 'download', url: info, href: `${portal.origin}/media/hundesteuersatzung.pdf`, service: DOG_TAX },
  ]);
  expectWellFormed(collector.received);
  await page.close();
});

it('in consent mode sends nothing when the citizen leaves without consenting', async () => {
  embed({ consent: 'required' });
  const page = await harness.browser.context.newPage();
  await page.goto(`${harness.portal.origin}/buergerservice/hundesteuer`);
  await page.click('#online-beantragen');
  await page.goto(`${harness.portal.otherOrigin}/extern`);
  await quiet();
  expect(harness.collector.received).toEqual([]);
  await page.close();
});

it('takes a consent the banner gave before the script ran, through the queue stub', async () => {
  embed({ consent: 'required' }, `<script>${QUEUE_STUB} godonu('consent');</script>`);
  const page = await harness.browser.context.newPage();
  await page.goto(`${harness.portal.origin}/`);
  const [event] = await harness.collector.waitForEvents(1);
  expect(event).toMatchObject({ type: 'pageview', url: `${harness.portal.origin}/` });
  await page.close();
});

it('keeps allow-listed query parameters only, in page URLs, referrers and links', async () => {
  embed({ query: 'lang' });
  const { collector, portal } = harness;
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  await page.goto(
    `${portal.origin}/buergerservice/hundesteuer?lang=en&name=Erika+Musterfrau&mail=erika%40example.org#top`,
  );
  await collector.waitForEvents(2);
  await page.click('#satzung');
  await collector.waitForEvents(3);
  await page.click('#online-beantragen');
  const events = await collector.waitForEvents(7);
  const info = `${portal.origin}/buergerservice/hundesteuer?lang=en`;
  expect(shapes(events, since).filter((e) => e.type !== 'engagement')).toEqual([
    { type: 'pageview', url: info, service: DOG_TAX },
    { type: 'service_view', url: info, service: DOG_TAX },
    { type: 'download', url: info, href: `${portal.origin}/media/hundesteuersatzung.pdf`, service: DOG_TAX },
    {
      type: 'pageview',
      url: `${portal.origin}/online-dienste/hundesteuer/schritt-1`,
      ref: info,
      service: DOG_TAX,
    },
    { type: 'service_view', url: `${portal.origin}/online-dienste/hundesteuer/schritt-1`, service: DOG_TAX },
    {
      type: 'form_step',
      url: `${portal.origin}/online-dienste/hundesteuer/schritt-1`,
      form: 'hundesteuer',
      step: 1,
      steps: 3,
      stepName: 'halter',
      service: DOG_TAX,
    },
  ]);
  expectWellFormed(collector.received, [
    'Erika',
    'Musterfrau',
    'example.org',
    'mail',
    'name=',
    'stand=',
    '#',
  ]);
  await page.close();
});

it('sends nothing about excluded paths, and carries on when the app leaves them', async () => {
  embed({ exclude: '/intern/*, /entwurf' });
  const { collector, portal } = harness;
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/intern/statistik`);
  await page.evaluate(() =>
    (window as unknown as { godonu: { track(n: string): void } }).godonu.track('intern'),
  );
  await quiet();
  expect(collector.received).toEqual([]);
  await page.click('#nav-hundesteuer');
  const events = await collector.waitForEvents(2);
  expect(events.map((e) => [e.type, e.url])).toEqual([
    ['pageview', `${portal.origin}/buergerservice/hundesteuer`],
    ['service_view', `${portal.origin}/buergerservice/hundesteuer`],
  ]);
  await page.close();
});
