/**
 * What the collector sees from real browsers running the SDK: visits of a desktop browser (one client address and
 * user agent per visit) whose queued events leave in batches of 1..MAX_BATCH per request, as `text/plain` bodies
 * with the city's origin, each event in the contract's compact vocabulary exactly as the SDK writes it. Nothing here is a bot, opted out or invalid, so every event must end up in ClickHouse.
 */
import {
  type CityConfig,
  COMPACT_FIELDS,
  COMPACT_KINDS,
  type Event,
  type SitesConfig,
} from '@godonu/contract';
import { seededRandom } from '@godonu/infra/seeded-random';

/** Desktop browsers of the kind city portals see most; none of them is on a bot list. */
export const DESKTOP_USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
] as const;

const REFERRERS = [
  undefined,
  undefined,
  'https://www.google.de/',
  'https://www.bing.com/',
  'https://www.hessen.de/buerger',
  'https://l.facebook.com/',
];
const NEWS = ['rathaus-oeffnungszeiten', 'baustellen', 'wahlen-2026', 'stadtfest', 'abfallkalender'];
/** Visits open at the same time; a request continues one of them at random, so visits interleave. */
const OPEN_VISITS = 2_000;
/** The custom event the latency probe looks for; no other traffic sends custom events. */
export const MARKER_NAME = 'load_marker';
export const MARKER_SITE = 'giessen';

export interface SdkRequest {
  site: string;
  origin: string;
  /** The client's address as the proxy in front of the collector reports it (`X-Forwarded-For`). */
  clientIp: string;
  userAgent: string;
  body: string;
  events: number;
}

type Step = Omit<Event, 'id' | 'ts'>;

interface Visit {
  city: CityConfig;
  origin: string;
  clientIp: string;
  userAgent: string;
  steps: Step[];
  next: number;
}

/** `[kind, id, ts, url, service, ...fields]`, absent values `null`, as the SDK's `emit` writes an event. */
export function compact(e: Event): string {
  const fields = e as unknown as Record<string, unknown>;
  const names = COMPACT_FIELDS[e.type] as readonly string[];
  return JSON.stringify([
    COMPACT_KINDS.indexOf(e.type),
    e.id,
    e.ts,
    e.url,
    e.service,
    ...names.map((name) => fields[name]),
  ]);
}

/** 198.18.0.0/15 is reserved for benchmarks (RFC 2544): 131,072 client addresses. */
export function benchmarkAddress(n: number): string {
  const i = n % 131_072;
  return `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

export class SdkTraffic {
  private readonly rnd: () => number;
  private readonly open: Visit[] = [];
  private readonly weights: number[];
  private readonly totalWeight: number;
  private visits = 0;
  private ids = 0;
  private requests = 0;
  private events = 0;

  constructor(
    private readonly sites: SitesConfig,
    seed: number,
    private readonly maxBatch: number,
  ) {
    this.rnd = seededRandom(seed).next;
    // Larger cities send more: visits are drawn in proportion to inhabitants.
    this.weights = sites.cities.map((c) => c.population.inhabitants);
    this.totalWeight = this.weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < OPEN_VISITS; i++) this.open.push(this.newVisit());
  }

  /** Visits begun so far: each is a visit the processor keeps in memory until it has been idle for long. */
  get visitsOpened(): number {
    return this.visits;
  }

  /** Events per request so far (half the largest batch before the first). */
  get meanEvents(): number {
    return this.requests > 0 ? this.events / this.requests : (this.maxBatch + 1) / 2;
  }

  /** The next request of some open visit: 1..maxBatch of its events, sent at `now`. */
  next(now: number): SdkRequest {
    const slot = Math.floor(this.rnd() * this.open.length);
    const visit = this.open[slot] as Visit;
    const size = Math.min(visit.steps.length - visit.next, 1 + Math.floor(this.rnd() * this.maxBatch));
    const steps = visit.steps.slice(visit.next, visit.next + size);
    visit.next += size;
    this.requests++;
    this.events += size;
    if (visit.next >= visit.steps.length) this.open[slot] = this.newVisit();
    // The SDK queues events for up to a few seconds before a flush; each keeps its own client time.
    const events = steps.map((step, i) => this.event(step, now - (size - i) * 300));
    return this.request(visit, events);
  }

  /** A single custom event of a visitor of its own, for the latency probe; `id` is what the probe looks for. */
  marker(id: string, now: number, seq: number): SdkRequest {
    const city = this.sites.cities.find((c) => c.key === MARKER_SITE) as CityConfig;
    const visit: Visit = {
      city,
      origin: city.allowedOrigins[0] as string,
      // The upper half of the benchmark range: markers never share a visit with the traffic.
      clientIp: benchmarkAddress(65_536 + (seq % 65_536)),
      userAgent: DESKTOP_USER_AGENTS[0],
      steps: [],
      next: 0,
    };
    const host = city.portalHosts[0] as string;
    const event = {
      type: 'custom',
      id,
      ts: now,
      url: `https://${host}/load-marker`,
      name: MARKER_NAME,
    } as Event;
    return this.request(visit, [event]);
  }

  private request(visit: Visit, events: Event[]): SdkRequest {
    return {
      site: visit.city.key,
      origin: visit.origin,
      clientIp: visit.clientIp,
      userAgent: visit.userAgent,
      // The SDK's own text: `{"v":1,"site":…,"events":[…]}`, no sentAt.
      body: `{"v":1,"site":"${visit.city.key}","events":[${events.map(compact).join(',')}]}`,
      events: events.length,
    };
  }

  /** The SDK's id: its client time in ms, then random base-36 characters (here a counter, so never repeated). */
  private event(step: Step, ts: number): Event {
    return { ...step, id: `${ts}${(this.ids++).toString(36).padStart(9, '0')}`, ts } as Event;
  }

  private pickCity(): CityConfig {
    let x = this.rnd() * this.totalWeight;
    for (let i = 0; i < this.weights.length; i++) {
      x -= this.weights[i] as number;
      if (x < 0) return this.sites.cities[i] as CityConfig;
    }
    return this.sites.cities.at(-1) as CityConfig;
  }

  /**
   * A visit: the portal's home page, news pages, a service page with its form (started by half, finished by
   * most of those), engagement, sometimes a download or an outbound link.
   */
  private newVisit(): Visit {
    const n = this.visits++;
    const rnd = this.rnd;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const city = this.pickCity();
    const host = city.portalHosts[0] as string;
    const formHost = city.portalHosts[1] ?? host;
    const base = `https://${host}`;
    const rule = pick(city.serviceRules);
    // One concrete path out of the rule's pattern: `^/(a|b)/(c|d)` becomes `/a/c`.
    const servicePath = rule.pathPattern.replace(/^\^/, '').replace(/\(([^|)]+)[^)]*\)/g, '$1');
    const service = rule.service;
    const steps: Step[] = [{ type: 'pageview', url: `${base}/`, ref: pick(REFERRERS) } as Step];
    for (let i = Math.floor(rnd() * 3); i > 0; i--) {
      steps.push({ type: 'pageview', url: `${base}/aktuelles/${pick(NEWS)}`, ref: `${base}/` } as Step);
    }
    steps.push({ type: 'pageview', url: `${base}${servicePath}`, ref: `${base}/`, service } as Step);
    steps.push({ type: 'service_view', url: `${base}${servicePath}`, service } as Step);
    if (rnd() < 0.5) {
      const url = `https://${formHost}${servicePath}/antrag`;
      const total = 2 + Math.floor(rnd() * 4);
      steps.push({ type: 'pageview', url, ref: `${base}${servicePath}`, service } as Step);
      steps.push({ type: 'form_start', url, service, form: 'antrag' } as Step);
      let reached = 0;
      for (let step = 1; step <= total && rnd() < 0.9; step++) {
        reached = step;
        steps.push({ type: 'form_step', url, service, form: 'antrag', step, steps: total } as Step);
        if (rnd() < 0.15)
          steps.push({ type: 'form_error', url, service, form: 'antrag', field: 'iban', step } as Step);
      }
      if (reached === total) {
        steps.push({ type: 'form_submit', url, service, form: 'antrag' } as Step);
        if (rnd() < 0.8) steps.push({ type: 'form_confirm', url, service, form: 'antrag' } as Step);
      }
    } else if (rnd() < 0.3) {
      steps.push({
        type: 'download',
        url: `${base}${servicePath}`,
        service,
        href: `${base}/media/merkblatt.pdf`,
      } as Step);
    } else if (rnd() < 0.2) {
      steps.push({ type: 'outbound', url: `${base}/`, href: 'https://www.hessen.de/buerger' } as Step);
    }
    steps.push({
      type: 'engagement',
      url: `${base}${servicePath}`,
      service,
      engagedMs: 5_000 + Math.floor(rnd() * 300_000),
      scrollPct: Math.floor(rnd() * 101),
    } as Step);
    return {
      city,
      origin: city.allowedOrigins[0] as string,
      clientIp: benchmarkAddress(n % 65_536),
      userAgent: pick(DESKTOP_USER_AGENTS),
      steps,
      next: 0,
    };
  }
}
