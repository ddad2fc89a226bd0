/*
 * The data the attacks run against, and its truth. Every citizen is one visitor on one day (visitor ids are
 * daily-salted hashes, so a person counts once per day): a citizen is written here as (city, day, what they did).
 *
 * "Today" is Monday 2026-12-07 (TODAY_NOW). Closed periods then: 2026-W49 (30 Nov – 6 Dec), 2026-11, 2026-Q3, 2025.
 *
 *   Fulda, service 99050012000000 (Gewerbe anmelden): every day of October and November 2026 FULDA_DAILY(day)
 *     citizens view and start the form, except the single-citizen days 2026-11-30 and 2026-12-06 (one citizen each,
 *     viewing and starting; the one of 30 November also completes it: Fulda's only completion); 1–5 December: 2 a day. Ratings on 12 November by 74 other citizens (who only rate):
 *     score 5 ×40, 4 ×20, 3 ×12, 2 ×1, 1 ×1.
 *   Limburg (not named in comparisons), same service: 47 viewers in November, 20 of them start, 12 complete.
 *   Gießen, same service: 30 viewers in November.
 *   Marburg, portal pages in November: /buergerservice 500 visitors, /rathaus 200, /kontakt 60, /presse 30,
 *     /sprechstunde-frau-winter 4 (a page whose path names a person; the URL templating folds common first names and
 *     surnames into `:name`, but keeps a name that is also a word, as Winter is).
 *   Wetzlar: page views in the realtime window are added by the realtime attack itself.
 *   Offenbach, 2026-11-10, links and engagement (OFFENBACH_LINKS, OFFENBACH_ENGAGEMENT): files downloaded from the
 *     service's page /online-dienste/gewerbe or from /rathaus, the state portal followed from the service's page, and
 *     the visible time and scroll depth of 30 citizens on the service's page, one of whom stayed 15 minutes.
 */
import type { CollectedEvent, Event } from '@godonu/contract';
import type { EventRow } from '@godonu/warehouse';
import { processedRows } from '../support/processed-rows.ts';

export const SERVICE = '99050012000000';
export const TODAY_NOW = new Date('2026-12-07T11:00:00Z');
export const SINGLE_CITIZEN_DAYS = ['2026-11-30', '2026-12-06'] as const;
export const MARBURG_PAGES: readonly [string, number][] = [
  ['/buergerservice', 500],
  ['/rathaus', 200],
  ['/kontakt', 60],
  ['/presse', 30],
  ['/sprechstunde-frau-winter', 4],
];
export const FULDA_RATINGS: readonly [number, number][] = [
  [5, 40],
  [4, 20],
  [3, 12],
  [2, 1],
  [1, 1],
];
export const LIMBURG = { viewers: 47, starters: 20, completions: 12 };
export const GIESSEN_VIEWERS = 30;

const DAY_MS = 86_400_000;

export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY_MS)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Fulda's citizens who viewed and started the service on a day. */
export function fuldaDaily(day: string): number {
  if ((SINGLE_CITIZEN_DAYS as readonly string[]).includes(day)) return 1;
  if (day >= '2026-12-01') return 2;
  return 3 + (Number(day.slice(8, 10)) % 4);
}

/** Fulda's viewers (= starters) over an inclusive range of days. */
export function fuldaViewers(from: string, to: string): number {
  return daysOf(from, to).reduce((sum, d) => sum + fuldaDaily(d), 0);
}

type Action =
  | 'view'
  | 'start'
  | 'confirm'
  | { page: string }
  | { rating: number }
  | { click: 'download' | 'outbound'; href: string; on: string }
  | { engagedMs: number; scrollPct: number; on: string };

/** The page of SERVICE in every city (its events carry the key); links and engagement happen on it or elsewhere. */
export const SERVICE_PAGE = '/online-dienste/gewerbe';

/**
 * Offenbach's downloads and outbound links: [kind, href, page, citizens]; each citizen clicks once. The files as
 * host and path: satzung 40 (all on the service's page), gebuehren 20 on the service's page + 2 on /rathaus = 22,
 * merkblatt 12 and the notice naming Ms Winter 2 (both on /rathaus); the state portal 30 (service's page).
 */
export const OFFENBACH_LINKS: readonly ['download' | 'outbound', string, string, number][] = [
  ['download', 'https://www.offenbach.de/media/satzung.pdf', SERVICE_PAGE, 40],
  ['download', 'https://www.offenbach.de/media/gebuehren.pdf', SERVICE_PAGE, 20],
  ['download', 'https://www.offenbach.de/media/gebuehren.pdf', '/rathaus', 2],
  ['download', 'https://www.offenbach.de/media/merkblatt.pdf', '/rathaus', 12],
  ['download', 'https://www.offenbach.de/media/bescheid-frau-winter.pdf', '/rathaus', 2],
  ['outbound', 'https://serviceportal.hessen.de/', SERVICE_PAGE, 30],
];
/**
 * Visible time (ms) and deepest scroll (%) on Offenbach's service page: [ms, %, citizens]. Buckets of visible time
 * (<10 s, 10–30, 30–60, 60–180, 180–600, ≥600 s): 0, 18, 11, 0, 0, 1; the one in the last stayed 15 minutes.
 */
export const OFFENBACH_ENGAGEMENT: readonly [number, number, number][] = [
  [20_000, 100, 18],
  [45_000, 60, 11],
  [900_000, 10, 1],
];

interface Citizen {
  city: string;
  day: string;
  actions: Action[];
  /** Minutes after 09:00 UTC; realtime citizens are placed relative to TODAY_NOW instead. */
  at?: number;
}

let nextVisitor = 1;

function event(a: Action, id: string, ts: number, city: string): Event {
  const svc = { service: SERVICE };
  const url = (path: string) => `https://www.${city}.de${path}`;
  const svcUrl = url(SERVICE_PAGE);
  if (typeof a === 'object' && 'page' in a) return { type: 'pageview', id, ts, url: url(a.page) };
  if (typeof a === 'object' && 'on' in a) {
    const at = { id, ts, url: url(a.on), ...(a.on === SERVICE_PAGE ? svc : {}) };
    if ('click' in a) return { type: a.click, ...at, href: a.href };
    return { type: 'engagement', ...at, engagedMs: a.engagedMs, scrollPct: a.scrollPct };
  }
  if (typeof a === 'object') return { type: 'rating', id, ts, url: svcUrl, ...svc, score: a.rating };
  const base = { id, ts, url: svcUrl, ...svc };
  const byKind: Record<typeof a, Event> = {
    view: { type: 'service_view', ...base },
    start: { type: 'form_start', ...base, form: 'gewerbe' },
    confirm: { type: 'form_confirm', ...base, form: 'gewerbe', elapsedMs: 240_000 },
  };
  return byKind[a];
}

/** One citizen's events as the collector's records: one visit, 10 s between events, no referrer. */
function citizenRecords(c: Citizen, startMs?: number): CollectedEvent[] {
  const visitor = nextVisitor++;
  const start = startMs ?? Date.parse(`${c.day}T09:00:00Z`) + (c.at ?? visitor % 600) * 60_000;
  return c.actions.map((a, i) => {
    const ts = start + i * 10_000;
    return {
      v: 1,
      site: c.city,
      mode: 'browser',
      receivedAt: ts,
      visitor: visitor.toString(16).padStart(16, '0'),
      saltDay: c.day,
      device: 'desktop',
      country: 'DE',
      browser: 'firefox',
      os: 'linux',
      referrerHost: null,
      event: event(a, `dc${visitor}n${i}`.padEnd(8, '0'), ts, c.city),
    };
  });
}

function many(n: number, c: Citizen): CollectedEvent[] {
  return Array.from({ length: n }, () => citizenRecords(c)).flat();
}

/** The truth as the processor stores it. */
export function truthRows(): EventRow[] {
  const records: CollectedEvent[] = [];
  for (const day of daysOf('2026-10-01', '2026-12-06')) {
    // The citizen of 30 November also completes the form: Fulda's only completion, in November and in 2026-W49.
    const actions: Action[] =
      day === SINGLE_CITIZEN_DAYS[0] ? ['view', 'start', 'confirm'] : ['view', 'start'];
    records.push(...many(fuldaDaily(day), { city: 'fulda', day, actions }));
  }
  for (const [score, n] of FULDA_RATINGS)
    records.push(...many(n, { city: 'fulda', day: '2026-11-12', actions: [{ rating: score }] }));
  const limburg = { city: 'limburg', day: '2026-11-18' };
  records.push(...many(LIMBURG.completions, { ...limburg, actions: ['view', 'start', 'confirm'] }));
  records.push(...many(LIMBURG.starters - LIMBURG.completions, { ...limburg, actions: ['view', 'start'] }));
  records.push(...many(LIMBURG.viewers - LIMBURG.starters, { ...limburg, actions: ['view'] }));
  records.push(...many(GIESSEN_VIEWERS, { city: 'giessen', day: '2026-11-20', actions: ['view'] }));
  for (const [page, n] of MARBURG_PAGES)
    records.push(...many(n, { city: 'marburg', day: '2026-11-05', actions: [{ page }] }));
  const offenbach = { city: 'offenbach', day: '2026-11-10' };
  for (const [click, href, on, n] of OFFENBACH_LINKS)
    records.push(...many(n, { ...offenbach, actions: [{ page: on }, { click, href, on }] }));
  for (const [engagedMs, scrollPct, n] of OFFENBACH_ENGAGEMENT)
    records.push(
      ...many(n, {
        ...offenbach,
        actions: [{ page: SERVICE_PAGE }, { engagedMs, scrollPct, on: SERVICE_PAGE }],
      }),
    );
  return processedRows(records);
}

/** A page view of one new citizen in Wetzlar, `minutesAgo` before TODAY_NOW. */
export function realtimeCitizen(minutesAgo: number): EventRow[] {
  return processedRows(
    citizenRecords(
      { city: 'wetzlar', day: TODAY_NOW.toISOString().slice(0, 10), actions: [{ page: '/' }] },
      TODAY_NOW.getTime() - minutesAgo * 60_000,
    ),
  );
}

/** `n` fake visitors who complete Fulda's form on a day, sent by an adversary (the open collector accepts them). */
export function paddingCitizens(n: number, day: string): EventRow[] {
  return processedRows(many(n, { city: 'fulda', day, actions: ['view', 'start', 'confirm'] }));
}
