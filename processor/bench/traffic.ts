/** Synthetic but realistic collector records for the benchmark: visits of a few events across six cities. */
import type { CollectedEvent, SitesConfig } from '@godonu/contract';
import { seededRandom } from '@godonu/infra/seeded-random';

const DEVICES = [
  ['desktop', 'firefox', 'windows'],
  ['desktop', 'chrome', 'windows'],
  ['mobile', 'safari', 'ios'],
  ['mobile', 'chrome', 'android'],
  ['tablet', 'samsung', 'android'],
] as const;
const REFERRERS = [null, null, 'www.google.de', 'www.bing.com', 'l.facebook.com', 'www.hessen.de'];

export interface TrafficOptions {
  sites: SitesConfig;
  /** Receipt time of the first event; each visit's events follow at a few seconds' distance. */
  startMs: number;
  seed: number;
}

/**
 * Yields visits (arrays of records in receipt order): a home page, pages of a service, and for a third of them
 * the service's form (start, steps, maybe an error, submit). Visitors are new for every visit.
 */
export function* visits(opts: TrafficOptions): Generator<CollectedEvent[]> {
  const { next: rnd, pick } = seededRandom(opts.seed);
  let n = 0;
  for (;;) {
    n++;
    const city = pick(opts.sites.cities);
    const host = city.portalHosts[0] as string;
    const rule = pick(city.serviceRules);
    const servicePath = rule
      ? rule.pathPattern.replace(/^\^/, '').replace(/\(([^|)]+)[^)]*\)/g, '$1')
      : '/service';
    const [device, browser, os] = pick(DEVICES);
    const visitor = (n * 2654435761 + opts.seed).toString(16).padStart(16, '0').slice(-16);
    let at = opts.startMs;
    const base = {
      v: 1 as const,
      site: city.key,
      mode: 'browser' as const,
      visitor,
      saltDay: new Date(opts.startMs).toISOString().slice(0, 10),
      device,
      country: 'DE',
      browser,
      os,
    };
    const out: CollectedEvent[] = [];
    let i = 0;
    const push = (event: Record<string, unknown>, referrerHost: string | null = null) => {
      at += Math.floor(rnd() * 20_000);
      out.push({
        ...base,
        receivedAt: at,
        referrerHost,
        event: { id: `${visitor}-${i++}`, ts: at - 30, ...event } as CollectedEvent['event'],
      });
    };
    push({ type: 'pageview', url: `https://${host}/` }, pick(REFERRERS));
    push({ type: 'pageview', url: `https://${host}${servicePath}/${Math.floor(rnd() * 1000)}` }, host);
    if (rnd() < 0.35) {
      const steps = 2 + Math.floor(rnd() * 3);
      const url = `https://${host}${servicePath}/antrag`;
      push({ type: 'form_start', url, form: 'antrag' });
      for (let s = 1; s <= steps; s++) {
        push({ type: 'form_step', url, form: 'antrag', step: s, steps });
        if (rnd() < 0.2) push({ type: 'form_error', url, form: 'antrag', field: 'iban', step: s });
      }
      if (rnd() < 0.7)
        push({ type: 'form_submit', url, form: 'antrag', elapsedMs: 60_000 + Math.floor(rnd() * 600_000) });
    } else {
      push({
        type: 'engagement',
        url: `https://${host}/`,
        engagedMs: Math.floor(rnd() * 60_000),
        scrollPct: 50,
      });
    }
    yield out;
  }
}

const NEWS = ['rathaus-oeffnungszeiten', 'baustellen', 'wahlen-2026', 'stadtfest', 'abfallkalender'];
const SDK_REFERRERS = [null, null, 'www.google.de', 'www.bing.com', 'www.hessen.de', 'l.facebook.com'];

/** One planned event of a browser visit, without what only its receipt gives it (id, times). */
export type PlannedEvent = Omit<CollectedEvent['event'], 'id' | 'ts'> & { referrerHost?: string | null };

export interface BrowserVisit {
  /** The record fields every event of the visit shares. */
  base: Omit<CollectedEvent, 'receivedAt' | 'referrerHost' | 'event'>;
  events: PlannedEvent[];
}

/**
 * Visits as the SDK sends them through the collector (the shape of the end-to-end load's traffic, ≈ 8 events
 * each): the home page from a referrer, news pages, a service page and its service view, for half of them the
 * form (start, steps, errors, submit, confirmation), else sometimes a download or an outbound link, engagement.
 * Visitor hashes are 64 random bits, as the collector's keyed hash gives; event ids are made by `sdkEventId`.
 */
export function* browserVisits(sites: SitesConfig, saltDay: string, seed: number): Generator<BrowserVisit> {
  const { next: rnd, pick } = seededRandom(seed);
  const hex32 = () =>
    Math.floor(rnd() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  for (;;) {
    const city = pick(sites.cities);
    const host = city.portalHosts[0] as string;
    const formHost = city.portalHosts[1] ?? host;
    const base = `https://${host}`;
    const rule = pick(city.serviceRules);
    const servicePath = rule
      ? rule.pathPattern.replace(/^\^/, '').replace(/\(([^|)]+)[^)]*\)/g, '$1')
      : '/service';
    const service = rule?.service;
    const [device, browser, os] = pick(DEVICES);
    const events: PlannedEvent[] = [
      { type: 'pageview', url: `${base}/`, referrerHost: pick(SDK_REFERRERS) } as PlannedEvent,
    ];
    const on = (e: Record<string, unknown>) => events.push(e as PlannedEvent);
    for (let i = Math.floor(rnd() * 3); i > 0; i--) {
      on({ type: 'pageview', url: `${base}/aktuelles/${pick(NEWS)}`, referrerHost: host });
    }
    on({ type: 'pageview', url: `${base}${servicePath}`, service, referrerHost: host });
    on({ type: 'service_view', url: `${base}${servicePath}`, service });
    if (rnd() < 0.5) {
      const url = `https://${formHost}${servicePath}/antrag`;
      const total = 2 + Math.floor(rnd() * 4);
      on({ type: 'pageview', url, service, referrerHost: host });
      on({ type: 'form_start', url, service, form: 'antrag' });
      let reached = 0;
      for (let step = 1; step <= total && rnd() < 0.9; step++) {
        reached = step;
        on({ type: 'form_step', url, service, form: 'antrag', step, steps: total });
        if (rnd() < 0.15) on({ type: 'form_error', url, service, form: 'antrag', field: 'iban', step });
      }
      if (reached === total) {
        on({ type: 'form_submit', url, service, form: 'antrag' });
        if (rnd() < 0.8) on({ type: 'form_confirm', url, service, form: 'antrag' });
      }
    } else if (rnd() < 0.3) {
      on({ type: 'download', url: `${base}${servicePath}`, service, href: `${base}/media/merkblatt.pdf` });
    } else if (rnd() < 0.2) {
      on({ type: 'outbound', url: `${base}/`, href: 'https://www.hessen.de/buerger' });
    }
    on({
      type: 'engagement',
      url: `${base}${servicePath}`,
      service,
      engagedMs: 5_000 + Math.floor(rnd() * 300_000),
      scrollPct: Math.floor(rnd() * 101),
    });
    yield {
      base: {
        v: 1,
        site: city.key,
        mode: 'browser',
        visitor: hex32() + hex32(),
        saltDay,
        device,
        country: 'DE',
        browser,
        os,
      },
      events,
    };
  }
}

/** The SDK's event id: its clock in ms, then the base-36 digits of a random fraction (≈ 24 characters). */
export function sdkEventId(ts: number, rnd: () => number): string {
  return `${ts}${rnd().toString(36).slice(2, 13)}`;
}

export interface InterleavedOptions {
  visits: number;
  /** Visits under way at a time; each record continues one of them at random. */
  open: number;
  /** Receipt time of the first record. */
  startMs: number;
  /** Records per second of receipt time. */
  perSecond: number;
  seed: number;
}

/** Records of `browserVisits` in receipt order, as a partition receives them: many visits interleaved. */
export function* interleavedRecords(sites: SitesConfig, o: InterleavedOptions): Generator<CollectedEvent> {
  const rnd = seededRandom(o.seed).next;
  const source = browserVisits(sites, new Date(o.startMs).toISOString().slice(0, 10), o.seed);
  const open: { visit: BrowserVisit; next: number }[] = [];
  let begun = 0;
  let at = o.startMs;
  const begin = () => {
    begun++;
    return { visit: source.next().value as BrowserVisit, next: 0 };
  };
  while (open.length < Math.min(o.open, o.visits)) open.push(begin());
  while (open.length > 0) {
    const slot = Math.floor(rnd() * open.length);
    const u = open[slot] as (typeof open)[number];
    const { referrerHost = null, type, ...fields } = u.visit.events[u.next++] as PlannedEvent;
    at += 1000 / o.perSecond;
    const receivedAt = Math.floor(at);
    // The collector's key order: the SDK's `[kind, id, ts, url, service, …]` becomes the event object.
    yield {
      ...u.visit.base,
      receivedAt,
      referrerHost,
      event: { type, id: sdkEventId(receivedAt - 300, rnd), ts: receivedAt - 300, ...fields },
    } as CollectedEvent;
    if (u.next < u.visit.events.length) continue;
    if (begun < o.visits) open[slot] = begin();
    else {
      open[slot] = open[open.length - 1] as (typeof open)[number];
      open.pop();
    }
  }
}
