/*
 * What the API must answer after the journeys of three-cities.int.test.ts, worked out by hand from the script.
 *
 * Who did what (journeys.ts), all on one day, each citizen with their own user agent, so one visitor and one visit
 * per citizen and city (the visitor hash is keyed by city):
 *   Gießen  Anna   completes the dog-tax form (rating 5)        6 page views: /, service page (router), steps 1–3, confirmation
 *           Ben    search engine → service page with ?name&email, PDF, step 1, error on the postcode in step 2, gone
 *                                                                3 page views: service page, steps 1–2
 *           Clara  (iPhone) start page with ?name&email, gone     1 page view: a bounce
 *   Marburg Anna   completes the form (rating 4)                 6 page views
 *           Ben    /, service page (router), step 1, error on the empty surname, gone
 *                                                                3 page views
 *   Fulda   Anna   completes the form (rating 2)                 6 page views
 *           Clara  (iPhone) service page, gone                  1 page view: a bounce
 *           Dora   service page, reported by Fulda's backend    1 page view: a bounce (server-side, no script)
 * The service is "Hund zur Hundesteuer anmelden" (LeiKa 99036010000000) everywhere; / belongs to no service.
 *
 * These are the numbers the city itself and admins read: exact, over any period, today's included. Everyone else
 * reads perturbed counts of closed calendar periods only (k = 5 in this test): what Gießen's team sees of the
 * other cities is CLOSED_MONTH_COMPARISON at the end. Visit durations depend on the machine's speed and are only
 * checked for bounds. So is time to complete (the processor times each confirmation from the visit's form start):
 * the test reads each city's one completion time from the raw rows, checks it there, and derives the API's answers
 * from it with `withTimesToComplete`. Engagement does not: the citizens' pages keep a clock of their own that moves
 * only while they read (journeys.ts READ_MS), so every visible time is known to the millisecond (ENGAGEMENT).
 */

import { SERVICE_METRICS } from '@godonu/api';
import { EXTERN_HOST } from './city-portals.ts';

export const HUNDESTEUER = '99036010000000';
export const CITIES = ['giessen', 'marburg', 'fulda'] as const;
export type City = (typeof CITIES)[number];

/**
 * Raw events per city and type. A full-form journey (Anna) sends 19: page view 6, service view 5 (all pages but
 * /), form step 3, form start 1 (first input on step 1), submit 1 (step 3/3), confirm 1, rating 1, outbound 1
 * (the state portal link).
 *   Gießen:  Anna 19 + Ben 11 (pageview 3, service_view 3, download 1, form_step 2, form_start 1, form_error 1)
 *            + Clara 1 (pageview 1) = 31
 *   Marburg: Anna 19 + Ben 8 (pageview 3, service_view 2, form_step 1, form_start 1, form_error 1) = 27
 *   Fulda:   Anna 19 + Clara 2 (pageview 1, service_view 1) + Dora 2 (pageview 1, service_view 1) = 23
 * Engagement (visible time and scroll depth) comes on top: one report per page view in the browser (every page is
 * read for some ticks of the script's timer, and none is hidden and shown again). See ENGAGEMENT_EVENTS.
 */
export const EVENTS: Record<City, Record<string, number>> = {
  giessen: {
    download: 1,
    form_confirm: 1,
    form_error: 1,
    form_start: 1 + 1,
    form_step: 3 + 2,
    form_submit: 1,
    outbound: 1,
    pageview: 6 + 3 + 1,
    rating: 1,
    service_view: 5 + 3,
  },
  marburg: {
    form_confirm: 1,
    form_error: 1,
    form_start: 1 + 1,
    form_step: 3 + 1,
    form_submit: 1,
    outbound: 1,
    pageview: 6 + 3,
    rating: 1,
    service_view: 5 + 2,
  },
  fulda: {
    form_confirm: 1,
    form_start: 1,
    form_step: 3,
    form_submit: 1,
    outbound: 1,
    pageview: 6 + 1 + 1,
    rating: 1,
    service_view: 5 + 1 + 1,
  },
};
/** 31 + 27 + 23 events besides engagement, each stored once (Kafka may hold a copy of a resent batch). */
export const EVENTS_BESIDES_ENGAGEMENT = 81;
/** Page views in the browser: Gießen 6 + 3 + 1, Marburg 6 + 3, Fulda 6 + 1 (Dora's came from a server). */
export const ENGAGEMENT_EVENTS: Record<City, number> = { giessen: 10, marburg: 9, fulda: 7 };

/** Headline numbers. Bounce rate = visits with one page view / visits, rounded to 4 places. */
export const SUMMARY: Record<
  City,
  { visitors: number; visits: number; pageviews: number; bounceRate: number }
> = {
  // Anna, Ben, Clara; 6 + 3 + 1 page views; Clara bounced: 1/3.
  giessen: { visitors: 3, visits: 3, pageviews: 10, bounceRate: 0.3333 },
  // Anna, Ben; 6 + 3; nobody bounced.
  marburg: { visitors: 2, visits: 2, pageviews: 9, bounceRate: 0 },
  // Anna, Clara, Dora; 6 + 1 + 1; Clara and Dora bounced: 2/3.
  fulda: { visitors: 3, visits: 3, pageviews: 8, bounceRate: 0.6667 },
};

const FORM = '/online-dienste/hundesteuer';
/** Top pages as [path, page views, visitors], by page views, then path in byte order. */
export const PAGES: Record<City, [string, number, number][]> = {
  giessen: [
    ['/', 2, 2], // Anna, Clara
    ['/buergerservice/hundesteuer', 2, 2], // Anna, Ben
    [`${FORM}/schritt-1`, 2, 2], // Anna, Ben
    [`${FORM}/schritt-2`, 2, 2], // Anna, Ben
    [`${FORM}/bestaetigung`, 1, 1], // Anna
    [`${FORM}/schritt-3`, 1, 1], // Anna
  ],
  marburg: [
    ['/', 2, 2], // Anna, Ben
    ['/buergerservice/hundesteuer', 2, 2], // Anna, Ben
    [`${FORM}/schritt-1`, 2, 2], // Anna, Ben
    [`${FORM}/bestaetigung`, 1, 1],
    [`${FORM}/schritt-2`, 1, 1],
    [`${FORM}/schritt-3`, 1, 1],
  ],
  fulda: [
    ['/buergerservice/hundesteuer', 3, 3], // Anna, Clara, Dora
    ['/', 1, 1], // Anna
    [`${FORM}/bestaetigung`, 1, 1],
    [`${FORM}/schritt-1`, 1, 1],
    [`${FORM}/schritt-2`, 1, 1],
    [`${FORM}/schritt-3`, 1, 1],
  ],
};

/** Entry pages as [path, visits that began there]. */
export const ENTRY_PAGES: Record<City, [string, number][]> = {
  giessen: [
    ['/', 2], // Anna, Clara
    ['/buergerservice/hundesteuer', 1], // Ben, from the search engine
  ],
  marburg: [['/', 2]],
  fulda: [
    ['/buergerservice/hundesteuer', 2], // Clara, Dora
    ['/', 1], // Anna
  ],
};

/**
 * Breakdowns as [value, visitors, visits, share of visits, page views, bounce rate], by visits, then value.
 * A visit's channel is its first page view's: Ben came from www.google.de (search), everyone else typed the URL
 * or had no referrer (direct; Dora's backend sends none).
 */
export type BreakdownRow = [string, number, number, number, number, number];
export const CHANNELS: Record<City, BreakdownRow[]> = {
  giessen: [
    ['direct', 2, 2, 0.6667, 7, 0.5], // Anna 6 + Clara 1 page views; Clara bounced
    ['search', 1, 1, 0.3333, 3, 0], // Ben
  ],
  marburg: [['direct', 2, 2, 1, 9, 0]],
  fulda: [['direct', 3, 3, 1, 8, 0.6667]],
};
/** Linux Chrome and Windows Firefox and Dora's Mac are desktops, Clara's iPhone is mobile. */
export const DEVICES: Record<City, BreakdownRow[]> = {
  giessen: [
    ['desktop', 2, 2, 0.6667, 9, 0], // Anna 6 + Ben 3
    ['mobile', 1, 1, 0.3333, 1, 1], // Clara
  ],
  marburg: [['desktop', 2, 2, 1, 9, 0]],
  fulda: [
    ['desktop', 2, 2, 0.6667, 7, 0.5], // Anna 6 + Dora 1; Dora bounced
    ['mobile', 1, 1, 0.3333, 1, 1], // Clara
  ],
};
export const BROWSERS: Record<City, BreakdownRow[]> = {
  giessen: [
    ['chrome', 1, 1, 0.3333, 6, 0], // Anna
    ['firefox', 1, 1, 0.3333, 3, 0], // Ben
    ['safari', 1, 1, 0.3333, 1, 1], // Clara
  ],
  marburg: [
    ['chrome', 1, 1, 0.5, 6, 0],
    ['firefox', 1, 1, 0.5, 3, 0],
  ],
  fulda: [
    ['safari', 2, 2, 0.6667, 2, 1], // Clara, Dora
    ['chrome', 1, 1, 0.3333, 6, 0], // Anna
  ],
};

/**
 * Funnel stages of the dog-tax service in distinct visitors: viewed (a service view or a page of the service),
 * started, step n reached, submitted, confirmed. As [stage, step, step name, visitors, share of viewers,
 * drop-off from the stage before, drop-off rate]; the first stage has no drop-off.
 */
export type StageRow = [string, number | null, string | null, number, number, number | null, number | null];
export const STAGES: Record<City, StageRow[]> = {
  // Anna and Ben viewed, started and reached steps 1 and 2; only Anna reached step 3 and went on.
  giessen: [
    ['viewed', null, null, 2, 1, null, null],
    ['started', null, null, 2, 1, 0, 0],
    ['step', 1, 'halter', 2, 1, 0, 0],
    ['step', 2, 'hund', 2, 1, 0, 0],
    ['step', 3, 'pruefen', 1, 0.5, 1, 0.5],
    ['submitted', null, null, 1, 0.5, 0, 0],
    ['confirmed', null, null, 1, 0.5, 0, 0],
  ],
  // Anna and Ben reached step 1; Ben's surname error kept him from step 2.
  marburg: [
    ['viewed', null, null, 2, 1, null, null],
    ['started', null, null, 2, 1, 0, 0],
    ['step', 1, 'halter', 2, 1, 0, 0],
    ['step', 2, 'hund', 1, 0.5, 1, 0.5],
    ['step', 3, 'pruefen', 1, 0.5, 0, 0],
    ['submitted', null, null, 1, 0.5, 0, 0],
    ['confirmed', null, null, 1, 0.5, 0, 0],
  ],
  // Anna, Clara and Dora viewed; only Anna started (1/3 = 0.3333; 2 of 3 dropped: 0.6667) and finished.
  fulda: [
    ['viewed', null, null, 3, 1, null, null],
    ['started', null, null, 1, 0.3333, 2, 0.6667],
    ['step', 1, 'halter', 1, 0.3333, 0, 0],
    ['step', 2, 'hund', 1, 0.3333, 0, 0],
    ['step', 3, 'pruefen', 1, 0.3333, 0, 0],
    ['submitted', null, null, 1, 0.3333, 0, 0],
    ['confirmed', null, null, 1, 0.3333, 0, 0],
  ],
};

export interface FunnelNumbers {
  startRate: number; // starters / viewers
  completionRate: number; // confirmers / starters
  /** [visitors with an error, errors, error rate = visitors / starters] */
  errors: [number, number, number];
  /** [field, step, visitors, errors] */
  errorFields: [string, number, number, number][];
  /** [mean score, ratings, raters] */
  satisfaction: [number, number, number];
  /** [score, ratings, share] */
  scores: [number, number, number][];
}
export const FUNNEL: Record<City, FunnelNumbers> = {
  giessen: {
    startRate: 1, // 2/2
    completionRate: 0.5, // 1/2
    errors: [1, 1, 0.5], // Ben's postcode; 1 of 2 starters
    errorFields: [['plz', 2, 1, 1]],
    satisfaction: [5, 1, 1],
    scores: [[5, 1, 1]],
  },
  marburg: {
    startRate: 1, // 2/2
    completionRate: 0.5, // 1/2
    errors: [1, 1, 0.5], // Ben's empty surname
    errorFields: [['nachname', 1, 1, 1]],
    satisfaction: [4, 1, 1],
    scores: [[4, 1, 1]],
  },
  fulda: {
    startRate: 0.3333, // 1/3
    completionRate: 1, // 1/1
    errors: [0, 0, 0], // 0 of 1 starter
    errorFields: [],
    satisfaction: [2, 1, 1],
    scores: [[2, 1, 1]],
  },
};

/**
 * The comparison of the dog-tax service over all six cities, as an admin sees it (every city named, in full).
 * Per city and metric [value, per 1,000 inhabitants (counts only, rounded to 3 places), rank]. Counts are
 * ranked per 1,000 inhabitants (Gießen 92,000, Marburg 77,000, Fulda 70,000 in sites.json); equal values share a
 * rank and the next rank skips ("1224"). Cities without visitors have counts of 0 (ranked last, together) and
 * no rates (null, no rank).
 *   viewers:     Fulda 3 → 3000/70000 = 0.043, Marburg 2 → 0.026, Gießen 2 → 2000/92000 = 0.022
 *   starters:    Marburg 2 → 0.026, Gießen 2 → 0.022, Fulda 1 → 0.014
 *   completions: Fulda 1 → 0.014, Marburg 1 → 0.013, Gießen 1 → 0.011
 *   startRate:   Gießen 2/2 = 1, Marburg 1, Fulda 1/3 = 0.3333
 *   completionRate: Fulda 1/1 = 1, Gießen 1/2 = 0.5, Marburg 0.5
 *   errorRate (lower is better): Fulda 0/1 = 0, Gießen 1/2 = 0.5, Marburg 0.5
 *   satisfaction: Gießen 5, Marburg 4, Fulda 2
 *   medianTimeToCompleteSec: each city's one completion time (machine speed: see withTimesToComplete)
 */
export type Cell = [number | null, number | null, number | null];
const NOBODY: Record<string, Cell> = {
  viewers: [0, 0, 4],
  starters: [0, 0, 4],
  completions: [0, 0, 4],
  startRate: [null, null, null],
  completionRate: [null, null, null],
  medianTimeToCompleteSec: [null, null, null],
  errorRate: [null, null, null],
  satisfaction: [null, null, null],
  digitalTakeUp: [null, null, null],
};
/** In the API's order: named cities by German name. */
export const COMPARISON: [string, Record<string, Cell>][] = [
  [
    'fulda',
    {
      viewers: [3, 0.043, 1],
      starters: [1, 0.014, 3],
      completions: [1, 0.014, 1],
      startRate: [0.3333, null, 3],
      completionRate: [1, null, 1],
      medianTimeToCompleteSec: [null, null, null],
      errorRate: [0, null, 1],
      satisfaction: [2, null, 3],
      // No city imported offline case numbers, and the 30 days are not whole months: no take-up.
      digitalTakeUp: [null, null, null],
    },
  ],
  [
    'giessen',
    {
      viewers: [2, 0.022, 3],
      starters: [2, 0.022, 2],
      completions: [1, 0.011, 3],
      startRate: [1, null, 1],
      completionRate: [0.5, null, 2],
      medianTimeToCompleteSec: [null, null, null],
      errorRate: [0.5, null, 2],
      satisfaction: [5, null, 1],
      // No city imported offline case numbers, and the 30 days are not whole months: no take-up.
      digitalTakeUp: [null, null, null],
    },
  ],
  ['limburg', NOBODY],
  [
    'marburg',
    {
      viewers: [2, 0.026, 2],
      starters: [2, 0.026, 1],
      completions: [1, 0.013, 2],
      startRate: [1, null, 1],
      completionRate: [0.5, null, 2],
      medianTimeToCompleteSec: [null, null, null],
      errorRate: [0.5, null, 2],
      satisfaction: [4, null, 2],
      // No city imported offline case numbers, and the 30 days are not whole months: no take-up.
      digitalTakeUp: [null, null, null],
    },
  ],
  ['offenbach', NOBODY],
  ['wetzlar', NOBODY],
];

/**
 * Statistics over the cities whose value exists, with the best cities (ties: all). Quantiles
 * interpolate linearly between sorted values (type 7: position (n − 1)·p), rounded to 4 places.
 *   counts over 6 cities per 1,000, e.g. viewers [0, 0, 0, 0.022, 0.026, 0.043]: q1 at 1.25 → 0,
 *     median at 2.5 → 0 + 0.5·0.022 = 0.011, q3 at 3.75 → 0.022 + 0.75·0.004 = 0.025
 *   starters [0, 0, 0, 0.014, 0.022, 0.026]: median 0.007, q3 0.014 + 0.75·0.008 = 0.02
 *   completions [0, 0, 0, 0.011, 0.013, 0.014]: median 0.0055, q3 0.011 + 0.75·0.002 = 0.0125
 *   rates over 3 cities: startRate [0.3333, 1, 1]: q1 at 0.5 → 0.3333 + 0.5·0.6667 = 0.66665 → 0.6667;
 *     completionRate [0.5, 0.5, 1]: q3 at 1.5 → 0.75; errorRate [0, 0.5, 0.5]: q1 0.25;
 *     satisfaction [2, 4, 5]: q1 3, q3 4.5
 */
export interface Statistics {
  n: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  best: string[];
}
const stats = (n: number, [min, q1, median, q3, max]: (number | null)[], best: string[]): Statistics => ({
  n,
  min: min ?? null,
  q1: q1 ?? null,
  median: median ?? null,
  q3: q3 ?? null,
  max: max ?? null,
  best,
});
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The comparison and its statistics once each city's time to complete (seconds, one completion per city) is
 * known: lower is better, so the fastest city ranks first and is the best (none when all are equal); ties share
 * a rank. Quantiles of three
 * sorted values a ≤ b ≤ c (type 7): q1 = a + (b − a)/2, median b, q3 = b + (c − b)/2.
 */
export function withTimesToComplete(seconds: Record<City, number>): {
  comparison: [string, Record<string, Cell>][];
  statistics: Record<string, Statistics>;
} {
  const sorted = Object.values(seconds).sort((x, y) => x - y) as [number, number, number];
  const [a, b, c] = sorted;
  const rank = (s: number) => 1 + sorted.filter((other) => other < s).length;
  return {
    comparison: COMPARISON.map(([key, cells]) => {
      const s = seconds[key as City];
      return [key, s === undefined ? cells : { ...cells, medianTimeToCompleteSec: [s, null, rank(s)] }];
    }),
    statistics: {
      ...STATISTICS,
      medianTimeToCompleteSec: stats(
        3,
        [a, round4(a + (b - a) / 2), b, round4(b + (c - b) / 2), c],
        // All equal (robots fill forms at much the same speed): nobody is the example to follow.
        a === c ? [] : CITIES.filter((city) => seconds[city] === a).sort(),
      ),
    },
  };
}

export const STATISTICS: Record<string, Statistics> = {
  viewers: stats(6, [0, 0, 0.011, 0.025, 0.043], ['fulda']),
  starters: stats(6, [0, 0, 0.007, 0.02, 0.026], ['marburg']),
  completions: stats(6, [0, 0, 0.0055, 0.0125, 0.014], ['fulda']),
  startRate: stats(3, [0.3333, 0.6667, 1, 1, 1], ['giessen', 'marburg']),
  completionRate: stats(3, [0.5, 0.5, 0.5, 0.75, 1], ['fulda']),
  medianTimeToCompleteSec: stats(0, [null, null, null, null, null], []),
  errorRate: stats(3, [0, 0.25, 0.5, 0.5, 0.5], ['fulda']),
  satisfaction: stats(3, [2, 3, 4, 4.5, 5], ['giessen']),
  digitalTakeUp: stats(0, [null, null, null, null, null], []),
};

/**
 * Gießen's team compares the dog-tax service over the last closed month. The journeys all happen today, so every
 * true count of that month is 0, and a count below k is never published to others (whatever its noise): every
 * other city's cell is `below_k`, without value or rank, and Limburg, which opted out of being named, is peer 1.
 * Gießen reads its own numbers exactly, zeros, each marked `below_k` as others cannot see it. No city has a
 * figure to compare: no statistics, no ranks. Nobody reached a form step, so the funnels have no step stages.
 * Cities as [key or peer-n, name, own, exact], cells as [value, per 1,000, rank, rank band, status], stages as
 * [stage, visitors, share of viewers, drop-off, drop-off rate, status].
 */
export type ShownCell = [number | null, number | null, number | null, string | null, string];
export type ShownStage = [string, number | null, number | null, number | null, number | null, string];
export interface ShownCity {
  city: [string, string | null, boolean, boolean];
  metrics: Record<string, ShownCell>;
  stages: ShownStage[];
}
const COUNTS = ['viewers', 'starters', 'completions'];
const FUNNEL_STAGES = ['viewed', 'started', 'submitted', 'confirmed'];
/** No city imported offline case numbers: digital take-up is unknown for everyone, the city itself included. */
const NO_TAKE_UP: ShownCell = [null, null, null, null, 'no_offline_data'];
const hiddenCity = (city: ShownCity['city']): ShownCity => ({
  city,
  metrics: Object.fromEntries(
    SERVICE_METRICS.map((m) => [m, m === 'digitalTakeUp' ? NO_TAKE_UP : [null, null, null, null, 'below_k']]),
  ),
  stages: FUNNEL_STAGES.map((stage) => [stage, null, null, null, null, 'below_k']),
});
export const CLOSED_MONTH_COMPARISON: ShownCity[] = [
  hiddenCity(['fulda', 'Fulda', false, false]),
  {
    city: ['giessen', 'Gießen', true, true],
    // Counts of 0 (0 per 1,000); nothing to divide for the rates.
    metrics: Object.fromEntries(
      SERVICE_METRICS.map((m) => [
        m,
        m === 'digitalTakeUp'
          ? NO_TAKE_UP
          : COUNTS.includes(m)
            ? [0, 0, null, null, 'below_k']
            : [null, null, null, null, 'below_k'],
      ]),
    ),
    // 0 visitors at each stage, none lost; no share of 0 viewers.
    stages: FUNNEL_STAGES.map((stage, i) => [stage, 0, null, i === 0 ? null : 0, null, 'below_k']),
  },
  hiddenCity(['marburg', 'Marburg', false, false]),
  hiddenCity(['offenbach', 'Offenbach am Main', false, false]),
  hiddenCity(['wetzlar', 'Wetzlar', false, false]),
  hiddenCity(['peer-1', null, false, false]),
];
export const CLOSED_MONTH_STATISTICS: Record<string, Statistics> = Object.fromEntries(
  SERVICE_METRICS.map((m) => [m, stats(0, [null, null, null, null, null], [])]),
);

/**
 * Downloads as [host, path, downloads, visitors] and outbound links as [host, clicks, visitors]. Ben downloads the
 * dog-tax statute from Gießen's service page; Anna follows the confirmation page's link to the state portal in each
 * city, which counts by host only. Both pages belong to the dog-tax service: asked for that service, the same.
 */
export const LINKS: Record<
  City,
  { downloads: [string, string, number, number][]; outbound: [string, number, number][] }
> = {
  giessen: {
    downloads: [['giessen.localhost', '/media/hundesteuersatzung.pdf', 1, 1]],
    outbound: [[EXTERN_HOST, 1, 1]],
  },
  marburg: { downloads: [], outbound: [[EXTERN_HOST, 1, 1]] },
  fulda: { downloads: [], outbound: [[EXTERN_HOST, 1, 1]] },
};

/**
 * Engagement per page as [path, visitors, median visible s, visitors per visible-time bucket, median scroll %,
 * visitors per scroll bucket], by visitors, then path in byte order. Buckets: visible time under 10 s, 10–30, 30–60,
 * 60–180, 180–600, 600 s and more; scroll depth 0–24, 25–49, 50–74, 75–99, 100 %. Each visitor read each page once
 * for READ_MS (journeys.ts) and to its end (scroll 100 % everywhere); a median of two is their mean:
 *   Gießen   /             Anna 5 s, Clara 3 s             → 4 s      [2, 0, 0, 0, 0, 0]
 *            service page  Anna 20 s, Ben 8 s               → 14 s     [1, 1, 0, 0, 0, 0]
 *            step 1        Anna 45 s, Ben 50 s              → 47.5 s   [0, 0, 2, 0, 0, 0]
 *            step 2        Anna 35 s, Ben 90 s              → 62.5 s   [0, 0, 1, 1, 0, 0]
 *            confirmation  Anna 70 s; step 3 Anna 15 s
 *   Marburg  /             Anna 5 s, Ben 6 s                → 5.5 s    [2, 0, 0, 0, 0, 0]
 *            service page  Anna 20 s, Ben 12 s              → 16 s     [0, 2, 0, 0, 0, 0]
 *            step 1        Anna 45 s, Ben 200 s             → 122.5 s  [0, 0, 1, 0, 1, 0]
 *            confirmation 70 s, step 2 35 s, step 3 15 s: Anna
 *   Fulda    service page  Anna 20 s, Clara 700 s           → 360 s    [0, 1, 0, 0, 0, 1]  (Dora's view: no script)
 *            / 5 s, confirmation 70 s, steps 45, 35, 15 s: Anna
 */
export type EngagementRow = [string, number, number, number[], number, number[]];
const F = '/online-dienste/hundesteuer';
const S = '/buergerservice/hundesteuer';
const ALL_READ = (n: number) => [0, 0, 0, 0, n];
const ANNA_FORM: EngagementRow[] = [
  [`${F}/bestaetigung`, 1, 70, [0, 0, 0, 1, 0, 0], 100, ALL_READ(1)],
  [`${F}/schritt-2`, 1, 35, [0, 0, 1, 0, 0, 0], 100, ALL_READ(1)],
  [`${F}/schritt-3`, 1, 15, [0, 1, 0, 0, 0, 0], 100, ALL_READ(1)],
];
export const ENGAGEMENT: Record<City, EngagementRow[]> = {
  giessen: [
    ['/', 2, 4, [2, 0, 0, 0, 0, 0], 100, ALL_READ(2)],
    [S, 2, 14, [1, 1, 0, 0, 0, 0], 100, ALL_READ(2)],
    [`${F}/schritt-1`, 2, 47.5, [0, 0, 2, 0, 0, 0], 100, ALL_READ(2)],
    [`${F}/schritt-2`, 2, 62.5, [0, 0, 1, 1, 0, 0], 100, ALL_READ(2)],
    [`${F}/bestaetigung`, 1, 70, [0, 0, 0, 1, 0, 0], 100, ALL_READ(1)],
    [`${F}/schritt-3`, 1, 15, [0, 1, 0, 0, 0, 0], 100, ALL_READ(1)],
  ],
  marburg: [
    ['/', 2, 5.5, [2, 0, 0, 0, 0, 0], 100, ALL_READ(2)],
    [S, 2, 16, [0, 2, 0, 0, 0, 0], 100, ALL_READ(2)],
    [`${F}/schritt-1`, 2, 122.5, [0, 0, 1, 0, 1, 0], 100, ALL_READ(2)],
    ...ANNA_FORM,
  ],
  fulda: [
    [S, 2, 360, [0, 1, 0, 0, 0, 1], 100, ALL_READ(2)],
    ['/', 1, 5, [1, 0, 0, 0, 0, 0], 100, ALL_READ(1)],
    [`${F}/bestaetigung`, 1, 70, [0, 0, 0, 1, 0, 0], 100, ALL_READ(1)],
    [`${F}/schritt-1`, 1, 45, [0, 0, 1, 0, 0, 0], 100, ALL_READ(1)],
    [`${F}/schritt-2`, 1, 35, [0, 0, 1, 0, 0, 0], 100, ALL_READ(1)],
    [`${F}/schritt-3`, 1, 15, [0, 1, 0, 0, 0, 0], 100, ALL_READ(1)],
  ],
};
