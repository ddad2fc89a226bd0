import { bundleModule, bundleScriptTag } from '../../build/bundle.ts';
import { launchChromium, type TestBrowser } from './chromium.ts';
import { startCollector, type TestCollector } from './collector.ts';
import { type FixtureServer, startFixtureServer } from './fixture-server.ts';

/** Everything a browser test file needs: both builds from the current sources, the portal, a collector, Chromium. */
export interface Harness {
  browser: TestBrowser;
  portal: FixtureServer;
  collector: TestCollector;
  close(): Promise<void>;
}

export const startHarness = async (): Promise<Harness> => {
  const [scriptTag, module] = await Promise.all([bundleScriptTag(), bundleModule()]);
  const [portal, collector, browser] = await Promise.all([
    startFixtureServer({ scriptTag, module }),
    startCollector(),
    launchChromium(),
  ]);
  return {
    browser,
    portal,
    collector,
    async close() {
      await browser.close();
      await Promise.all([portal.close(), collector.close()]);
    },
  };
};

/** Lets timers and beacons of the page run out: longer than the tests' 100 ms flush timer. */
export const quiet = (ms = 400): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
