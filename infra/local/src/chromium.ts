import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export interface TestBrowser {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  close(): Promise<void>;
}

/** The flags this machine needs: no sandbox as root, and no background connections its closed network refuses. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Debian's Chromium (`npm test` installs it), headless, with a new empty profile: no cookies, storage or
 * settings from anywhere else. `userAgent` is passed as a flag so that beacons sent during unload carry it too.
 */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number }; userAgent?: string } = {},
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'godonu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: opts.userAgent ? [...FLAGS, `--user-agent=${opts.userAgent}`] : FLAGS,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
