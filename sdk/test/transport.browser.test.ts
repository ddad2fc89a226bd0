import { type BrowserBatch, browserEvents } from '@godonu/contract';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { expectWellFormed, shapes } from './support/expect-events.ts';
import { QUEUE_STUB, type ScriptAttributes, scriptTag } from './support/fixture-server.ts';
import { afterPageTimers, type Harness, quiet, startHarness } from './support/harness.ts';

interface Api {
  track(name: unknown, props?: unknown): void;
  service(key: unknown): void;
  step(index: unknown, count: unknown, name?: unknown): void;
  consent(): void;
}
type Global = Api & ((name: string, ...args: unknown[]) => void);

const DOG_TAX = '99036010000000';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());
beforeEach(() => harness.reset());

const embed = (attributes: ScriptAttributes = {}, before = ''): void =>
  harness.portal.embed(
    before + scriptTag({ site: 'giessen', endpoint: harness.collector.endpoint, ...attributes }),
  );

const godonu = <T>(page: Page, call: (g: Global) => T): Promise<T> =>
  page.evaluate(`(${call.toString()})(window.godonu)`) as Promise<T>;

const batches = (): BrowserBatch[] =>
  harness.collector.received.map((r) => JSON.parse(r.body) as BrowserBatch);
const ids = (b: BrowserBatch): string[] => browserEvents(b).events.map((e) => e.id);

it('retries after 503 and 429 when Retry-After says so, with the same events', async () => {
  embed({ flush: '100' });
  const { collector, portal } = harness;
  collector.reply({ status: 503, retryAfter: '1' }, { status: 429, retryAfter: '1' });
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  await collector.waitForEvents(1, 6000);

  const [first, second, third] = collector.received;
  expect(collector.received).toHaveLength(3);
  expect(second?.at).toBeGreaterThanOrEqual((first?.at as number) + 950);
  expect(third?.at).toBeGreaterThanOrEqual((second?.at as number) + 950);
  const [a, b, c] = batches() as [BrowserBatch, BrowserBatch, BrowserBatch];
  expect(ids(b)).toEqual(ids(a));
  expect(c).toEqual(a);
  expectWellFormed(collector.received);
  await page.close();
});

it('backs off and retries after a network error', async () => {
  embed({ flush: '100' });
  const { collector, portal } = harness;
  collector.reply('drop', 'drop');
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  await collector.waitForEvents(1, 10_000);
  const accepted = collector.received.at(-1);
  // Chromium itself may resend a POST once on a dropped keep-alive socket; the SDK's retry waits 2 s or more.
  expect(accepted?.at).toBeGreaterThanOrEqual((collector.received[0]?.at as number) + 1900);
  expect(new Set(batches().map((b) => ids(b).join()))).toHaveProperty('size', 1);
  await page.close();
});

it('sends what waits by beacon when the tab is closed', async () => {
  // Ticks 1.5 s apart: the event tracked right before closing is still waiting when the tab goes.
  embed({ flush: '1500' });
  const { collector, portal } = harness;
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/buergerservice/hundesteuer`);
  await collector.waitForEvents(2);
  // One tick counts visible time; the next is 1.5 s away.
  await new Promise((resolve) => setTimeout(resolve, 1600));
  await godonu(page, (g) => g.track('vor_dem_schliessen'));
  await page.close({ runBeforeUnload: true });
  const events = await collector.waitForEvents(4);
  expect(events.map((e) => e.type)).toEqual(['pageview', 'service_view', 'custom', 'engagement']);
  expect(events.at(-1)).toMatchObject({ engagedMs: 1500 });
  expect(collector.received.map((r) => r.fetchMode)).toEqual(['cors', 'no-cors']);
  expectWellFormed(collector.received);
});

it('reports a single-page view that a click or leaving the page follows before the next tick', async () => {
  // No tick during the test: only the click and the page being left notice the navigation.
  embed({ flush: '60000' });
  const { collector, portal } = harness;
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  await collector.waitForEvents(1);
  await page.click('#nav-hundesteuer');
  await Promise.all([page.waitForEvent('download'), page.click('#satzung')]);
  await page.click('a[href="/impressum"]');
  await page.goto(`${portal.otherOrigin}/extern`);
  const info = `${portal.origin}/buergerservice/hundesteuer`;
  const events = await collector.waitForEvents(5);
  await quiet();
  expect(shapes(collector.events(), since)).toEqual([
    { type: 'pageview', url: `${portal.origin}/` },
    { type: 'pageview', url: info, ref: `${portal.origin}/`, service: DOG_TAX },
    { type: 'service_view', url: info, service: DOG_TAX },
    { type: 'download', url: info, href: `${portal.origin}/media/hundesteuersatzung.pdf`, service: DOG_TAX },
    { type: 'pageview', url: `${portal.origin}/impressum`, ref: info },
  ]);
  expect(events).toHaveLength(5);
  expectWellFormed(collector.received);
  await page.close();
});

it('runs once when the script is embedded twice, and replays calls queued before it loaded', async () => {
  const tag = scriptTag({ site: 'giessen', endpoint: harness.collector.endpoint, flush: '100' });
  harness.portal.embed(
    `<script>${QUEUE_STUB} godonu('track', 'vorab', { quelle: 'stub' });</script>${tag}${tag}`,
  );
  const { collector, portal } = harness;
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  await godonu(page, (g) => g.track('danach'));
  await godonu(page, (g) => g('track', 'als_aufruf'));
  await quiet();
  expect(collector.events().map((e) => [e.type, e.type === 'custom' ? e.name : ''])).toEqual([
    ['pageview', ''],
    ['custom', 'vorab'],
    ['custom', 'danach'],
    ['custom', 'als_aufruf'],
  ]);
  await page.close();
});

it('passes whatever the page hands in to the collector, which makes it valid or drops it, and never throws', async () => {
  embed({ flush: '100' });
  const { collector, portal } = harness;
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${portal.origin}/online-dienste/hundesteuer/schritt-2`);
  await collector.waitForEvents(3);
  const thrown = await godonu(page, (g) => {
    try {
      g.track('Suche gestartet!', {
        treffer: 12,
        exakt: false,
        begriff: 'x'.repeat(200),
        Gross: 1,
        unendlich: Number.POSITIVE_INFINITY,
        objekt: { a: 1 },
      });
      g.track('rating', { score: 4, reason: 'zu_lang' });
      g.track('rating', { score: 9, reason: 'egal' });
      g.track('rating', { score: 2, reason: 'Freitext mit Namen' });
      g.track('rating', { score: 3, reason: ['zu_lang'] });
      g.step(3, 3, 'prüfen & senden');
      g.step(4, 3);
      g.step('x', 3);
      g.service('99115001000000');
      g.service('123');
      g.track(null);
      g.track({ toString: null });
      g('nichts');
      g('step');
      return 'none';
    } catch (e) {
      return String(e);
    }
  });
  expect(thrown).toBe('none');
  const events = await collector.waitForEvents(9);
  await quiet();
  const url = `${portal.origin}/online-dienste/hundesteuer/schritt-2`;
  const dogTax = { url, service: '99036010000000' };
  expect(shapes(collector.events(), since)).toEqual([
    { type: 'pageview', ...dogTax },
    { type: 'service_view', ...dogTax },
    { type: 'form_step', ...dogTax, form: 'hundesteuer', step: 2, steps: 3, stepName: 'hund' },
    {
      type: 'custom',
      ...dogTax,
      name: 'Suche_gestartet_',
      // Numbers, booleans and short codes only: text longer than a code, Infinity (JSON null) and objects are left out.
      props: { treffer: 12, exakt: false },
    },
    { type: 'rating', ...dogTax, score: 4, reason: 'zu_lang' },
    { type: 'rating', ...dogTax, score: 2 },
    { type: 'rating', ...dogTax, score: 3 },
    { type: 'form_step', ...dogTax, form: 'hundesteuer', step: 3, steps: 3, stepName: 'prüfen___senden' },
    { type: 'service_view', url, service: '99115001000000' },
  ]);
  expect(events).toHaveLength(9);
  expect(errors).toEqual([]);
  // Dropped by the collector: the rating of 9, steps 4 of 3 and "x" of 3, the service view of "123", and the
  // custom events named null and { toString: null }.
  expectWellFormed(collector.received, [], 6);
  expect(collector.invalid()).toBe(6);
  await page.close();
});

it('with automatic page views off, reports views when the page says so, with the script service as fallback', async () => {
  embed({ flush: '100', auto: 'false', service: '99115001000000' });
  const { collector, portal } = harness;
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/`);
  await page.click('#nav-hundesteuer');
  await quiet();
  expect(collector.received).toEqual([]);
  await godonu(page, (g) => g.track('pageview'));
  await godonu(page, (g) => g.track('pageview'));
  const events = await collector.waitForEvents(2);
  await quiet();
  const url = `${portal.origin}/buergerservice/hundesteuer`;
  // The page's own <meta> key wins over the script's data-service.
  expect(shapes(collector.events(), since)).toEqual([
    { type: 'pageview', url, service: '99036010000000' },
    { type: 'service_view', url, service: '99036010000000' },
  ]);
  expect(events).toHaveLength(2);
  await page.goto(`${portal.origin}/impressum`);
  await godonu(page, (g) => g.track('pageview'));
  const later = await collector.waitForEvents(5);
  expect(later.slice(2).map((e) => [e.type, e.url, e.service])).toEqual([
    ['engagement', url, '99036010000000'],
    ['pageview', `${portal.origin}/impressum`, '99115001000000'],
    ['service_view', `${portal.origin}/impressum`, '99115001000000'],
  ]);
  await page.close();
});

it('works the same from the npm build in a single-page app', async () => {
  const { collector, portal } = harness;
  portal.embed(`<script type="module">
    import { init } from '/godonu.mjs';
    const godonu = init({ site: 'giessen', endpoint: '${collector.endpoint}', flushMs: 100, query: ['lang'] });
    window.npm = { godonu, again: init({ site: 'other', endpoint: 'http://invalid.example' }) === godonu };
  </script>`);
  const since = Date.now();
  const page = await harness.browser.context.newPage();
  await page.goto(`${portal.origin}/?lang=de&name=Erika`);
  await collector.waitForEvents(1);
  expect(await page.evaluate(() => (window as unknown as { npm: { again: boolean } }).npm.again)).toBe(true);
  // The first view leaves at once, before the SDK's first tick; visible time is counted per tick, and a view
  // left before any tick has no engagement to report.
  await afterPageTimers(page, 100);
  await page.click('#nav-hundesteuer');
  const events = await collector.waitForEvents(4);
  expect(shapes(events, since)).toEqual([
    { type: 'pageview', url: `${portal.origin}/?lang=de` },
    {
      type: 'engagement',
      url: `${portal.origin}/?lang=de`,
      engagedMs: expect.any(Number),
      scrollPct: expect.any(Number),
    },
    {
      type: 'pageview',
      url: `${portal.origin}/buergerservice/hundesteuer`,
      ref: `${portal.origin}/?lang=de`,
      service: '99036010000000',
    },
    { type: 'service_view', url: `${portal.origin}/buergerservice/hundesteuer`, service: '99036010000000' },
  ]);
  expectWellFormed(collector.received, ['Erika']);
  await page.close();
});
