import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import type { Page } from 'playwright-core';
import { bundleFeedback, bundleModule, bundleScriptTag } from '../../build/bundle.ts';
import { startCollector, type TestCollector } from './collector.ts';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';

/** Everything a browser test file needs: the builds from the current sources, the portal, a collector, Chromium. */
export interface Harness {
  browser: TestBrowser;
  portal: FixtureServer;
  collector: TestCollector;
  /**
   * Closes the pages a previous test left open and waits for their last beacons, then forgets what the
   * collector received: each test sees its own requests only.
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const startHarness = async (): Promise<Harness> => {
  const [scriptTag, feedback, module] = await Promise.all([
    bundleScriptTag(),
    bundleFeedback(),
    bundleModule(),
  ]);
  const [portal, collector, browser] = await Promise.all([
    startFixtureServer({ scriptTag, feedback, module }),
    startCollector(),
    launchChromium(),
  ]);
  return {
    browser,
    portal,
    collector,
    async reset() {
      // A page the test closed itself may still be closing: closing it again is no error here.
      await Promise.all(
        browser.context.pages().map((p) => p.close({ runBeforeUnload: true }).catch(() => undefined)),
      );
      await quiet();
      collector.clear();
    },
    async close() {
      await browser.close();
      await Promise.all([portal.close(), collector.close()]);
    },
  };
};

/** Lets timers and beacons of the page run out: longer than the tests' 100 ms flush timer. */
export const quiet = (ms = 400): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once the page's own timers due within `ms` have run: the SDK's next tick, for `ms` at least its flush
 * period. The page runs its timers in the order they are due, however late a busy machine runs them; a wait in
 * the test's process (`quiet`) is not ordered with the page's timers at all.
 */
export const afterPageTimers = (page: Page, ms: number): Promise<unknown> =>
  page.evaluate((t) => new Promise((resolve) => setTimeout(resolve, t)), ms);
