import type { BrowserBatch } from '@godonu/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scriptTag } from './support/fixture-server.ts';
import { type Harness, quiet, startHarness } from './support/harness.ts';

/*
 * When batches leave, with the page's clock under the test's control. Playwright's clock belongs to the whole
 * browser context, so this file has a browser of its own: the other files' pages keep the real time.
 */

interface Api {
  track(name: unknown, props?: unknown): void;
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const batches = (): BrowserBatch[] =>
  harness.collector.received.map((r) => JSON.parse(r.body) as BrowserBatch);

it('sends the first view at once, ten waiting events without the timer, and the rest with the timer', async () => {
  harness.portal.embed(scriptTag({ site: 'giessen', endpoint: harness.collector.endpoint, flush: '3000' }));
  const { collector, portal } = harness;
  let release = (): void => undefined;
  collector.reply({ status: 202, after: new Promise<void>((resolve) => (release = resolve)) });
  const page = await harness.browser.context.newPage();
  // The page's timers stand still until the test moves them: no tick can send what the size must.
  // (Half a minute in the past, so that no event's time lies ahead of the collector's.)
  const now = Date.now();
  await page.clock.install({ time: now - 60_000 });
  await page.clock.pauseAt(now - 30_000);
  await page.goto(`${portal.origin}/`);
  await collector.waitForEvents(1);
  const track = (from: number, to: number) =>
    page.evaluate(
      (range) => {
        const g = (window as unknown as { godonu: Api }).godonu;
        for (let i = range.from; i <= range.to; i++) g.track('faq_opened', { nr: i });
      },
      { from, to },
    );
  const sizes = () => batches().map((b) => b.events.length);

  // Eleven while the first batch is unanswered: one request at a time, so they wait, then all leave at once.
  await track(1, 11);
  await quiet();
  expect(sizes()).toEqual([1]);
  release();
  await collector.waitForEvents(12);
  expect(sizes()).toEqual([1, 11]);

  // One alone waits for a tick. A tick while the previous request is still being answered finds it in flight,
  // so the clock moves tick by tick until it leaves.
  await track(12, 12);
  await quiet();
  expect(sizes()).toEqual([1, 11]);
  for (const deadline = Date.now() + 20_000; collector.events().length < 13 && Date.now() < deadline; ) {
    await page.clock.runFor(3000);
    await quiet(100);
  }
  expect(sizes()).toEqual([1, 11, 1]);

  // Ten leave without a tick, whether the last request is still in flight or not.
  await track(13, 22);
  const all = await collector.waitForEvents(23);
  expect(sizes()).toEqual([1, 11, 1, 10]);
  expect(all.slice(1).map((e) => (e.type === 'custom' ? e.props?.nr : e.type))).toEqual(
    Array.from({ length: 22 }, (_, i) => i + 1),
  );
  await page.close();
});
