import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BrowserBatch, browserEvents } from '@godonu/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { depthNow, expectWellFormed, settle, shapes } from './support/expect-events.ts';
import { scriptTag } from './support/fixture-server.ts';
import { afterPageTimers, type Harness, startHarness } from './support/harness.ts';

const ARTIFACTS = fileURLToPath(new URL('../../tests/artifacts/', import.meta.url));
const DOG_TAX = '99036010000000';
/** A little more than the SDK's tick in this test (`data-flush`): the SDK samples the scroll depth per tick. */
const TICK_MS = 150;
/** Everything the citizen typed or the URLs carried that must never reach the collector. */
const SECRETS = ['Erika', 'Musterfrau', '35390', '"12"', 'suche', 'stand=', 'sitzung', 'von=giessen', '#'];

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  // A short flush timer keeps the test fast; batching, beacons and order work as with the default.
  harness.portal.embed(scriptTag({ site: 'giessen', endpoint: harness.collector.endpoint, flush: '100' }));
});

afterAll(() => harness?.close());

it('reports a journey from the city portal through a three-step form, exactly and without personal data', async () => {
  const { browser, portal, collector } = harness;
  const since = Date.now();
  const o = portal.origin;
  const home = `${o}/`;
  const info = `${o}/buergerservice/hundesteuer`;
  const step = (n: number) => `${o}/online-dienste/hundesteuer/schritt-${n}`;
  const done = `${o}/online-dienste/hundesteuer/bestaetigung`;
  const page = await browser.context.newPage();
  const depths: number[] = [];

  // Landing from a search result: the query and the fragment stay in the browser.
  await page.goto(`${o}/?suche=Erika+Musterfrau&lang=de#start`);
  await collector.waitForEvents(1);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}sdk-portal.png` });
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  await page.evaluate(settle);
  await afterPageTimers(page, TICK_MS);

  // Single-page navigation, a fragment link, back and forward.
  await page.click('#nav-hundesteuer');
  await collector.waitForEvents(4);
  await page.click('#gebuehren-link');
  await page.evaluate(settle);
  // The fragment scrolled down: the deepest point of this view, which the SDK samples with its next tick.
  depths.push(await page.evaluate(depthNow));
  await afterPageTimers(page, TICK_MS);
  await page.evaluate(() => history.back());
  await page.waitForFunction(() => location.hash === '');
  await page.evaluate(() => history.back());
  await collector.waitForEvents(6);
  depths.push(await page.evaluate(depthNow));
  await page.evaluate(() => history.forward());
  await collector.waitForEvents(9);

  // A PDF download, then on to the online form.
  await Promise.all([page.waitForEvent('download'), page.click('#satzung')]);
  await collector.waitForEvents(10);
  depths.push(await page.evaluate(depthNow));
  await page.click('#online-beantragen');
  await collector.waitForEvents(14);
  await page.screenshot({ path: `${ARTIFACTS}sdk-form-step-1.png` });

  // Step 1: the first input starts the form.
  await page.fill('#vorname', 'Erika');
  await page.fill('#nachname', 'Musterfrau');
  await collector.waitForEvents(15);
  depths.push(await page.evaluate(depthNow));
  await page.click('#weiter');
  await collector.waitForEvents(19);

  // Step 2: an invalid postcode, then a valid one.
  await page.fill('#plz', '12');
  await page.click('#weiter');
  await collector.waitForEvents(20);
  await page.fill('#plz', '35390');
  depths.push(await page.evaluate(depthNow));
  await page.click('#weiter');
  await collector.waitForEvents(24);

  // Step 3: confirm and submit; the confirmation page follows.
  await page.check('#richtig');
  depths.push(await page.evaluate(depthNow));
  await page.click('#absenden');
  await collector.waitForEvents(29);
  depths.push(await page.evaluate(depthNow));

  // Leaving the city's site.
  await page.click('#serviceportal');
  await page.waitForURL(`${portal.otherOrigin}/extern?von=giessen`);
  const events = await collector.waitForEvents(31);

  const svc = { service: DOG_TAX };
  expect(shapes(events, since)).toEqual([
    { type: 'pageview', url: home },
    { type: 'engagement', url: home, engagedMs: expect.any(Number), scrollPct: 100 },
    { type: 'pageview', url: info, ref: home, ...svc },
    { type: 'service_view', url: info, ...svc },
    { type: 'engagement', url: info, engagedMs: expect.any(Number), scrollPct: depths[0], ...svc },
    { type: 'pageview', url: home, ref: info },
    { type: 'engagement', url: home, engagedMs: expect.any(Number), scrollPct: depths[1] },
    { type: 'pageview', url: info, ref: home, ...svc },
    { type: 'service_view', url: info, ...svc },
    { type: 'download', url: info, href: `${o}/media/hundesteuersatzung.pdf`, ...svc },
    { type: 'engagement', url: info, engagedMs: expect.any(Number), scrollPct: depths[2], ...svc },
    { type: 'pageview', url: step(1), ref: info, ...svc },
    { type: 'service_view', url: step(1), ...svc },
    { type: 'form_step', url: step(1), form: 'hundesteuer', step: 1, steps: 3, stepName: 'halter', ...svc },
    { type: 'form_start', url: step(1), form: 'hundesteuer', ...svc },
    { type: 'engagement', url: step(1), engagedMs: expect.any(Number), scrollPct: depths[3], ...svc },
    { type: 'pageview', url: step(2), ref: step(1), ...svc },
    { type: 'service_view', url: step(2), ...svc },
    { type: 'form_step', url: step(2), form: 'hundesteuer', step: 2, steps: 3, stepName: 'hund', ...svc },
    { type: 'form_error', url: step(2), form: 'hundesteuer', field: 'plz', step: 2, ...svc },
    { type: 'engagement', url: step(2), engagedMs: expect.any(Number), scrollPct: depths[4], ...svc },
    { type: 'pageview', url: step(3), ref: step(2), ...svc },
    { type: 'service_view', url: step(3), ...svc },
    { type: 'form_step', url: step(3), form: 'hundesteuer', step: 3, steps: 3, stepName: 'pruefen', ...svc },
    { type: 'form_submit', url: step(3), form: 'hundesteuer', ...svc },
    { type: 'engagement', url: step(3), engagedMs: expect.any(Number), scrollPct: depths[5], ...svc },
    { type: 'pageview', url: done, ref: step(3), ...svc },
    { type: 'service_view', url: done, ...svc },
    { type: 'form_confirm', url: done, form: 'hundesteuer', ...svc },
    { type: 'outbound', url: done, href: `${portal.otherOrigin}/extern`, ...svc },
    { type: 'engagement', url: done, engagedMs: expect.any(Number), scrollPct: depths[6], ...svc },
  ]);
  expect(events).toHaveLength(31);

  expectWellFormed(collector.received, SECRETS);
  // How each event travelled: by fetch while its page lived, by beacon (a no-cors request) as the page went.
  // A click that leaves the page may still make the flush timer, so the submit and the outbound link may take
  // either way; the engagement of a page being left always goes by beacon.
  const seen = new Set<string>();
  const modes = collector.received.flatMap((r) =>
    browserEvents(JSON.parse(r.body) as BrowserBatch)
      .events.filter((e) => !seen.has(e.id) && seen.add(e.id))
      .map((e) => `${e.type} ${r.fetchMode}`),
  );
  const either = expect.stringMatching(/^\S+ (no-)?cors$/);
  expect(modes).toEqual([
    'pageview cors',
    ...['engagement cors', 'pageview cors', 'service_view cors'],
    ...['engagement cors', 'pageview cors'],
    ...['engagement cors', 'pageview cors', 'service_view cors'],
    'download cors',
    'engagement no-cors',
    ...['pageview cors', 'service_view cors', 'form_step cors', 'form_start cors'],
    'engagement no-cors',
    ...['pageview cors', 'service_view cors', 'form_step cors', 'form_error cors'],
    'engagement no-cors',
    ...['pageview cors', 'service_view cors', 'form_step cors', either],
    'engagement no-cors',
    ...['pageview cors', 'service_view cors', 'form_confirm cors', either],
    'engagement no-cors',
  ]);
  await page.close();
});
