import { browserBatch, browserEvents, type Event } from '@godonu/contract';
import { expect } from 'vitest';
import type { Received } from './collector.ts';

type Shape = Record<string, unknown>;

/**
 * Events without their `id` and `ts`, after checking those: ids are url-safe and unique, timestamps lie in
 * the test's time window; engagement times are positive.
 */
export const shapes = (events: Event[], since: number): Shape[] => {
  const ids = new Set<string>();
  return events.map((e) => {
    const { id, ts, ...rest } = e;
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,36}$/);
    expect(ids.has(id)).toBe(false);
    ids.add(id);
    expect(ts).toBeGreaterThanOrEqual(since);
    expect(ts).toBeLessThanOrEqual(Date.now());
    if (rest.type === 'engagement') expect(rest.engagedMs).toBeGreaterThan(0);
    return rest;
  });
};

/**
 * What every request must look like: a text/plain POST to /v1/events without cookies whose body parses with
 * the contract's `browserBatch`, whose events all parse with its `browserEvent` (but `invalid` of them, for a
 * test that hands the SDK invalid input on purpose), and which contains none of `secrets`.
 */
export const expectWellFormed = (received: Received[], secrets: string[] = [], invalid = 0): void => {
  expect(received.length).toBeGreaterThan(0);
  let dropped = 0;
  for (const r of received) {
    expect(r).toMatchObject({ method: 'POST', path: '/v1/events', contentType: 'text/plain;charset=UTF-8' });
    expect(r.cookie).toBeUndefined();
    const parsed = browserBatch.safeParse(JSON.parse(r.body));
    expect(parsed.error).toBeUndefined();
    expect(parsed.data).toMatchObject({ v: 1, site: 'giessen' });
    if (parsed.data) dropped += browserEvents(parsed.data).invalid;
    for (const secret of secrets) expect(r.body).not.toContain(secret);
  }
  expect(dropped).toBe(invalid);
};

/** Waits until the page's scroll handlers ran (scroll events fire with the next animation frame). */
export const settle = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

/** The scroll depth the SDK computes for the page's current position, run inside the page. */
export const depthNow = (): number =>
  Math.min(100, Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100));
