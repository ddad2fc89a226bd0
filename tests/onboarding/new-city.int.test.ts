/*
 * A new city joins as infra/config/NEUE-STADT.md tells its web team: Kassel (AGS 06611000) is added to a copy of
 * the sites file with `sites add`, together with the host of the form vendor it shares with Gießen; `sites check`
 * accepts the file; the pipeline (collector, processor, api as separate processes) starts on it; citizens of both
 * cities use the vendor's forms in real Chromium with each city's script tag, and Gießen's backend reports one
 * page view on the vendor's host with its ingest key. Every event is stored under the city it was sent for, and
 * each city's realtime view shows exactly its own.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { demoIngestKey, parseSitesConfig, type SitesConfig } from '@godonu/contract';
import { freePort, REPO_ROOT } from '@godonu/infra';
import type { TestBrowser } from '@godonu/infra/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNA, BEN, openBrowser } from '../e2e/journeys.ts';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import {
  abandonInGiessen,
  completeInKassel,
  DOG_TAX,
  formPath,
  KASSEL_HOST,
  type Portals,
  SERVICE_PAGE,
  startPortals,
  VENDOR_HOST,
} from './shared-form-host.ts';

const run = promisify(execFile);
/** From the last journey to the last row in ClickHouse; the processor's fetch waits up to 500 ms. */
const ARRIVAL_DEADLINE_MS = 30_000;
/** Polls (250 ms apart) without change after which nothing more is on its way. */
const SETTLED_POLLS = 4;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** The server-side visitor Gießen's backend reports, as its web server saw them (documentation addresses). */
const SERVER_VISITOR = {
  ip: '198.51.100.77',
  ua: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:146.0) Gecko/20100101 Firefox/146.0',
};

let dir: string;
let sitesFile: string;
let ports: { kassel: number; vendor: number };
/** The repository's sites file, as copied. */
let original: SitesConfig;
let pipeline: Pipeline;
let portals: Portals;
const browsers: TestBrowser[] = [];
const commands: Record<'addKassel' | 'shareWithGiessen' | 'check', string[]> = {
  addKassel: [],
  shareWithGiessen: [],
  check: [],
};

/** `pnpm -s --filter @godonu/infra sites …` as the guide writes it, in demo mode (loopback origins). */
async function sites(args: string[]): Promise<string[]> {
  const { stdout } = await run('pnpm', ['-s', '--filter', '@godonu/infra', 'sites', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, GODONU_DEMO: '1' },
  });
  return stdout.trimEnd().split('\n');
}

function giessenOf(sites: SitesConfig) {
  const giessen = sites.cities.find((c) => c.key === 'giessen');
  if (!giessen) throw new Error('the sites file has no giessen');
  return giessen;
}

/** A list as the command prints it. */
const listed = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

async function api<T>(pathAndQuery: string, key: string): Promise<T> {
  const res = await fetch(`${pipeline.services.api.url}${pathAndQuery}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  if (res.status !== 200) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Stored events per city, mode and kind; engagement apart (how many arrive depends on timing). */
async function storedEvents(): Promise<string[]> {
  const rows = await (
    await pipeline.clickhouse.query({
      query: `SELECT site, mode, event_type, count() AS n FROM events WHERE event_type != 'engagement'
              GROUP BY site, mode, event_type ORDER BY site, mode, event_type`,
      format: 'JSONEachRow',
    })
  ).json<{ site: string; mode: string; event_type: string; n: string }>();
  return rows.map((r) => `${r.site} ${r.mode} ${r.event_type} ${r.n}`);
}

/** Gießen's backend forwards one page view of its form on the vendor's host, with Gießen's ingest key. */
async function reportFromGiessenBackend(): Promise<void> {
  const ts = Date.now();
  const res = await fetch(`${pipeline.services.collector.url}/v1/events/server`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoIngestKey('giessen')}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      v: 1,
      site: 'giessen',
      sentAt: ts,
      events: [
        {
          ...SERVER_VISITOR,
          event: {
            type: 'pageview',
            id: `giessen-backend-${ts}`,
            ts,
            url: `${portals.vendorOrigin}${formPath('giessen', 'antrag')}`,
            service: DOG_TAX,
          },
        },
      ],
    }),
  });
  expect([res.status, await res.text()]).toEqual([202, '{"accepted":1,"dropped":0}']);
}

beforeAll(async () => {
  // The script tag is the SDK's build, served by the collector.
  await run('pnpm', ['--filter', '@godonu/sdk', 'build'], { cwd: REPO_ROOT });
  ports = { kassel: await freePort(), vendor: await freePort() };
  dir = mkdtempSync(path.join(os.tmpdir(), 'godonu-new-city-'));
  sitesFile = path.join(dir, 'sites.json');
  copyFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), sitesFile);
  original = parseSitesConfig(readFileSync(sitesFile, 'utf8'));
  const vendorOrigin = `http://${VENDOR_HOST}:${ports.vendor}`;

  commands.addKassel = await sites([
    'add',
    '--file',
    sitesFile,
    '--key',
    'kassel',
    '--name',
    'Kassel',
    '--ags',
    '06611000',
    '--inhabitants',
    '200000',
    '--population-date',
    '2024-12-31',
    '--population-source',
    'example figure of the onboarding test',
    '--portal-host',
    KASSEL_HOST,
    '--portal-host',
    VENDOR_HOST,
    '--origin',
    `http://${KASSEL_HOST}:${ports.kassel}`,
    '--origin',
    vendorOrigin,
    '--ingest-key-sha256',
    sha256(demoIngestKey('kassel')),
    '--service-rule',
    '^/buergerservice/hundesteuer=99036010000000',
    '--named-in-comparisons',
    'yes',
  ]);
  // Lists are replaced as a whole: Gießen keeps its hosts and origins and gains the vendor's.
  const giessen = giessenOf(original);
  commands.shareWithGiessen = await sites([
    'add',
    '--file',
    sitesFile,
    '--key',
    'giessen',
    ...[...giessen.portalHosts, VENDOR_HOST].flatMap((h) => ['--portal-host', h]),
    ...[...giessen.allowedOrigins, vendorOrigin].flatMap((o) => ['--origin', o]),
  ]);
  commands.check = await sites(['check', sitesFile]);

  const configured = parseSitesConfig(readFileSync(sitesFile, 'utf8'));
  pipeline = await startPipeline({
    sites: (s) => {
      s.cities = configured.cities;
      s.services = configured.services;
    },
  });
  portals = await startPortals({
    collector: pipeline.services.collector.url,
    kasselPort: ports.kassel,
    vendorPort: ports.vendor,
    vendorCities: ['kassel', 'giessen'],
  });
}, 180_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portals?.close();
  await pipeline?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a new city whose forms are on a host it shares with another city', () => {
  it('is added with the command, which shows every field, and the shared host passes the check', () => {
    const kasselOrigin = `http://${KASSEL_HOST}:${ports.kassel}`;
    const vendorOrigin = `http://${VENDOR_HOST}:${ports.vendor}`;
    const restart =
      'The services read the file at start: restart the processor, then the api, then the collector (infra/config/README.md, "After a change").';
    expect(commands.addKassel).toEqual([
      `${sitesFile}: city kassel added`,
      '+ key: "kassel"',
      '+ name: "Kassel"',
      '+ ags: "06611000"',
      '+ population.inhabitants: 200000',
      '+ population.asOf: "2024-12-31"',
      '+ population.source: "example figure of the onboarding test"',
      `+ portalHosts: ["${KASSEL_HOST}", "${VENDOR_HOST}"]`,
      `+ allowedOrigins: ["${kasselOrigin}", "${vendorOrigin}"]`,
      `+ ingestKeySha256: ["${sha256(demoIngestKey('kassel'))}"]`,
      '+ queryAllowlist: []',
      '+ serviceRules: [{ "pathPattern": "^/buergerservice/hundesteuer", "service": "99036010000000" }]',
      '+ namedInComparisons: true',
      restart,
    ]);
    const { portalHosts, allowedOrigins } = giessenOf(original);
    expect(commands.shareWithGiessen).toEqual([
      `${sitesFile}: city giessen changed`,
      `- portalHosts: ${listed(portalHosts)}`,
      `+ portalHosts: ${listed([...portalHosts, VENDOR_HOST])}`,
      `- allowedOrigins: ${listed(allowedOrigins)}`,
      `+ allowedOrigins: ${listed([...allowedOrigins, vendorOrigin])}`,
      restart,
    ]);
    expect(commands.check).toEqual([
      `${sitesFile}: ${original.cities.length + 1} cities, ${original.services.length} services, no problems`,
    ]);
  });

  it("stores every event under the city it was sent for, on both cities' pages of the shared host", async () => {
    const [anna, ben] = [await openBrowser(ANNA), await openBrowser(BEN)];
    browsers.push(anna, ben);
    await completeInKassel(anna, portals);
    await abandonInGiessen(ben, portals);
    await reportFromGiessenBackend();
    const expected = [
      'giessen browser form_start 1',
      'giessen browser form_step 2',
      'giessen browser pageview 2',
      'giessen browser service_view 2',
      'giessen server pageview 1',
      'kassel browser form_confirm 1',
      'kassel browser form_start 1',
      'kassel browser form_step 2',
      'kassel browser form_submit 1',
      'kassel browser outbound 1',
      'kassel browser pageview 5',
      'kassel browser service_view 4',
    ];
    // The browsers stay open until everything arrived: closing one could cancel a beacon still in flight.
    const start = Date.now();
    let events = await storedEvents();
    let settled = 0;
    while (Date.now() - start < ARRIVAL_DEADLINE_MS && settled < SETTLED_POLLS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await storedEvents();
      settled =
        JSON.stringify(now) === JSON.stringify(events) && now.length === expected.length ? settled + 1 : 0;
      events = now;
    }
    expect(events).toEqual(expected);

    const pages = await (
      await pipeline.clickhouse.query({
        query: `SELECT site, path, service, count() AS n FROM events WHERE event_type = 'pageview'
                GROUP BY site, path, service ORDER BY site, path`,
        format: 'JSONEachRow',
      })
    ).json<{ site: string; path: string; service: string; n: string }>();
    expect(pages.map((r) => `${r.site} ${r.path} ${r.service || '-'} ${r.n}`)).toEqual([
      `giessen ${formPath('giessen', 'antrag')} ${DOG_TAX} 2`,
      `giessen ${formPath('giessen', 'hund')} ${DOG_TAX} 1`,
      'kassel / - 1',
      `kassel ${SERVICE_PAGE} ${DOG_TAX} 1`,
      `kassel ${formPath('kassel', 'antrag')} ${DOG_TAX} 1`,
      `kassel ${formPath('kassel', 'fertig')} ${DOG_TAX} 1`,
      `kassel ${formPath('kassel', 'hund')} ${DOG_TAX} 1`,
    ]);
  }, 120_000);

  it('drops nothing as foreign_host, and shows each city exactly its own in the realtime view', async () => {
    const metrics = await (await fetch(`${pipeline.services.processor.url}/metrics`)).text();
    // Duplicates are not counted here: a beacon the browser retried while a page went away is one, by design.
    expect(
      metrics.split('\n').filter((l) => l.startsWith('godonu_processor_dropped_total{reason="foreign')),
    ).toEqual(['godonu_processor_dropped_total{reason="foreign_host"} 0']);
    type Realtime = {
      visitors: number;
      pageviews: number;
      pages: { path: string; visitors: number; pageviews: number }[];
    };
    const realtime = async (city: string) => {
      const r = await api<Realtime>(`/v1/cities/${city}/realtime`, await pipeline.apiKey('city', city));
      return {
        visitors: r.visitors,
        pageviews: r.pageviews,
        pages: r.pages.map((p) => `${p.path} ${p.visitors} ${p.pageviews}`),
      };
    };
    expect(await realtime('kassel')).toEqual({
      visitors: 1,
      pageviews: 5,
      pages: [
        '/ 1 1',
        `${SERVICE_PAGE} 1 1`,
        `${formPath('kassel', 'antrag')} 1 1`,
        `${formPath('kassel', 'fertig')} 1 1`,
        `${formPath('kassel', 'hund')} 1 1`,
      ],
    });
    expect(await realtime('giessen')).toEqual({
      visitors: 2,
      pageviews: 3,
      pages: [`${formPath('giessen', 'antrag')} 2 2`, `${formPath('giessen', 'hund')} 1 1`],
    });
  });
});
