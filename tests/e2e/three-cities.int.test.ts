/*
 * End to end, as citizens and city teams meet the system: the demo portals of Gießen, Marburg and Fulda with the
 * real script tag (served by the collector), citizens in real headless Chromium (journeys.ts), the events through
 * collector → Kafka → processor → ClickHouse as separate processes, and the api's reports and the dashboard
 * showing exactly the numbers worked out by hand from the script (expected.ts). At the end the privacy scan reads
 * every table and every Kafka record the run produced and finds nothing personal in them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@godonu/infra';
import type { TestBrowser } from '@godonu/infra/chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  calendarPeriod,
  disclosureSummary,
  latestClosed,
  openPeriods,
  reportDay,
} from '../support/disclosure.ts';
import { type Pipeline, startPipeline } from '../support/pipeline.ts';
import {
  apiAnswer,
  apiGet,
  type Breakdown,
  type CityReport,
  type Comparison,
  type Engagement,
  type Funnel,
  type Links,
  type Realtime,
} from './api-answers.ts';
import { type CityPortals, EXTERN_HOST, reservePortals, startPortals } from './city-portals.ts';
import { readDashboard } from './dashboard.ts';
import {
  BROWSERS,
  CHANNELS,
  CITIES,
  type City,
  CLOSED_MONTH_COMPARISON,
  CLOSED_MONTH_STATISTICS,
  DEVICES,
  ENGAGEMENT,
  ENGAGEMENT_EVENTS,
  ENTRY_PAGES,
  EVENTS,
  EVENTS_BESIDES_ENGAGEMENT,
  FUNNEL,
  HUNDESTEUER,
  LINKS,
  PAGES,
  type ShownCity,
  STAGES,
  type Statistics,
  SUMMARY,
  withTimesToComplete,
} from './expected.ts';
import {
  ANNA,
  abandonAtPostcode,
  abandonAtSurname,
  BEN,
  bounce,
  CLARA,
  completeForm,
  DORA,
  DORA_EMAIL,
  EMAIL,
  type Journal,
  openPacedBrowser,
  READ_MS,
  reportFromBackend,
  SERVICE_PAGE,
  TYPED_NAMES,
} from './journeys.ts';
import { type Finding, readClickHouse, readKafka, type ScanRules, scanText } from './privacy-scan.ts';

const SHOTS = path.join(REPO_ROOT, 'tests/artifacts/e2e');
/** From the last journey's beacon to the last row in ClickHouse; the processor's fetch waits up to 500 ms. */
const ARRIVAL_DEADLINE_MS = 30_000;
/** Polls (250 ms apart) without change after which nothing more is on its way. */
const SETTLED_POLLS = 4;
/** The api's smallest k, and a secret of the test's own for the noise of what other parties see. */
const K = 5;
const DISCLOSURE_SECRET = 'three-cities e2e: a fixed disclosure secret of the test';
const QUALITY_FLUSH_MS = 1000;
/** Until the collector's tallies of the crawler and the opted-out visitor are in the warehouse. */
const QUALITY_DEADLINE_MS = 30_000;
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** What the city itself and admins get: exact numbers over any period. */
const ownDisclosure = { perturbed: false, calendarPeriod: null, ...disclosureSummary(K) };
/** The comparison's order: named cities by German name (an admin names every city). */
const COMPARISON_ORDER = ['fulda', 'giessen', 'limburg', 'marburg', 'offenbach', 'wetzlar'];
const PERIOD_NOT_PUBLISHED =
  'numbers of other cities are published only for whole, closed calendar periods: period=2026-W47 (ISO week), 2026-11 (month), 2026-Q4 (quarter) or 2026 (year), ended before today; from/to only where they equal one such period';

let pipeline: Pipeline;
let portals: CityPortals;
let keys: Record<City | 'admin', string>;
const browsers: TestBrowser[] = [];
const journal: Journal = [];
/** Engagement reports that arrived: one per page view in the browser (ENGAGEMENT_EVENTS). */
let engagementEvents = 0;
/** Seconds from form start to confirmation of each city's one completed form, as the raw rows have it. */
const timeToComplete = {} as Record<City, number>;
const timings: Record<string, number> = {};

function api<T>(pathAndQuery: string, key: string): Promise<T> {
  return apiGet<T>(pipeline.services.api.url, pathAndQuery, key);
}

/** Raw events per city and type, engagement apart. */
async function eventCounts(): Promise<{
  events: Record<string, Record<string, number>>;
  engagement: Record<string, number>;
}> {
  const rows = await (
    await pipeline.clickhouse.query({
      query: 'SELECT site, event_type, count() AS n FROM events GROUP BY site, event_type',
      format: 'JSONEachRow',
    })
  ).json<{ site: string; event_type: string; n: string }>();
  const out = {
    events: {} as Record<string, Record<string, number>>,
    engagement: {} as Record<string, number>,
  };
  for (const r of rows) {
    if (r.event_type === 'engagement') out.engagement[r.site] = Number(r.n);
    else out.events[r.site] = { ...out.events[r.site], [r.event_type]: Number(r.n) };
  }
  return out;
}

beforeAll(async () => {
  const t0 = Date.now();
  mkdirSync(SHOTS, { recursive: true });
  // The script tag the portals embed is the SDK's build, served by the collector; the dashboard is the api's.
  execFileSync('pnpm', ['--filter', '@godonu/sdk', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
  execFileSync('pnpm', ['--filter', '@godonu/api', 'build:web'], { cwd: REPO_ROOT, stdio: 'ignore' });
  const reserved = await reservePortals();
  pipeline = await startPipeline({
    sites: reserved.configure,
    env: {
      api: { K_ANONYMITY: String(K), DISCLOSURE_SECRET },
      // The collector's quality tallies within a second, not the default minute.
      collector: { COLLECTOR_QUALITY_FLUSH_MS: String(QUALITY_FLUSH_MS) },
    },
  });
  portals = await startPortals(reserved.ports, pipeline.services.collector.url);
  keys = {
    giessen: await pipeline.apiKey('city', 'giessen'),
    marburg: await pipeline.apiKey('city', 'marburg'),
    fulda: await pipeline.apiKey('city', 'fulda'),
    admin: await pipeline.apiKey('admin'),
  };
  timings.setup = Date.now() - t0;
}, 180_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  await portals?.close();
  await pipeline?.stop();
  console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
});

describe('citizens of Gießen, Marburg and Fulda', () => {
  it('journeys in Chromium arrive in ClickHouse event by event', async () => {
    const t0 = Date.now();
    const { giessen, marburg, fulda } = portals.portals;
    const [anna, ben, clara] = [
      await openPacedBrowser(ANNA),
      await openPacedBrowser(BEN),
      await openPacedBrowser(CLARA),
    ];
    browsers.push(anna, ben, clara);
    journal.push(...(await completeForm(anna, giessen.origin, 5)));
    journal.push(
      ...(await completeForm(anna, marburg.origin, 4, path.join(SHOTS, 'portal-marburg-confirmation.png'))),
    );
    journal.push(...(await completeForm(anna, fulda.origin, 2)));
    journal.push(...(await abandonAtPostcode(ben, giessen.origin)));
    journal.push(...(await abandonAtSurname(ben, marburg.origin)));
    journal.push(
      ...(await bounce(clara, giessen.origin, '/', READ_MS.claraGiessen, `?name=Max&email=${EMAIL}`)),
    );
    journal.push(...(await bounce(clara, fulda.origin, SERVICE_PAGE, READ_MS.claraFulda)));
    journal.push(...(await reportFromBackend(pipeline.services.collector.url, fulda.origin)));
    timings.journeys = Date.now() - t0;

    // The browsers stay open until everything arrived: closing one could cancel a beacon still in flight. The
    // last beacons carry engagement, so the wait goes on until it stops growing too.
    let counts = await eventCounts();
    let settled = 0;
    while (Date.now() - t0 - timings.journeys < ARRIVAL_DEADLINE_MS && settled < SETTLED_POLLS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await eventCounts();
      settled = sameCounts(now.events) && fingerprint(now) === fingerprint(counts) ? settled + 1 : 0;
      counts = now;
    }
    timings.arrival = Date.now() - t0 - timings.journeys;
    expect(counts.events).toEqual(EVENTS);
    expect(counts.engagement).toEqual(ENGAGEMENT_EVENTS);
    engagementEvents = Object.values(counts.engagement).reduce((a, b) => a + b, 0);
    for (const b of browsers.splice(0)) await b.close();

    // The processor times each confirmation from the visit's first form start (the SDK cannot: other page loads).
    const completions = await (
      await pipeline.clickhouse.query({
        query: `SELECT site, toUnixTimestamp64Milli(minIf(ts, event_type = 'form_start')) AS started,
                       toUnixTimestamp64Milli(anyIf(ts, event_type = 'form_confirm')) AS confirmed,
                       anyIf(elapsed_ms, event_type = 'form_confirm') AS elapsed
                FROM events WHERE event_type IN ('form_start', 'form_confirm')
                GROUP BY site, session_id HAVING countIf(event_type = 'form_confirm') > 0 ORDER BY site`,
        format: 'JSONEachRow',
      })
    ).json<{ site: City; started: string; confirmed: string; elapsed: number }>();
    expect(completions.map((c) => c.site)).toEqual(['fulda', 'giessen', 'marburg']);
    for (const c of completions) {
      expect(c.elapsed, `${c.site} time to complete`).toBe(Number(c.confirmed) - Number(c.started));
      expect(c.elapsed, `${c.site} time to complete`).toBeGreaterThan(0);
      expect(c.elapsed, `${c.site} time to complete`).toBeLessThan(timings.journeys as number);
      timeToComplete[c.site] = Math.round(c.elapsed / 100) / 10;
    }

    // The raw rows keep a link's target host (and a download's path), nothing more; the links route reports them.
    const links = await (
      await pipeline.clickhouse.query({
        query: `SELECT site, event_type, target_host, target_path FROM events
                WHERE event_type IN ('download', 'outbound') ORDER BY site, event_type`,
        format: 'JSONEachRow',
      })
    ).json();
    expect(links).toEqual([
      { site: 'fulda', event_type: 'outbound', target_host: EXTERN_HOST, target_path: '' },
      {
        site: 'giessen',
        event_type: 'download',
        target_host: giessen.host,
        target_path: '/media/hundesteuersatzung.pdf',
      },
      { site: 'giessen', event_type: 'outbound', target_host: EXTERN_HOST, target_path: '' },
      { site: 'marburg', event_type: 'outbound', target_host: EXTERN_HOST, target_path: '' },
    ]);
  }, 120_000);

  it('the city reports show the hand-computed numbers to the city itself and to admins', async () => {
    for (const city of CITIES) {
      for (const key of [keys[city], keys.admin]) {
        const r = await api<CityReport>(`/v1/cities/${city}/report`, key);
        const who = `${city} (${key === keys.admin ? 'admin' : 'own key'})`;
        expect([who, r.access, r.k, r.disclosure]).toEqual([who, 'full', K, ownDisclosure]);
        const s = SUMMARY[city];
        const summary = Object.fromEntries(r.summary.map((m) => [m.metric, m]));
        for (const metric of ['visitors', 'visits', 'pageviews'] as const) {
          // The previous period (the 30 days before) is empty: a change, but no ratio against 0.
          expect(summary[metric], `${who} ${metric}`).toEqual({
            metric,
            value: s[metric],
            previous: 0,
            change: s[metric],
            changeRatio: null,
            status: 'ok',
            previousStatus: 'ok',
          });
        }
        expect(summary.bounceRate?.value, `${who} bounce rate`).toBe(s.bounceRate);
        expect(summary.visitDurationSec?.value, `${who} visit duration`).toBeGreaterThan(0);
        // Only today (the last day bucket) has traffic.
        const today = r.timeseries.at(-1);
        expect(r.timeseries.filter((b) => b.visitors !== 0)).toEqual([
          {
            bucket: today?.bucket,
            visitors: s.visitors,
            visits: s.visits,
            pageviews: s.pageviews,
            status: 'ok',
          },
        ]);
        expect(
          r.pages.map((p) => [p.path, p.pageviews, p.visitors]),
          `${who} pages`,
        ).toEqual(PAGES[city]);
        expect(
          r.entryPages.map((p) => [p.path, p.entries]),
          `${who} entry pages`,
        ).toEqual(ENTRY_PAGES[city]);
        const rows = (list: Breakdown[]) =>
          list.map((b) => [b.value, b.visitors, b.visits, b.share, b.pageviews, b.bounceRate]);
        expect(rows(r.channels), `${who} channels`).toEqual(CHANNELS[city]);
        expect(rows(r.devices), `${who} devices`).toEqual(DEVICES[city]);
        expect(rows(r.browsers), `${who} browsers`).toEqual(BROWSERS[city]);
      }
    }
  });

  it('the realtime view counts the last 30 minutes, for the city itself and admins', async () => {
    for (const city of CITIES) {
      for (const key of [keys[city], keys.admin]) {
        const r = await api<Realtime>(`/v1/cities/${city}/realtime`, key);
        expect([city, r.access, r.visitors, r.pageviews, r.status]).toEqual([
          city,
          'full',
          SUMMARY[city].visitors,
          SUMMARY[city].pageviews,
          'ok',
        ]);
        expect(r.pages.map((p) => [p.path, p.pageviews, p.visitors])).toEqual(PAGES[city]);
      }
      // Another city's team may not watch it (nor may the consortium: city-isolation.int.test.ts).
      const other = CITIES.find((c) => c !== city) as City;
      expect(await apiAnswer(pipeline.services.api.url, `/v1/cities/${city}/realtime`, keys[other])).toEqual({
        status: 403,
        body: {
          error: 'API_FORBIDDEN',
          message: 'this API key may not read this resource',
          details: { city },
        },
      });
    }
  });

  it('data quality counts every stored event once per city, and a crawler’s and an opted-out visitor’s events as dropped', async () => {
    const { giessen } = portals.portals;
    const send = async (headers: Record<string, string>, events: number) => {
      const ts = Date.now();
      const res = await fetch(`${pipeline.services.collector.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: giessen.origin, ...headers },
        body: JSON.stringify({
          v: 1,
          site: 'giessen',
          events: Array.from({ length: events }, (_, i) => ({
            type: 'pageview',
            id: `quality-${ts}-${i}`,
            ts,
            url: `${giessen.origin}/`,
          })),
        }),
      });
      expect([res.status, await res.json()]).toEqual([202, { accepted: 0, dropped: events }]);
    };
    await send({ 'user-agent': GOOGLEBOT }, 2);
    await send({ 'user-agent': ANNA.userAgent, 'sec-gpc': '1' }, 3);

    // Yesterday too: a run across midnight stores on two days.
    const today = reportDay();
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const counts = await eventCounts();
    const stored = Object.fromEntries(
      Object.entries(counts.events).map(([site, types]) => [
        site,
        Object.values(types).reduce((a, b) => a + b, 0) + (counts.engagement[site] ?? 0),
      ]),
    );
    type Quality = {
      days: {
        city: string;
        accepted: number;
        droppedByReason: Record<string, number>;
        deadLetters: number;
        lagMeanSeconds: number | null;
      }[];
    };
    const sum = (q: Quality, city: string, pick: (d: Quality['days'][number]) => number) =>
      q.days.filter((d) => d.city === city).reduce((n, d) => n + pick(d), 0);
    const deadline = Date.now() + QUALITY_DEADLINE_MS;
    let quality: Quality;
    for (;;) {
      quality = await api<Quality>(`/v1/quality?from=${yesterday}&to=${today}`, keys.admin);
      const giessenDropped = (reason: string) =>
        sum(quality, 'giessen', (d) => d.droppedByReason[reason] ?? 0);
      if (giessenDropped('bot') === 2 && giessenDropped('global_privacy_control') === 3) break;
      if (Date.now() > deadline) throw new Error(`quality tallies missing: ${JSON.stringify(quality.days)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const city of ['giessen', 'marburg', 'fulda'] as const) {
      expect([city, sum(quality, city, (d) => d.accepted)]).toEqual([city, stored[city]]);
      expect([city, sum(quality, city, (d) => d.deadLetters)]).toEqual([city, 0]);
      expect(quality.days.some((d) => d.city === city && d.lagMeanSeconds !== null)).toBe(true);
    }
    // Only Gießen had a crawler and an opted-out visitor; any other drop is a copy Kafka held (see the privacy scan).
    for (const city of ['marburg', 'fulda'] as const)
      for (const reason of ['bot', 'global_privacy_control'])
        expect([city, reason, sum(quality, city, (d) => d.droppedByReason[reason] ?? 0)]).toEqual([
          city,
          reason,
          0,
        ]);
  }, 60_000);

  it('the funnels of the dog-tax service show every step, the errors and the ratings', async () => {
    for (const city of CITIES) {
      for (const key of [keys[city], keys.admin]) {
        const r = await api<Funnel>(`/v1/cities/${city}/services/${HUNDESTEUER}/funnel`, key);
        const who = `${city} (${key === keys.admin ? 'admin' : 'own key'})`;
        expect([who, r.access, r.disclosure]).toEqual([who, 'full', ownDisclosure]);
        const f = FUNNEL[city];
        expect(
          r.stages.map((s) => [
            s.stage,
            s.step,
            s.stepName,
            s.visitors,
            s.shareOfViewers,
            s.dropOff,
            s.dropOffRate,
          ]),
          `${who} stages`,
        ).toEqual(STAGES[city]);
        expect(r.startRate, `${who} start rate`).toEqual({ value: f.startRate, status: 'ok' });
        expect(r.completionRate, `${who} completion rate`).toEqual({ value: f.completionRate, status: 'ok' });
        // One completion per city: every quantile is that one time.
        const seconds = timeToComplete[city];
        expect(r.timeToComplete).toEqual({
          q1Sec: seconds,
          medianSec: seconds,
          q3Sec: seconds,
          p90Sec: seconds,
          status: 'ok',
        });
        expect([r.errors.visitors, r.errors.errors, r.errors.errorRate, r.errors.status]).toEqual([
          ...f.errors,
          'ok',
        ]);
        expect(r.errors.fields.map((e) => [e.field, e.step, e.visitors, e.errors])).toEqual(f.errorFields);
        const sat = r.satisfaction;
        expect([sat.average, sat.ratings, sat.raters, sat.status]).toEqual([...f.satisfaction, 'ok']);
        expect(sat.distribution.map((d) => [d.score, d.ratings, d.share])).toEqual(f.scores);
        // Weekly completion: only the current week has starters.
        const week = r.timeseries.at(-1);
        const [starters, confirmers] = [STAGES[city][1]?.[3], STAGES[city][6]?.[3]];
        expect(r.timeseries.filter((b) => b.starters !== 0)).toEqual([
          { bucket: week?.bucket, starters, confirmers, completionRate: f.completionRate, status: 'ok' },
        ]);
      }
    }
  });

  it('downloads, links to other sites and engagement per page are the hand-computed numbers, for the whole portal and the service', async () => {
    for (const city of CITIES) {
      for (const key of [keys[city], keys.admin]) {
        const who = `${city} (${key === keys.admin ? 'admin' : 'own key'})`;
        for (const service of ['', `?service=${HUNDESTEUER}`]) {
          const links = await api<Links>(`/v1/cities/${city}/links${service}`, key);
          expect([who, service, links.access, links.disclosure]).toEqual([
            who,
            service,
            'full',
            ownDisclosure,
          ]);
          expect(
            links.downloads.map((d) => [d.host, d.path, d.downloads, d.visitors, d.status]),
            `${who} ${service} downloads`,
          ).toEqual(LINKS[city].downloads.map((d) => [...d, 'ok']));
          expect(
            links.outbound.map((o) => [o.host, o.clicks, o.visitors, o.status]),
            `${who} ${service} outbound`,
          ).toEqual(LINKS[city].outbound.map((o) => [...o, 'ok']));

          const e = await api<Engagement>(`/v1/cities/${city}/engagement${service}`, key);
          const rows = (pages: Engagement['pages']) =>
            pages.map((p) => [
              p.path,
              p.visitors,
              p.visibleTime.medianSec,
              p.visibleTime.buckets.map((b) => b.visitors),
              p.scrollDepth.medianPct,
              p.scrollDepth.buckets.map((b) => b.visitors),
            ]);
          // `/` belongs to no service: it is a page of the portal, not of the dog-tax service.
          const servicePages = ENGAGEMENT[city].filter(([path]) => path !== '/');
          expect(rows(e.pages), `${who} ${service} engagement`).toEqual(
            service ? servicePages : ENGAGEMENT[city],
          );
          expect(rows(e.servicePages), `${who} ${service} service pages`).toEqual(servicePages);
          expect(e.servicePages.every((p) => p.service.key === HUNDESTEUER)).toBe(true);
        }
      }
    }
  });

  it('the comparison puts the three cities side by side for admins, with ranks, quartiles and the best city', async () => {
    const r = await api<Comparison>(`/v1/services/${HUNDESTEUER}/comparison`, keys.admin);
    expect(r.service.key).toBe(HUNDESTEUER);
    // Admins see every city exactly, over any period: today's journeys are in it.
    expect(r.disclosure).toEqual(ownDisclosure);
    expect(r.cities.map((c) => [c.city.key, c.city.exact, c.city.own])).toEqual(
      COMPARISON_ORDER.map((city) => [city, true, false]),
    );
    const cells = (m: Comparison['cities'][number]['metrics']) =>
      Object.fromEntries(Object.entries(m).map(([k, c]) => [k, [c.value, c.per1000, c.rank]]));
    const expected = withTimesToComplete(timeToComplete);
    expect(r.cities.map((c) => [c.city.key, cells(c.metrics)])).toEqual(expected.comparison);
    expect(statistics(r)).toEqual(expected.statistics);
    // Each city's funnel in the comparison is its own funnel.
    for (const city of CITIES) {
      const row = r.cities.find((c) => c.city.key === city);
      expect(row?.stages.map((s) => s.visitors)).toEqual(STAGES[city].map((s) => s[3]));
    }
  });

  it('a city team may not compare over a period that holds today: 400 API_PERIOD_NOT_PUBLISHED', async () => {
    const today = reportDay();
    const from = new Date(Date.parse(today) - 29 * 86_400_000).toISOString().slice(0, 10);
    const open = openPeriods().month;
    for (const [query, requested] of [
      [`from=${from}&to=${today}`, { period: null, from, to: today }],
      [`period=${open}`, { period: open, from: null, to: null }],
    ] as const) {
      const answer = await apiAnswer(
        pipeline.services.api.url,
        `/v1/services/${HUNDESTEUER}/comparison?${query}`,
        keys.giessen,
      );
      expect([query, answer]).toEqual([
        query,
        {
          status: 400,
          body: {
            error: 'API_PERIOD_NOT_PUBLISHED',
            message: PERIOD_NOT_PUBLISHED,
            details: { requested, latestClosed: latestClosed() },
          },
        },
      ]);
    }
  });

  it('a city team’s comparison of the last closed month: its own zeros exactly, other cities as noise only', async () => {
    const month = latestClosed().month;
    const period = calendarPeriod(month);
    // No period: the last closed month, the same answer as asked by name.
    const r = await api<Comparison>(`/v1/services/${HUNDESTEUER}/comparison`, keys.giessen);
    expect(
      await api<Comparison>(`/v1/services/${HUNDESTEUER}/comparison?period=${month}`, keys.giessen),
    ).toEqual(r);
    expect([r.period, r.k, r.disclosure]).toEqual([
      { from: period.from, to: period.to, days: period.days },
      K,
      { perturbed: true, calendarPeriod: month, ...disclosureSummary(K) },
    ]);
    expect(shownCities(r)).toEqual(CLOSED_MONTH_COMPARISON);
    expect(statistics(r)).toEqual(CLOSED_MONTH_STATISTICS);
  });

  it('the dashboard displays Gießen’s own numbers exactly and the comparison of the last closed month', async () => {
    const t0 = Date.now();
    const shown = await readDashboard({
      baseUrl: pipeline.services.api.url,
      key: keys.giessen,
      service: HUNDESTEUER,
      shots: SHOTS,
    });
    timings.dashboard = Date.now() - t0;
    const de = germanFormats();
    const g = SUMMARY.giessen;
    expect(shown.heading).toBe('Nutzung des Portals Gießen');
    expect(shown.kpis).toEqual({
      visitors: de.count(g.visitors),
      visits: de.count(g.visits),
      pageviews: de.count(g.pageviews),
      bounceRate: de.rate(g.bounceRate),
      realtime: de.count(g.visitors),
    });
    expect(shown.pages).toEqual(
      PAGES.giessen.map(([p, views, visitors]) => [p, de.count(views), de.count(visitors)]),
    );
    expect(shown.channels).toEqual([
      ['Direkt', de.rate(0.6667), '2'],
      ['Suchmaschine', de.rate(0.3333), '1'],
    ]);
    expect(shown.devices).toEqual([
      ['Desktop', de.rate(0.6667), '2'],
      ['Smartphone', de.rate(0.3333), '1'],
    ]);
    // Downloads, links to other sites and engagement per page, the city's and its dog-tax service's.
    const links = {
      downloads: LINKS.giessen.downloads.map(([host, p, n, v]) => [`${host}${p}`, de.count(n), de.count(v)]),
      outbound: LINKS.giessen.outbound.map(([host, n, v]) => [host, de.count(n), de.count(v)]),
    };
    const shares = (buckets: number[], visitors: number) => buckets.map((b) => de.rate(b / visitors));
    const visible = (rows: typeof ENGAGEMENT.giessen) =>
      rows.map(([p, visitors, median, buckets]) => [
        p,
        de.count(visitors),
        de.seconds(median),
        ...shares(buckets, visitors),
      ]);
    expect([shown.downloads, shown.outbound]).toEqual([links.downloads, links.outbound]);
    expect(shown.engagementVisible).toEqual(visible(ENGAGEMENT.giessen));
    expect(shown.engagementScroll).toEqual(
      ENGAGEMENT.giessen.map(([p, visitors, , , median, buckets]) => [
        p,
        de.count(visitors),
        de.rate(median / 100),
        ...shares(buckets, visitors),
      ]),
    );
    expect([shown.serviceDownloads, shown.serviceOutbound]).toEqual([links.downloads, links.outbound]);
    expect(shown.serviceEngagementVisible).toEqual(visible(ENGAGEMENT.giessen.filter(([p]) => p !== '/')));

    const f = FUNNEL.giessen;
    expect(shown.serviceHeading).toBe('Hund zur Hundesteuer anmelden in Gießen');
    expect(shown.serviceKpis).toEqual({
      startRate: de.rate(f.startRate),
      completionRate: de.rate(f.completionRate),
      medianTime: de.seconds(timeToComplete.giessen),
      errorRate: de.rate(f.errors[2]),
      satisfaction: de.score(f.satisfaction[0]),
    });
    const label: Record<string, string> = {
      viewed: 'Dienst aufgerufen',
      started: 'Formular begonnen',
      submitted: 'Abgeschickt',
      confirmed: 'Bestätigt',
    };
    expect(shown.funnel).toEqual(
      STAGES.giessen.map(([stage, step, name, visitors, share, drop, dropRate]) => [
        stage === 'step' ? `Schritt ${step}: ${name}` : (label[stage] as string),
        de.count(visitors),
        de.rate(share),
        drop === null ? '–' : de.count(drop),
        dropRate === null ? '–' : de.rate(dropRate),
      ]),
    );

    expect(shown.satisfaction).toEqual([
      ['Bewertung', 'Anteil', 'Bewertungen'],
      ...f.scores.map(([score, ratings, share]) => [`${score} von 5`, de.rate(share), de.count(ratings)]),
    ]);

    // Others are compared over closed calendar periods only: by default the last closed month, in which nothing
    // happened (CLOSED_MONTH_COMPARISON). Gießen's exact zeros show, marked as hidden from others.
    const month = de.month(calendarPeriod(latestClosed().month).from);
    expect(shown.serviceComparisonIntro).toContain(`hier: ${month}.`);
    const fewer = `weniger als ${K}`;
    const hiddenZero = `${de.per1000(0)} (für andere: ${fewer})`;
    expect(shown.serviceComparison).toEqual([
      ['Aufrufe (Besuchende) je 1.000 EW', hiddenZero, '–', '–', '–'],
      ['Begonnene Formulare je 1.000 EW', hiddenZero, '–', '–', '–'],
      ['Abschlüsse je 1.000 EW', hiddenZero, '–', '–', '–'],
      ...['Startquote', 'Abschlussquote', 'Bearbeitungszeit (Median)', 'Fehlerquote', 'Zufriedenheit'].map(
        (metric) => [metric, fewer, '–', '–', '–'],
      ),
      // No offline case numbers imported: unknown, never 100 %.
      ['Digitale Nutzungsquote', 'keine Offline-Zahlen', '–', '–', '–'],
    ]);

    // Completion rate by city, as the city team sees it: own city marked, Limburg (not named) as a peer.
    expect(shown.comparisonPeriod).toBe(month);
    expect(shown.comparisonNote).toBe(
      'Zahlen der eigenen Stadt sind genau, die anderer Städte gerundet/verrauscht (≈).',
    );
    expect(shown.comparison).toEqual(
      ['Fulda', 'Gießen (eigene Stadt)', 'Marburg', 'Offenbach am Main', 'Wetzlar', 'Vergleichsstadt 1'].map(
        (city) => [city, fewer, '–'],
      ),
    );
    // No city has a completion rate others may see: no median, no quartiles.
    expect(shown.comparisonStats).toBe('0 Städte mit ausreichend Daten');
  }, 60_000);

  it('Gießen’s team imports its offline case numbers of the last closed month: none of its 16 cases arrived online', async () => {
    const month = latestClosed().month;
    const res = await fetch(`${pipeline.services.api.url}/v1/cities/giessen/offline-cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.giessen}`, 'content-type': 'text/csv' },
      body: `Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige\n${month};${HUNDESTEUER};12;3;0;1;0\n`,
    });
    expect([res.status, await res.json()]).toMatchObject([
      201,
      {
        city: 'giessen',
        source: 'api',
        months: [month],
        lines: 1,
        added: 1,
        changed: 0,
        removed: 0,
        unchanged: 0,
      },
    ]);
    // The journeys all happen today: no online completion in that month, so 0 of 12 + 3 + 1 cases. Gießen reads
    // its 0 exactly, marked as hidden from others (no completion is below every k).
    const funnel = await api<{
      digitalTakeUp: { value: number | null; status: string; offlineCases: number | null };
    }>(`/v1/cities/giessen/services/${HUNDESTEUER}/funnel?period=${month}`, keys.giessen);
    expect(funnel.digitalTakeUp).toMatchObject({
      value: 0,
      status: 'ok',
      onlineCompletions: 0,
      offlineCases: 16,
    });
    const r = await api<Comparison>(`/v1/services/${HUNDESTEUER}/comparison?period=${month}`, keys.giessen);
    expect(r.cities.find((c) => c.city.own)?.metrics.digitalTakeUp).toEqual({
      value: 0,
      per1000: null,
      rank: null,
      rankBand: null,
      status: 'below_k',
    });
  });

  it('the consortium releases that month as open data; the release and Gießen’s CSV export are in the audit log', async () => {
    const month = latestClosed().month;
    const url = pipeline.services.api.url;
    const consortium = await pipeline.apiKey('consortium');
    const created = await fetch(`${url}/v1/open-data/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${consortium}`, 'content-type': 'application/json' },
      body: JSON.stringify({ month }),
    });
    expect(created.status).toBe(201);
    const index = (await (await fetch(`${url}/open-data/index.json`)).json()) as {
      releases: { release: string }[];
    };
    expect(index.releases.map((r) => r.release)).toEqual([month]);
    const csv = await fetch(
      `${url}/v1/cities/giessen/services/${HUNDESTEUER}/funnel?period=${month}&format=csv&table=digitalTakeUp`,
      { headers: { authorization: `Bearer ${keys.giessen}` } },
    );
    expect([csv.status, csv.headers.get('content-type')?.split(';')[0]]).toEqual([200, 'text/csv']);
    const log = await api<{ entries: { action: string; role: string; actor: string; target: string }[] }>(
      '/v1/audit-log',
      keys.admin,
    );
    expect(log.entries.map((e) => [e.action, e.role, e.actor, e.target]).sort()).toEqual([
      ['export', 'city', 'test city giessen', '/v1/cities/:city/services/:service/funnel'],
      ['release_created', 'consortium', 'test consortium', month],
    ]);
  });

  it('the privacy scan finds no address, user agent, e-mail address or query string anywhere', async () => {
    const t0 = Date.now();
    const rules: ScanRules = {
      secrets: [
        '127.0.0.1',
        '::1',
        '::ffff:127.0.0.1',
        DORA.ip,
        DORA.proxyIp,
        ANNA.userAgent,
        BEN.userAgent,
        CLARA.userAgent,
        DORA.userAgent,
        EMAIL,
        encodeURIComponent(EMAIL),
        DORA_EMAIL,
        ...TYPED_NAMES,
      ],
      allowedQueryParameters: [
        ...new Set(
          pipeline.sites.cities
            .filter((c) => CITIES.includes(c.key as City))
            .flatMap((c) => c.queryAllowlist),
        ),
      ],
    };
    // The scan is able to see them: the journeys' input holds every kind of finding.
    const input = scanText({ where: 'journeys', text: journal.join('\n') }, rules);
    expect(new Set(input.map((f) => f.kind))).toEqual(
      new Set(['ip', 'user-agent', 'email', 'query', 'secret']),
    );

    const clickhouse = await readClickHouse(pipeline.clickhouse, pipeline.database);
    const kafka = await readKafka(pipeline.kafkaBrokers, Object.values(pipeline.topics));
    timings.privacyScan = Date.now() - t0;
    // Everything was read: every event's row, every roll-up, every record.
    expect(clickhouse.rows.events).toBe(EVENTS_BESIDES_ENGAGEMENT + engagementEvents);
    // The raw table, every roll-up (the materialized views' targets) and the migration log all hold rows; the
    // record of SDG transmissions only once `sdg send` ran, which gateway.int.test.ts does and scans; the
    // dashboard's sessions only once someone signs in through an identity provider (api/web-test/sign-in); the
    // annotations only once a city team writes one (api/src/routes/annotations.int.test.ts).
    expect(Object.keys(clickhouse.rows)).toContain('schema_migrations');
    expect(Object.entries(clickhouse.rows).filter(([, n]) => n === 0)).toEqual([
      ['annotations_v1', 0],
      ['api_sessions_v1', 0],
      ['sdg_transmissions_v1', 0],
    ]);
    // Every event in Kafka is in ClickHouse once. Delivery is at least once (a batch in flight when the page
    // goes away is sent again by beacon), so Kafka may hold a copy, which the processor drops by its id.
    const recordIds = kafka.items
      .filter((i) => i.where.startsWith(`kafka ${pipeline.topics.events}[`) && i.where.endsWith(' value'))
      .map((i) => (JSON.parse(i.text) as { event: { id: string } }).event.id);
    const rowIds = await (
      await pipeline.clickhouse.query({ query: 'SELECT event_id FROM events', format: 'JSONEachRow' })
    ).json<{ event_id: string }>();
    expect(recordIds.length).toBe(kafka.records[pipeline.topics.events]);
    expect([...new Set(recordIds)].sort()).toEqual(rowIds.map((r) => r.event_id).sort());
    console.log(`Kafka held ${recordIds.length - rowIds.length} copies of events sent twice`);
    expect(kafka.records[pipeline.topics.deadLetter]).toBe(0);
    // One salt per configured city for today, and for tomorrow too in the last hour of the UTC day.
    const cities = pipeline.sites.cities.length;
    expect([cities, 2 * cities]).toContain(kafka.records[pipeline.topics.salts]);
    console.log(
      `privacy scan: ${clickhouse.items.length} values in ${Object.keys(clickhouse.rows).length} tables, ` +
        `${kafka.items.length} record parts in ${Object.keys(kafka.records).length} topics`,
    );
    // Dora's page view and service view keep the allow-listed `lang` and lose her name and e-mail address.
    expect(kafka.items.filter((i) => i.text.includes(`${SERVICE_PAGE}?lang=de"`)).length).toBe(2);
    const findings: Finding[] = [
      ...clickhouse.findings,
      ...[...clickhouse.items, ...kafka.items].flatMap((item) => scanText(item, rules)),
    ];
    expect(findings).toEqual([]);
  });
});

function statistics(r: Comparison): Record<string, Statistics> {
  return Object.fromEntries(
    r.metrics.map(({ metric, n, min, q1, median, q3, max, best }) => [
      metric,
      { n, min, q1, median, q3, max, best: best.map((b) => b.key ?? `peer-${b.peer}`) },
    ]),
  );
}

/** The comparison as CLOSED_MONTH_COMPARISON writes it out. */
function shownCities(r: Comparison): ShownCity[] {
  return r.cities.map((c) => ({
    city: [c.city.key ?? `peer-${c.city.peer}`, c.city.name, c.city.own, c.city.exact],
    metrics: Object.fromEntries(
      Object.entries(c.metrics).map(([m, v]) => [m, [v.value, v.per1000, v.rank, v.rankBand, v.status]]),
    ),
    stages: c.stages.map((s) => [s.stage, s.visitors, s.shareOfViewers, s.dropOff, s.dropOffRate, s.status]),
  }));
}

function fingerprint(c: Awaited<ReturnType<typeof eventCounts>>): string {
  return JSON.stringify([sortKeys(c.events), Object.entries(c.engagement).sort()]);
}

function sameCounts(counts: Record<string, Record<string, number>>): boolean {
  return JSON.stringify(sortKeys(counts)) === JSON.stringify(sortKeys(EVENTS));
}

function sortKeys(o: Record<string, Record<string, number>>): [string, [string, number][]][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, Object.entries(o[k] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))]);
}

/** The dashboard's German number formats, written out independently of its code. */
function germanFormats() {
  const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat('de-DE', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const two = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const monthYear = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    count: (n: number) => integer.format(n),
    per1000: (n: number) => two.format(n),
    /** A month by its first day: "November 2026". */
    month: (day: string) => monthYear.format(new Date(`${day}T00:00:00Z`)),
    rate: (n: number) => percent.format(n),
    score: (n: number) => two.format(n),
    /** Whole seconds: "42 s", "2 min", "2 min 5 s". */
    seconds: (n: number) => {
      const total = Math.round(n);
      const [minutes, rest] = [Math.floor(total / 60), total % 60];
      if (minutes === 0) return `${integer.format(total)} s`;
      return rest === 0
        ? `${integer.format(minutes)} min`
        : `${integer.format(minutes)} min ${integer.format(rest)} s`;
    },
  };
}
