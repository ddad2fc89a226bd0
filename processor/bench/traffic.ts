/** Synthetic but realistic collector records for the benchmark: visits of a few events across six cities. */
import type { CollectedEvent, SitesConfig } from '@godonu/contract';

const DEVICES = [
  ['desktop', 'firefox', 'windows'],
  ['desktop', 'chrome', 'windows'],
  ['mobile', 'safari', 'ios'],
  ['mobile', 'chrome', 'android'],
  ['tablet', 'samsung', 'android'],
] as const;
const REFERRERS = [null, null, 'www.google.de', 'www.bing.com', 'l.facebook.com', 'www.hessen.de'];

/** Deterministic PRNG (mulberry32), so every run sends the same traffic. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const rnd = random(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
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
