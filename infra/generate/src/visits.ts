/*
 * One city's visits of one day as the collector's Kafka records (`CollectedEvent`): what browsers send, with what the
 * collector adds (receipt time, salted visitor hash, device, country). Visits, entry pages, bounces, durations,
 * channels and report days are not decided here: the processor's own steps derive them (`load.ts`).
 */
import type { CollectedEvent, Event } from '@godonu/contract';
import { localMidnightUtc } from '@godonu/contract';
import type { Channel } from '@godonu/warehouse';
import type { Random } from './random.ts';
import {
  type CityModel,
  type CityServiceModel,
  HOUR_WEIGHTS,
  SERVICE_VISIT_SHARE,
  WEEKDAY_FACTOR,
} from './traffic.model.ts';

const DEVICES = [
  ['mobile', 48],
  ['desktop', 45],
  ['tablet', 6],
  ['other', 1],
] as const;
/**
 * Where demo visitors come from: mostly Germany, some neighbours and further away, a few unknown. Drawn from the
 * visitor hash rather than the random stream, so adding it left every other demo number as it was.
 */
const COUNTRIES: readonly (readonly [string, number])[] = [
  ['DE', 226],
  ['AT', 6],
  ['NL', 5],
  ['PL', 5],
  ['FR', 4],
  ['TR', 4],
  ['UA', 3],
  ['ZZ', 3],
];

function countryOf(hex: string): string {
  let n = Number.parseInt(hex.slice(0, 2), 16);
  for (const [code, weight] of COUNTRIES) {
    if (n < weight) return code;
    n -= weight;
  }
  return 'ZZ';
}

const BROWSERS = {
  mobile: [
    ['chrome', 45],
    ['safari', 38],
    ['samsung', 10],
    ['firefox', 4],
    ['other', 3],
  ],
  desktop: [
    ['chrome', 48],
    ['edge', 22],
    ['firefox', 17],
    ['safari', 10],
    ['opera', 2],
    ['other', 1],
  ],
  tablet: [
    ['safari', 60],
    ['chrome', 35],
    ['other', 5],
  ],
  other: [['other', 1]],
} as const;
const OS = {
  mobile: [
    ['android', 58],
    ['ios', 42],
  ],
  desktop: [
    ['windows', 74],
    ['macos', 20],
    ['linux', 6],
  ],
  tablet: [
    ['ios', 62],
    ['android', 38],
  ],
  other: [['other', 1]],
} as const;
const CHANNELS: readonly (readonly [Channel, number])[] = [
  ['search', 40],
  ['direct', 35],
  ['internal', 9],
  ['referral', 8],
  ['social', 5],
  ['other_city', 3],
];
const HOSTS: Record<Exclude<Channel, 'direct' | 'internal' | 'other_city'>, readonly string[]> = {
  search: ['www.google.com', 'www.google.de', 'www.bing.com', 'duckduckgo.com', 'www.ecosia.org'],
  social: ['www.facebook.com', 'www.instagram.com', 'l.facebook.com'],
  referral: ['www.hessen.de', 'verwaltungsportal.hessen.de', 'www.wikipedia.org'],
};

interface Visitor {
  hex: string;
  device: CollectedEvent['device'];
  browser: CollectedEvent['browser'];
  os: CollectedEvent['os'];
}

/** Events of one visit, in order, before they become records. */
type DraftEvent = Event extends infer E ? (E extends Event ? Omit<E, 'id' | 'ts' | 'url'> : never) : never;
type Draft = { at: number; event: DraftEvent & { path: string } };

export interface DayContext {
  /** Events received after this instant are not emitted (demo traffic stops at "now"). */
  until: number;
  /** The report time zone: a day's visits are spread over its local hours. */
  timeZone: string;
}

export function generateCityDay(
  model: CityModel,
  others: readonly CityModel[],
  day: string,
  r: Random,
  ctx: DayContext,
  emit: (record: CollectedEvent) => void,
): void {
  const start = localMidnightUtc(day, ctx.timeZone);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const visits = r.count(model.visitsPerDay * (WEEKDAY_FACTOR[weekday] ?? 1));
  const visitors: Visitor[] = [];
  const poolSize = Math.max(1, Math.ceil(visits / 1.25));
  const hourWeights = HOUR_WEIGHTS.map((w, h) => [h, w] as const);
  for (let v = 0; v < visits; v += 1) {
    const index = r.int(0, poolSize - 1);
    let visitor = visitors[index];
    if (!visitor) {
      const device = r.weighted(DEVICES);
      visitor = { hex: r.hex(16), device, browser: r.weighted(BROWSERS[device]), os: r.weighted(OS[device]) };
      visitors[index] = visitor;
    }
    const at = start + r.weighted(hourWeights) * 3_600_000 + Math.floor(r.next() * 3_600_000);
    if (at > ctx.until) continue;
    emitVisit(model, others, visitor, at, r, ctx, emit);
  }
}

function referrer(
  model: CityModel,
  others: readonly CityModel[],
  r: Random,
): { channel: Channel; host: string } {
  const channel = r.weighted(CHANNELS);
  if (channel === 'direct') return { channel, host: '' };
  if (channel === 'internal') return { channel, host: model.city.portalHosts[0] as string };
  if (channel === 'other_city') return { channel, host: r.pick(others).city.portalHosts[0] as string };
  return { channel, host: r.pick(HOSTS[channel]) };
}

function contentPages(model: CityModel, r: Random, n: number, at: number, drafts: Draft[]): number {
  let t = at;
  for (let i = 0; i < n; i += 1) {
    drafts.push({ at: t, event: { type: 'pageview', path: r.pick(model.pages) } });
    t += Math.round(r.logNormal(40_000, 0.8));
  }
  return t;
}

function serviceJourney(s: CityServiceModel, r: Random, at: number, drafts: Draft[]): number {
  const service = s.service.key;
  const page = { path: s.path, service };
  const form = `${s.service.slug}-antrag`;
  let t = at;
  drafts.push({ at: t, event: { type: 'pageview', ...page } });
  drafts.push({ at: t + 200, event: { type: 'service_view', ...page } });
  t += Math.round(r.logNormal(25_000, 0.6));
  if (!r.chance(s.startRate)) return t;
  const formStart = t;
  drafts.push({ at: t, event: { type: 'form_start', ...page, form } });
  const steps = s.service.steps.length;
  for (let i = 0; i < steps; i += 1) {
    if (!r.chance(s.stepPass[i] ?? 0.9)) return t;
    const step = s.service.steps[i] as { name: string; fields: string[] };
    drafts.push({
      at: t,
      event: { type: 'form_step', ...page, form, step: i + 1, steps, stepName: step.name },
    });
    let stuck = false;
    for (const field of step.fields) {
      if (r.chance(s.fieldError.get(field) ?? 0)) {
        t += Math.round(r.logNormal(8_000, 0.5));
        drafts.push({ at: t, event: { type: 'form_error', ...page, form, field, step: i + 1 } });
        // A field error makes some people give up on the spot.
        if (r.chance(0.25)) stuck = true;
      }
    }
    if (stuck) return t;
    t += Math.round(r.logNormal((s.stepSeconds[i] ?? 50) * 1000, 0.5));
  }
  if (!r.chance(s.submitRate)) return t;
  drafts.push({ at: t, event: { type: 'form_submit', ...page, form, elapsedMs: t - formStart } });
  t += Math.round(r.logNormal(4_000, 0.4));
  if (!r.chance(s.confirmRate)) return t;
  drafts.push({ at: t, event: { type: 'form_confirm', ...page, form, elapsedMs: t - formStart } });
  if (r.chance(0.25)) {
    t += Math.round(r.logNormal(10_000, 0.5));
    const score = Math.max(1, Math.min(5, Math.round(s.ratingMean + r.normal() * 0.9)));
    drafts.push({
      at: t,
      event: { type: 'rating', ...page, score, ...(score <= 2 ? { reason: 'zu_kompliziert' } : {}) },
    });
  }
  return t;
}

function emitVisit(
  model: CityModel,
  others: readonly CityModel[],
  visitor: Visitor,
  at: number,
  r: Random,
  ctx: DayContext,
  emit: (record: CollectedEvent) => void,
): void {
  const drafts: Draft[] = [];
  const host = model.city.portalHosts[0] as string;
  const ref = referrer(model, others, r);
  let t = at;
  const offered = model.services.filter((s) => s.offered);
  if (r.chance(SERVICE_VISIT_SHARE) && offered.length > 0) {
    if (r.chance(0.4)) t = contentPages(model, r, 1, t, drafts);
    const s = r.weighted(offered.map((o) => [o, o.service.weight] as const));
    t = serviceJourney(s, r, t, drafts);
  } else {
    t = contentPages(model, r, r.chance(0.45) ? 1 : r.int(2, 6), t, drafts);
    if (r.chance(0.08)) {
      const href = `https://${host}/dokumente/${r.int(10_000, 99_999)}.pdf`;
      drafts.push({ at: t, event: { type: 'download', path: drafts.at(-1)?.event.path ?? '/', href } });
    }
  }
  if (drafts.length > 1 || r.chance(0.5)) {
    const engagedMs = Math.min(86_400_000, Math.max(1000, t - at));
    const path = drafts.at(-1)?.event.path ?? '/';
    drafts.push({ at: t + 1000, event: { type: 'engagement', path, engagedMs, scrollPct: r.int(10, 100) } });
  }

  const saltDayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const firstSalt = saltDayOf(drafts[0]?.at ?? at);
  // A draw that decides nothing, kept so that every later draw of a seed stays where it is: the tests write out
  // numbers of generated traffic (seed 'dashboard').
  r.hex(15);
  let previousReceivedAt = 0;
  for (const [i, d] of drafts.entries()) {
    // A browser sends a visit's events in order, so they arrive in order.
    const receivedAt = Math.max(previousReceivedAt, d.at + r.int(40, 400));
    if (receivedAt > ctx.until) break;
    previousReceivedAt = receivedAt;
    const { path, ...rest } = d.event;
    const url = `https://${host}${path === '/aktuelles/:num' ? `/aktuelles/${r.int(1000, 9999)}` : path}`;
    const refUrl = i === 0 && ref.host ? { ref: `https://${ref.host}/` } : {};
    const event = { id: r.id(), ts: d.at, url, ...refUrl, ...rest } as Event;
    emit({
      v: 1,
      site: model.city.key,
      mode: 'browser',
      receivedAt,
      visitor: visitor.hex,
      // Visitor hashes are salted per UTC day: a visit across midnight keeps the salt of its first event.
      saltDay: firstSalt,
      device: visitor.device,
      country: countryOf(visitor.hex),
      browser: visitor.browser,
      os: visitor.os,
      referrerHost: i === 0 ? ref.host || null : host,
      event,
    });
  }
}
