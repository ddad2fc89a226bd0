import { readFileSync } from 'node:fs';
import path from 'node:path';
import { browserBatch, browserEvent, browserEvents, type Event, parseSitesConfig } from '@godonu/contract';
import { REPO_ROOT } from '@godonu/infra';
import { describe, expect, it } from 'vitest';
import { benchmarkAddress, compact, DESKTOP_USER_AGENTS, MARKER_NAME, SdkTraffic } from './sdk-traffic.ts';

const SITES = parseSitesConfig(readFileSync(path.join(REPO_ROOT, 'infra/config/sites.json'), 'utf8'));
/** 2026-11-25T12:00:00Z */
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('SdkTraffic', () => {
  const traffic = new SdkTraffic(SITES, 7, 10);
  const requests = Array.from({ length: 2_000 }, (_, i) => traffic.next(NOW + i));

  it('sends valid SDK batches of 1 to 10 events from an allowed origin of the batch’s city', () => {
    // One expectation over all requests: thousands of expect calls would dominate the test's time.
    const wrong = requests.filter((r) => {
      const batch = browserBatch.safeParse(JSON.parse(r.body));
      if (!batch.success) return true;
      const read = browserEvents(batch.data);
      return (
        read.invalid > 0 ||
        read.events.length !== r.events ||
        batch.data.site !== r.site ||
        r.events < 1 ||
        r.events > 10 ||
        !SITES.cities.find((c) => c.key === r.site)?.allowedOrigins.includes(r.origin) ||
        !(DESKTOP_USER_AGENTS as readonly string[]).includes(r.userAgent)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('never repeats an event id', () => {
    const ids = requests.flatMap((r) =>
      browserEvents(browserBatch.parse(JSON.parse(r.body))).events.map((e) => e.id),
    );
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

  it('sends a marker as a single custom event of its own visitor, in the SDK’s words', () => {
    const marker = new SdkTraffic(SITES, 7, 10).marker('mk-test-42', NOW, 42);
    expect(marker).toMatchObject({ site: 'giessen', origin: 'https://www.giessen.de', events: 1 });
    expect(marker.clientIp).toBe('198.19.0.42');
    expect(marker.body).toBe(
      `{"v":1,"site":"giessen","events":[[10,"mk-test-42",${NOW},"https://www.giessen.de/load-marker",null,"${MARKER_NAME}",null]]}`,
    );
  });
});

describe('compact', () => {
  it('writes what the collector reads back as the same event', () => {
    const events: Event[] = [
      {
        type: 'pageview',
        id: 'evt-00001',
        ts: NOW,
        url: 'https://www.fulda.de/',
        ref: 'https://www.bing.com/',
      },
      {
        type: 'form_step',
        id: 'evt-00002',
        ts: NOW,
        url: 'https://formulare.fulda.de/buergerservice/hundesteuer/antrag',
        service: '99036010000000',
        form: 'antrag',
        step: 2,
        steps: 4,
      },
      {
        type: 'engagement',
        id: 'evt-00003',
        ts: NOW,
        url: 'https://www.fulda.de/',
        engagedMs: 61_000,
        scrollPct: 80,
      },
    ];
    expect(events.map((e) => browserEvent.parse(JSON.parse(compact(e))))).toEqual(events);
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
