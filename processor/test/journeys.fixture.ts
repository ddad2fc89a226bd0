/*
 * Seven visitors in three cities on 2025-03-04 (times UTC; Berlin is UTC+1, so every event falls on that report
 * day). The expected roll-ups in journeys.int.test.ts are worked out by hand from these lines.
 */
import type { CollectedEvent } from '@godonu/contract';
import { record } from './records.ts';

const T = (h: number, m: number, s = 0) => Date.UTC(2025, 2, 4, h, m, s);
const HUNDESTEUER = 'https://formulare.giessen.de/online-dienste/hundesteuer/antrag';
const WOHNSITZ = 'https://formulare.fulda.de/online-dienste/wohnsitz/antrag';
const PARKEN = 'https://www.marburg.de/buergerservice/bewohnerpark/antrag';

const v1 = {
  site: 'giessen',
  visitor: 'aaaa000000000001',
  device: 'desktop',
  browser: 'firefox',
  os: 'linux',
} as const;
const v2 = {
  site: 'giessen',
  visitor: 'aaaa000000000002',
  device: 'mobile',
  browser: 'safari',
  os: 'ios',
} as const;
const v3 = {
  site: 'giessen',
  visitor: 'aaaa000000000003',
  device: 'desktop',
  browser: 'chrome',
  os: 'windows',
} as const;
const v4 = {
  site: 'fulda',
  visitor: 'bbbb000000000004',
  device: 'desktop',
  browser: 'edge',
  os: 'windows',
} as const;
const v5 = {
  site: 'fulda',
  visitor: 'bbbb000000000005',
  device: 'tablet',
  browser: 'samsung',
  os: 'android',
} as const;
const v6 = {
  site: 'marburg',
  visitor: 'cccc000000000006',
  device: 'desktop',
  browser: 'firefox',
  os: 'linux',
} as const;
const v7 = {
  site: 'marburg',
  visitor: 'cccc000000000007',
  device: 'mobile',
  browser: 'chrome',
  os: 'android',
  mode: 'server',
} as const;

export const JOURNEYS: CollectedEvent[] = [
  // V1, Gießen, from Google: home, dog-tax page, the whole three-step form with one error, submit, confirm, rating 5.
  // One visit of 10 minutes, two page views (no bounce).
  record(v1, T(9, 0), 'https://www.giessen.de/', { type: 'pageview' }, 'www.google.de'),
  record(
    v1,
    T(9, 1),
    'https://www.giessen.de/buergerservice/hundesteuer',
    { type: 'pageview' },
    'www.giessen.de',
  ),
  record(v1, T(9, 2), 'https://www.giessen.de/buergerservice/hundesteuer', { type: 'service_view' }),
  record(v1, T(9, 3), HUNDESTEUER, { type: 'form_start', form: 'hundesteuer' }),
  record(v1, T(9, 4), HUNDESTEUER, {
    type: 'form_step',
    form: 'hundesteuer',
    step: 1,
    steps: 3,
    stepName: 'halter',
  }),
  record(v1, T(9, 5), HUNDESTEUER, { type: 'form_error', form: 'hundesteuer', field: 'iban', step: 2 }),
  record(v1, T(9, 6), HUNDESTEUER, {
    type: 'form_step',
    form: 'hundesteuer',
    step: 2,
    steps: 3,
    stepName: 'hund',
  }),
  record(v1, T(9, 7), HUNDESTEUER, {
    type: 'form_step',
    form: 'hundesteuer',
    step: 3,
    steps: 3,
    stepName: 'zahlung',
  }),
  record(v1, T(9, 8), HUNDESTEUER, { type: 'form_submit', form: 'hundesteuer', elapsedMs: 300_000 }),
  record(v1, T(9, 9), `${HUNDESTEUER}/danke`, {
    type: 'form_confirm',
    form: 'hundesteuer',
    elapsedMs: 320_000,
  }),
  record(v1, T(9, 10), `${HUNDESTEUER}/danke`, { type: 'rating', score: 5 }),

  // V2, Gießen, direct: the dog-tax page, starts the form, two errors on step 1, leaves after 3.5 minutes (a bounce:
  // one page view). Back an hour later on the home page: a second visit, a second bounce.
  record(v2, T(10, 0), 'https://www.giessen.de/buergerservice/hundesteuer', { type: 'pageview' }),
  record(v2, T(10, 1), HUNDESTEUER, { type: 'form_start', form: 'hundesteuer' }),
  record(v2, T(10, 2), HUNDESTEUER, {
    type: 'form_step',
    form: 'hundesteuer',
    step: 1,
    steps: 3,
    stepName: 'halter',
  }),
  record(v2, T(10, 3), HUNDESTEUER, { type: 'form_error', form: 'hundesteuer', field: 'iban', step: 1 }),
  record(v2, T(10, 3, 30), HUNDESTEUER, {
    type: 'form_error',
    form: 'hundesteuer',
    field: 'geburtsdatum',
    step: 1,
  }),
  record(v2, T(11, 0), 'https://www.giessen.de/', { type: 'pageview' }),

  // V3, Gießen, from Fulda's portal: a news item with a number in its path, the same page view again (a client
  // retry: same id, dropped), an outbound link a minute later. A page on a staging host is dropped too.
  record(
    v3,
    T(9, 30),
    'https://www.giessen.de/aktuelles/4711',
    { type: 'pageview', id: 'v3-news-1' },
    'www.fulda.de',
  ),
  record(
    v3,
    T(9, 30, 10),
    'https://www.giessen.de/aktuelles/4711',
    { type: 'pageview', id: 'v3-news-1' },
    'www.fulda.de',
  ),
  record(v3, T(9, 31), 'https://www.giessen.de/aktuelles/4711', {
    type: 'outbound',
    href: 'https://www.hessen.de/x',
  }),
  record(v3, T(9, 32), 'https://staging.giessen.example/', { type: 'pageview' }),

  // V4, Fulda, from Bing: registration of address, two page views, two-step form, submit after 6 minutes.
  record(v4, T(9, 0), 'https://www.fulda.de/online-dienste/wohnsitz', { type: 'pageview' }, 'www.bing.com'),
  record(
    v4,
    T(9, 1),
    'https://www.fulda.de/online-dienste/wohnsitz/hinweise',
    { type: 'pageview' },
    'www.fulda.de',
  ),
  record(v4, T(9, 2), WOHNSITZ, { type: 'form_start', form: 'ummeldung' }),
  record(v4, T(9, 4), WOHNSITZ, { type: 'form_step', form: 'ummeldung', step: 1, steps: 2 }),
  record(v4, T(9, 6), WOHNSITZ, { type: 'form_step', form: 'ummeldung', step: 2, steps: 2 }),
  record(v4, T(9, 8), WOHNSITZ, { type: 'form_submit', form: 'ummeldung', elapsedMs: 360_000 }),

  // V5, Fulda, direct: home page (a bounce), engagement, then a rating of the address service from the home page.
  record(v5, T(14, 0), 'https://www.fulda.de/', { type: 'pageview' }),
  record(v5, T(14, 0, 30), 'https://www.fulda.de/', { type: 'engagement', engagedMs: 20_000, scrollPct: 40 }),
  record(v5, T(14, 1), 'https://www.fulda.de/', {
    type: 'rating',
    score: 2,
    reason: 'zu_kompliziert',
    service: '99115001000000',
  }),

  // V6, Marburg, from Facebook: the parking-permit page, one-step form, submit (2 min), confirm without timing.
  record(
    v6,
    T(8, 0),
    'https://www.marburg.de/buergerservice/bewohnerpark',
    { type: 'pageview' },
    'l.facebook.com',
  ),
  record(v6, T(8, 5), PARKEN, { type: 'form_start', form: 'parken' }),
  record(v6, T(8, 6), PARKEN, { type: 'form_step', form: 'parken', step: 1, steps: 1 }),
  record(v6, T(8, 7), PARKEN, { type: 'form_submit', form: 'parken', elapsedMs: 120_000 }),
  record(v6, T(8, 8), `${PARKEN}/fertig`, { type: 'form_confirm', form: 'parken' }),

  // V7, Marburg, server-side (paths only, no page view): start, submit after 3 minutes, a custom event.
  record(v7, T(8, 0), '/buergerservice/bewohnerpark/antrag', { type: 'form_start', form: 'parken' }),
  record(v7, T(8, 3), '/buergerservice/bewohnerpark/antrag', {
    type: 'form_submit',
    form: 'parken',
    elapsedMs: 180_000,
  }),
  record(v7, T(8, 4), '/buergerservice/bewohnerpark/antrag', { type: 'custom', name: 'chat.open' }),
];

/** The journeys as the collector would have written them: in order of receipt (stable for equal times). */
export function inReceiptOrder(records: CollectedEvent[] = JOURNEYS): CollectedEvent[] {
  return [...records].sort((a, b) => a.receivedAt - b.receivedAt);
}

/**
 * The journeys cut at the given times (UTC on the fixture's day), each part in order of receipt: what arrived
 * before a crash or an outage, and what arrived after. Cuts at 09:05 and 10:01 fall inside the visits of V1, V4
 * and V2.
 */
export function splitJourneys(...cuts: [hour: number, minute: number][]): CollectedEvent[][] {
  const bounds = [...cuts.map(([h, m]) => T(h, m)), Number.POSITIVE_INFINITY];
  const ordered = inReceiptOrder();
  let from = Number.NEGATIVE_INFINITY;
  return bounds.map((to) => {
    const part = ordered.filter((r) => r.receivedAt >= from && r.receivedAt < to);
    from = to;
    return part;
  });
}
