import { readFileSync } from 'node:fs';
import path from 'node:path';
import { browserBatch, type Event, event, parseSitesConfig } from '@godonu/contract';
import { REPO_ROOT } from '@godonu/infra';
import { describe, expect, it } from 'vitest';
import { benchmarkAddress, DESKTOP_USER_AGENTS, MARKER_NAME, SdkTraffic } from './sdk-traffic.ts';

const SITES = parseSitesConfig(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));
/** 2026-11-25T12:00:00Z */
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('SdkTraffic', () => {
  const traffic = new SdkTraffic(SITES, 7, 10);
  const requests = Array.from({ length: 2_000 }, (_, i) => traffic.next(NOW + i));

  it('sends valid browser batches of 1 to 10 canonical events from an allowed origin of the batch’s city', () => {
    // One expectation over all requests: thousands of expect calls would dominate the test's time.
    const wrong = requests.filter((r) => {
      const body = JSON.parse(r.body);
      const batch = browserBatch.safeParse(body);
      return (
        !batch.success ||
        // Each event in the canonical form, which the collector takes as it is.
        !body.events.every((e: unknown) => event.safeParse(e).success) ||
        batch.data.site !== r.site ||
        batch.data.events.length !== r.events ||
        r.events < 1 ||
        r.events > 10 ||
        !SITES.cities.find((c) => c.key === r.site)?.allowedOrigins.includes(r.origin) ||
        !(DESKTOP_USER_AGENTS as readonly string[]).includes(r.userAgent)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('never repeats an event id', () => {
    const ids = requests.flatMap((r) => (JSON.parse(r.body) as { events: Event[] }).events.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends every city, the larger ones more often, and every batch size', () => {
    const perCity = new Map<string, number>();
    for (const r of requests) perCity.set(r.site, (perCity.get(r.site) ?? 0) + 1);
    expect([...perCity.keys()].sort()).toEqual(SITES.cities.map((c) => c.key).sort());
    expect(perCity.get('offenbach')).toBeGreaterThan(perCity.get('limburg') as number);
    expect(new Set(requests.map((r) => r.events)).size).toBe(10);
  });

  it('is deterministic for a seed', () => {
    const again = new SdkTraffic(SITES, 7, 10);
    expect(again.next(NOW).body).toBe(requests[0]?.body);
  });

  it('sends a marker as a single custom event of its own visitor', () => {
    const marker = new SdkTraffic(SITES, 7, 10).marker('mk-test-42', NOW, 42);
    expect(marker).toMatchObject({ site: 'giessen', origin: 'https://www.giessen.de', events: 1 });
    expect(marker.clientIp).toBe('198.19.0.42');
    expect(JSON.parse(marker.body)).toEqual({
      v: 1,
      site: 'giessen',
      sentAt: NOW,
      events: [
        {
          type: 'custom',
          id: 'mk-test-42',
          ts: NOW,
          url: 'https://www.giessen.de/load-marker',
          name: MARKER_NAME,
        },
      ],
    });
  });
});

describe('benchmarkAddress', () => {
  it('stays inside 198.18.0.0/15', () => {
    expect([0, 255, 65_535, 65_536, 131_071, 131_072].map(benchmarkAddress)).toEqual([
      '198.18.0.0',
      '198.18.0.255',
      '198.18.255.255',
      '198.19.0.0',
      '198.19.255.255',
      '198.18.0.0',
    ]);
  });
});
