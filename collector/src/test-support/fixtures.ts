/** Test doubles and fixtures for the collector's unit tests (no I/O). */
import type { Event, SitesConfig } from '@godonu/contract';
import { type AppDeps, buildApp } from '../app.ts';
import { type CollectorConfig, loadConfig } from '../config.ts';
import { type CountryLookup, openCountryDatabase } from '../ingest/country-lookup.ts';
import type { EventMessage } from '../ingest/to-record.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import type { Salt, SaltSource } from '../salt/salt-keeper.ts';
import { loadSdkAsset } from '../sdk/sdk-asset.ts';
import { createSiteRegistry, sha256Hex } from '../sites/site-registry.ts';

/** 2025-11-24T12:00:00Z */
export const NOW = Date.UTC(2025, 10, 24, 12, 0, 0);
export const TODAY = '2025-11-24';
export const SALT = Buffer.from('11'.repeat(32), 'hex');

export const UA = {
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  headless:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
} as const;

export const INGEST_KEY = 'test-ingest-giessen';

export const SITES: SitesConfig = {
  cities: [
    {
      key: 'giessen',
      name: 'Gießen',
      ags: '06531005',
      population: { inhabitants: 92000, asOf: '2024-12-31', source: 'test' },
      portalHosts: ['www.giessen.de'],
      allowedOrigins: ['https://www.giessen.de', 'https://formulare.giessen.de'],
      ingestKeySha256: [sha256Hex(INGEST_KEY)],
      queryAllowlist: ['lang'],
      serviceRules: [],
      namedInComparisons: true,
    },
    {
      key: 'fulda',
      name: 'Fulda',
      ags: '06631009',
      population: { inhabitants: 70000, asOf: '2024-12-31', source: 'test' },
      portalHosts: ['www.fulda.de'],
      allowedOrigins: ['https://www.fulda.de'],
      ingestKeySha256: [sha256Hex('test-ingest-fulda')],
      queryAllowlist: [],
      serviceRules: [],
      namedInComparisons: true,
    },
  ],
  services: [],
};

export function pageview(overrides: Partial<Event> = {}): Event {
  return {
    type: 'pageview',
    id: 'evt-0001',
    ts: NOW - 1000,
    url: 'https://www.giessen.de/buergerservice/hundesteuer',
    ...overrides,
  } as Event;
}

export function batch(events: Event[], site = 'giessen') {
  return { v: 1, site, sentAt: NOW, events };
}

/** Salts that exist for the given days only. */
export class FixedSalts implements SaltSource {
  constructor(private readonly salts: Record<string, Buffer> = { [TODAY]: SALT }) {}
  current(_site: string, now: number): Salt | undefined {
    const day = new Date(now).toISOString().slice(0, 10);
    const key = this.salts[day];
    return key ? { day, key } : undefined;
  }
  ready(now: number): boolean {
    return this.current('giessen', now) !== undefined;
  }
}

/** Records what it was asked to publish; `fail` makes it reject like the real sink. */
export class RecordingSink {
  readonly published: EventMessage[] = [];
  depth = 0;
  fail: Error | undefined;
  async publish(messages: EventMessage[]): Promise<void> {
    if (this.fail) throw this.fail;
    this.published.push(...messages);
  }
  records(): unknown[] {
    return this.published.map((m) => JSON.parse(m.value));
  }
}

let shippedCountries: CountryLookup | undefined;
/** The data set the collector ships, read once per test file: records carry the countries production would. */
export function testCountries(): CountryLookup {
  shippedCountries ??= openCountryDatabase();
  return shippedCountries;
}

export function testConfig(env: Record<string, string> = {}): CollectorConfig {
  return loadConfig({ COLLECTOR_LOG_LEVEL: 'silent', ...env });
}

/** An app on test doubles; everything can be overridden. */
export async function testApp(overrides: Partial<AppDeps> = {}) {
  const sink = new RecordingSink();
  const metrics = createMetrics();
  const deps: AppDeps = {
    config: testConfig(),
    logger: createLogger('silent'),
    sites: createSiteRegistry(SITES),
    salts: new FixedSalts(),
    sink,
    countries: testCountries(),
    metrics,
    sdk: () => loadSdkAsset('/nonexistent/sdk.js'),
    readiness: async () => ({ ready: true, checks: { kafka: true, salts: true } }),
    now: () => NOW,
    ...overrides,
  };
  const app = await buildApp(deps);
  return { app, sink, metrics, deps };
}
