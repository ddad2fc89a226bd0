import type { Event } from '@godonu/contract';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { outcome } from './queue.ts';

const ENDPOINT = 'https://collector.giessen.example/v1/events';

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
let beaconMock: Mock<(url: string, body: string) => boolean>;

/** Options as the script tag would have them, with a 100 ms timer. */
const OPTIONS = { site: 'giessen', endpoint: ENDPOINT, flush: '100' };

/** A fresh queue module: its state is per page. `open()` opens it with `OPTIONS`. */
const loadQueue = async () => {
  vi.resetModules();
  const q = await import('./queue.ts');
  return { ...q, openQueue: () => q.openQueue(OPTIONS) };
};

const event = (n: number): Event => ({
  type: 'custom',
  name: `e${n}`,
  id: `event-${String(n).padStart(4, '0')}`,
  ts: 1_800_000_000_000 + n,
  url: 'https://www.giessen.de/',
});
const events = (from: number, to: number): Event[] =>
  Array.from({ length: to - from + 1 }, (_, i) => event(from + i));

/** Event names of each request so far, fetch and beacon in one list, in call order. */
const fetched = (): string[][] =>
  fetchMock.mock.calls.map(([, init]) =>
    (JSON.parse(init.body as string) as { events: Event[] }).events.map((e) => (e as { name: string }).name),
  );
const beaconed = (): string[][] =>
  beaconMock.mock.calls.map(([, body]) =>
    (JSON.parse(body) as { events: Event[] }).events.map((e) => (e as { name: string }).name),
  );
const names = (from: number, to: number): string[] =>
  events(from, to).map((e) => (e as { name: string }).name);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_100_000 });
  fetchMock = vi.fn(async () => new Response(null, { status: 202 }));
  beaconMock = vi.fn(() => true);
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('navigator', { sendBeacon: beaconMock });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('batching', () => {
  it('sends nothing before the queue opens, then what waited as one batch after the timer', async () => {
    const q = await loadQueue();
    for (const e of events(1, 3)) q.enqueue(e);
    await vi.advanceTimersByTimeAsync(10_000);
    q.flushBeacon();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();

    q.openQueue();
    await vi.advanceTimersByTimeAsync(99);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(ENDPOINT);
    expect({ ...init, body: JSON.parse(init.body as string) }).toEqual({
      method: 'POST',
      keepalive: true,
      body: { v: 1, site: 'giessen', sentAt: 1_800_000_110_100, events: events(1, 3) },
    });
  });

  it('sends at ten waiting events without the timer', async () => {
    const q = await loadQueue();
    q.openQueue();
    for (const e of events(1, 9)) q.enqueue(e);
    expect(fetchMock).not.toHaveBeenCalled();
    q.enqueue(event(10));
    expect(fetched()).toEqual([names(1, 10)]);
  });

  it('keeps the newest 100 events while it cannot send, in batches of at most 50', async () => {
    const q = await loadQueue();
    for (const e of events(1, 130)) q.enqueue(e);
    q.openQueue();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetched()).toEqual([names(31, 80), names(81, 130)]);
  });

  it('leaves empty strings out of the batch', async () => {
    const q = await loadQueue();
    q.openQueue();
    q.enqueue({ ...event(1), type: 'pageview', ref: '' } as Event);
    await vi.advanceTimersByTimeAsync(100);
    const body = JSON.parse(fetchMock.mock.calls[0]?.[1].body as string) as { events: Event[] };
    expect(body.events[0]).not.toHaveProperty('ref');
  });
});

describe('retries', () => {
  it('honours Retry-After on 503 and 429 and keeps the order, one request at a time', async () => {
    fetchMock
      .mockResolvedValueOnce(new Response(null, { status: 503, headers: { 'retry-after': '1' } }))
      .mockResolvedValueOnce(new Response(null, { status: 429, headers: { 'retry-after': '3' } }));
    const q = await loadQueue();
    q.openQueue();
    q.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(100);
    q.enqueue(event(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(fetched()).toEqual([['e1']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetched()).toEqual([['e1'], ['e1', 'e2']]);
    await vi.advanceTimersByTimeAsync(2999);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetched()).toEqual([['e1'], ['e1', 'e2'], ['e1', 'e2']]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('backs off 2, 4, 8 and 16 s after network errors, drops the batch after five attempts, then carries on', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const q = await loadQueue();
    q.openQueue();
    q.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(100);
    const times = [Date.now()];
    for (const delay of [2000, 4000, 8000, 16000]) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(fetchMock).toHaveBeenCalledTimes(times.length);
      await vi.advanceTimersByTimeAsync(1);
      times.push(Date.now());
    }
    expect(fetchMock).toHaveBeenCalledTimes(5);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(fetchMock).toHaveBeenCalledTimes(5);

    fetchMock.mockResolvedValue(new Response(null, { status: 202 }));
    q.enqueue(event(2));
    await vi.advanceTimersByTimeAsync(100);
    expect(fetched().at(-1)).toEqual(['e2']);
  });

  it('does not retry a batch the collector refused as invalid', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 400 }));
    const q = await loadQueue();
    q.openQueue();
    q.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('page hide', () => {
  it('sends everything waiting by beacon at once, even during a backoff, and fetch when the beacon is refused', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 503, headers: { 'retry-after': '30' } }));
    beaconMock.mockReturnValueOnce(true).mockReturnValueOnce(false);
    const q = await loadQueue();
    q.openQueue();
    q.enqueue(event(1));
    await vi.advanceTimersByTimeAsync(100);
    for (const e of events(2, 60)) q.enqueue(e);
    expect(fetchMock).toHaveBeenCalledTimes(1);

    q.flushBeacon();
    expect(beaconed()).toEqual([names(1, 50), names(51, 60)]);
    expect(beaconMock.mock.calls[0]?.[0]).toBe(ENDPOINT);
    expect(fetched()).toEqual([['e1'], names(51, 60)]);
  });
});

const response = (status: number, retryAfter?: string): Response =>
  new Response(null, { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });

describe('outcome', () => {
  it('settles accepted and rejected batches: retrying a 4xx cannot help', () => {
    expect([202, 200, 400, 403, 413].map((s) => outcome(response(s)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('asks for a retry after 429 and 5xx, after Retry-After seconds when given', () => {
    expect(outcome(response(429, '3'))).toBe(3000);
    expect(outcome(response(503, '1'))).toBe(1000);
  });

  it('leaves the delay to the backoff without a usable Retry-After', () => {
    expect(outcome(response(503))).toBe(0);
    expect(outcome(response(502))).toBe(0);
    // An HTTP-date is not understood: NaN, falsy like 0.
    expect(outcome(response(503, 'Wed, 21 Oct 2026 07:28:00 GMT'))).toBeNaN();
  });
});
