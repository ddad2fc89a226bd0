import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';

const ENDPOINT = 'https://collector.giessen.example/v1/events';

let fetchMock: Mock<(url: string, init: RequestInit) => Promise<Response>>;
let beaconMock: Mock<(url: string, body: string) => boolean>;

/** Options as the script tag would have them. */
const OPTIONS = { site: 'giessen', endpoint: ENDPOINT };

/**
 * A fresh queue module (its state is per page). `open()` opens it with `OPTIONS`; `ticks(n)` plays the SDK's
 * timer, which calls `send` every 500 ms.
 */
const loadQueue = async () => {
  vi.resetModules();
  const q = await import('./queue.ts');
  const ticks = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      await vi.advanceTimersByTimeAsync(500);
      q.send();
    }
  };
  return { ...q, open: () => q.openQueue(OPTIONS), ticks };
};

/** Event `n` as JSON text, the way `start` queues it. */
const event = (n: number): string =>
  JSON.stringify([10, `event-${n}`, 1_800_000_000_000 + n, '/', null, `e${n}`]);
const events = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => event(from + i));
const names = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `e${from + i}`);

/** Event names of a request body. */
const namesOf = (body: string): string[] =>
  (JSON.parse(body) as { events: unknown[][] }).events.map((e) => e[5] as string);
const fetched = (): string[][] => fetchMock.mock.calls.map(([, init]) => namesOf(init.body as string));
const beaconed = (): string[][] => beaconMock.mock.calls.map(([, body]) => namesOf(body));

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
  it('sends nothing before the queue opens, then what waited as one batch at once', async () => {
    const q = await loadQueue();
    for (const e of events(1, 3)) q.enqueue(e);
    await q.ticks(20);
    q.flushBeacon();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();

    q.open();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(ENDPOINT);
    expect({ ...init, body: JSON.parse(init.body as string) }).toEqual({
      method: 'POST',
      keepalive: true,
      body: { v: 1, site: 'giessen', events: events(1, 3).map((e) => JSON.parse(e)) },
    });
  });

  it('sends what waits with the next tick, and at ten waiting events without it', async () => {
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    expect(fetchMock).not.toHaveBeenCalled();
    await q.ticks(1);
    expect(fetched()).toEqual([['e1']]);
    // The answer to e1 settles first: one request at a time.
    await vi.advanceTimersByTimeAsync(0);
    for (const e of events(2, 10)) q.enqueue(e);
    expect(fetched()).toEqual([['e1']]);
    q.enqueue(event(11));
    expect(fetched()).toEqual([['e1'], names(2, 11)]);
  });

  it('sends ten that gathered while a batch was in flight as soon as it settles, fewer with the next tick', async () => {
    const answers: ((r: Response) => void)[] = [];
    fetchMock.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const accept = async (): Promise<void> => {
      answers.shift()?.(new Response(null, { status: 202 }));
      await vi.advanceTimersByTimeAsync(0);
    };
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    await q.ticks(1);
    for (const e of events(2, 12)) q.enqueue(e);
    expect(fetched()).toEqual([['e1']]);
    await accept();
    expect(fetched()).toEqual([['e1'], names(2, 12)]);

    for (const e of events(13, 21)) q.enqueue(e);
    await accept();
    expect(fetched()).toEqual([['e1'], names(2, 12)]);
    await q.ticks(1);
    expect(fetched()).toEqual([['e1'], names(2, 12), names(13, 21)]);
  });

  it('keeps the newest 100 events while it cannot send, in batches of at most 50', async () => {
    const q = await loadQueue();
    for (const e of events(1, 130)) q.enqueue(e);
    q.open();
    await q.ticks(1);
    expect(fetched()).toEqual([names(31, 80), names(81, 130)]);
  });
});

describe('retries', () => {
  it('honours Retry-After on 503 and 429 and keeps the order, one request at a time', async () => {
    fetchMock
      .mockResolvedValueOnce(new Response(null, { status: 503, headers: { 'retry-after': '1' } }))
      .mockResolvedValueOnce(new Response(null, { status: 429, headers: { 'retry-after': '3' } }));
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    q.send();
    q.enqueue(event(2));
    // Retry-After 1 s: the tick at 0.5 s is too early, the one at 1 s sends.
    await q.ticks(1);
    expect(fetched()).toEqual([['e1']]);
    await q.ticks(1);
    expect(fetched()).toEqual([['e1'], ['e1', 'e2']]);
    await q.ticks(5);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await q.ticks(1);
    expect(fetched()).toEqual([['e1'], ['e1', 'e2'], ['e1', 'e2']]);
    await q.ticks(100);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('backs off 2, 4, 8 and 16 s after network errors, drops the batch after five attempts, then carries on', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    q.send();
    for (const delay of [2000, 4000, 8000, 16000]) {
      const before = fetchMock.mock.calls.length;
      await q.ticks(delay / 500 - 1);
      expect(fetchMock).toHaveBeenCalledTimes(before);
      await q.ticks(1);
      expect(fetchMock).toHaveBeenCalledTimes(before + 1);
    }
    expect(fetchMock).toHaveBeenCalledTimes(5);
    await q.ticks(1200);
    expect(fetchMock).toHaveBeenCalledTimes(5);

    fetchMock.mockResolvedValue(new Response(null, { status: 202 }));
    q.enqueue(event(2));
    await q.ticks(1);
    expect(fetched().at(-1)).toEqual(['e2']);
  });

  it('does not retry a batch the collector refused', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 400 }));
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    await q.ticks(120);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

describe('page hide', () => {
  it('sends everything waiting by beacon at once, even during a backoff, and fetch when the beacon is refused', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 503, headers: { 'retry-after': '30' } }));
    beaconMock.mockReturnValueOnce(true).mockReturnValueOnce(false);
    const q = await loadQueue();
    q.open();
    q.enqueue(event(1));
    q.send();
    await q.ticks(1);
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
  let outcome: Awaited<ReturnType<typeof loadQueue>>['outcome'];
  beforeEach(async () => {
    ({ outcome } = await loadQueue());
  });

  it('settles accepted and refused batches: retrying a 4xx cannot help', () => {
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
