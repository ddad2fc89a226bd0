/*
 * The one-command demo as a person uses it: `npm start`'s pipeline (collector, processor, api, demo portal) on
 * this run's Kafka and ClickHouse, a visit to the demo portal in real Chromium, and the visit showing up in the
 * api's realtime report within seconds. Then Ctrl-C (SIGINT) must stop everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isPortFree, REPO_ROOT } from '@godonu/infra';
import { launchChromium, type TestBrowser } from '@godonu/infra/chromium';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/infra.ts';

// A desktop Chrome; the collector drops headless browsers as bots, including Chromium's own headless user agent.
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const VISIBLE_DEADLINE_MS = 20_000;

let start: ChildProcess;
let output = '';
const ports = { COLLECTOR_PORT: 0, API_PORT: 0, PORTAL_PORT: 0, PROCESSOR_PORT: 0 };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'godonu-e2e-data-'));
let browser: TestBrowser;

async function waitForOutput(pattern: RegExp, deadlineMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const match = pattern.exec(output);
    if (match) return match;
    if (start.exitCode !== null) break;
    await sleep(200);
  }
  throw new Error(`npm start did not print ${pattern}; output so far:\n${output}`);
}

beforeAll(async () => {
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  const prefix = `${uniqueName('e2e')}.`;
  // The demo portal runs on a free port here, so Gießen's allowed origins get that origin too.
  const sites = JSON.parse(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));
  for (const city of sites.cities) {
    if (city.key === 'giessen') city.allowedOrigins.push(`http://127.0.0.1:${ports.PORTAL_PORT}`);
  }
  const sitesFile = path.join(dataDir, 'sites.json');
  writeFileSync(sitesFile, JSON.stringify(sites));
  // As `npm start` runs it in the end: node with tsx as a loader, one process that gets the signal itself.
  start = spawn(process.execPath, ['--import', 'tsx', 'infra/local/src/start.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      KAFKA_BROKERS: inject('kafkaBrokers'),
      CLICKHOUSE_URL: inject('clickhouseUrl'),
      CLICKHOUSE_DATABASE: uniqueName('e2e'),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `${prefix}processor`,
      GODONU_DATA_DIR: dataDir,
      DEMO_TRAFFIC: '0',
      GODONU_SITES_FILE: sitesFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start.stdout?.on('data', (d) => {
    output += d;
  });
  start.stderr?.on('data', (d) => {
    output += d;
  });
  await waitForOutput(/godonu is running/, 150_000);
  browser = await launchChromium({ userAgent: DESKTOP_CHROME });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (start && start.exitCode === null) start.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('shows a visit to the demo portal in the realtime report within seconds', async () => {
    const cityKey = (await waitForOutput(/city team Gießen\s+(\S+)/, 1000))[1] as string;
    const page = await browser.context.newPage();
    const visitedAt = Date.now();
    await page.goto(`http://127.0.0.1:${ports.PORTAL_PORT}/`);
    await page.click('#karte-hundesteuer');
    await page.click('#online-beantragen');
    await page.waitForURL('**/online-dienste/hundesteuer/schritt-1');
    await page.close({ runBeforeUnload: true });

    let report: { pageviews: number; pages: { path: string; pageviews: number }[] } | undefined;
    while (Date.now() - visitedAt < VISIBLE_DEADLINE_MS) {
      const res = await fetch(`http://127.0.0.1:${ports.API_PORT}/v1/cities/giessen/realtime`, {
        headers: { authorization: `Bearer ${cityKey}` },
      });
      report = await res.json();
      if ((report?.pageviews ?? 0) >= 3) break;
      await sleep(500);
    }
    console.log(`visit visible in the realtime report after ${Date.now() - visitedAt} ms`);
    // Start page, the SPA navigation to the service page, and the form's first step.
    expect(report?.pageviews).toBe(3);
    expect(report?.pages.map((p) => [p.path, p.pageviews]).sort()).toEqual([
      ['/', 1],
      ['/buergerservice/hundesteuer', 1],
      ['/online-dienste/hundesteuer/schritt-1', 1],
    ]);
  });

  it('stops every service on Ctrl-C and frees their ports', async () => {
    const exited = new Promise<number | null>((resolve) => start.once('exit', (code) => resolve(code)));
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of Object.values(ports)) expect(await isPortFree(port), `port ${port}`).toBe(true);
  });
});
