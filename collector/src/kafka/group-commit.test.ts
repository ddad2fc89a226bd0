import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage } from '../ingest/to-record.ts';
import { GroupCommit, SinkError } from './group-commit.ts';

const msg = (n: number, size = 10): EventMessage => ({
  key: `k${n}`,
  value: 'x'.repeat(size),
  timestamp: '0',
});

/** A send whose completion the test controls. */
function controlledSend() {
  const calls: { messages: EventMessage[]; resolve: () => void; reject: (e: Error) => void }[] = [];
  const send = (messages: EventMessage[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ messages, resolve, reject });
    });
  return { calls, send };
}

function sink(send: (m: EventMessage[]) => Promise<void>, overrides = {}) {
  return new GroupCommit({
    send,
    lingerMs: 2,
    maxBytes: 1_000,
    maxEvents: 100,
    timeoutMs: 5_000,
    ...overrides,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('GroupCommit', () => {
  it('writes concurrent requests in one call and acknowledges each only after that call resolved', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send);
    const acked: string[] = [];
    const a = s.publish([msg(1), msg(2)]).then(() => acked.push('a'));
    const b = s.publish([msg(3)]).then(() => acked.push('b'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.messages.map((m) => m.key)).toEqual(['k1', 'k2', 'k3']);
    expect(s.depth).toBe(3);
    await new Promise((r) => setTimeout(r, 20));
    expect(acked).toEqual([]);
    calls[0]?.resolve();
    await Promise.all([a, b]);
    expect(acked).toEqual(['a', 'b']);
    expect(s.depth).toBe(0);
  });

  it('groups the requests that arrive while a write is in flight into the next write', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send);
    const first = s.publish([msg(1)]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const later = [s.publish([msg(2)]), s.publish([msg(3)]), s.publish([msg(4)])];
    calls[0]?.resolve();
    await first;
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.messages.map((m) => m.key)).toEqual(['k2', 'k3', 'k4']);
    calls[1]?.resolve();
    await Promise.all(later);
  });

  it('with two producers writes a request that arrives during a write at once, and queues behind two writes', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send, { maxInFlight: 2 });
    const first = s.publish([msg(1)]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const second = s.publish([msg(2)]);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    const third = [s.publish([msg(3)]), s.publish([msg(4)])];
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(2);
    expect(s.depth).toBe(4);
    calls[1]?.resolve();
    await second;
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls.map((c) => c.messages.map((m) => m.key))).toEqual([['k1'], ['k2'], ['k3', 'k4']]);
    calls[2]?.resolve();
    await Promise.all(third);
    calls[0]?.resolve();
    await first;
    expect(s.depth).toBe(0);
  });

  it('keeps one write under the byte budget, taking whole requests in arrival order', async () => {
    const writes: string[][] = [];
    const s = sink(async (m) => void writes.push(m.map((x) => x.key)), { maxBytes: 100 });
    await Promise.all([
      s.publish([msg(1, 40), msg(2, 40)]),
      s.publish([msg(3, 40)]),
      s.publish([msg(4, 200)]),
      s.publish([msg(5, 10)]),
    ]);
    expect(writes).toEqual([['k1', 'k2'], ['k3'], ['k4'], ['k5']]);
  });

  it('refuses at once when the buffer would exceed its bound', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send, { maxEvents: 3 });
    const held = s.publish([msg(1), msg(2)]);
    await expect(s.publish([msg(3), msg(4)])).rejects.toEqual(new SinkError('buffer_full'));
    const fits = s.publish([msg(3)]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0]?.resolve();
    await Promise.all([held, fits]);
  });

  it('answers timeout when Kafka does not acknowledge in time, and never acknowledges that request later', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send, { timeoutMs: 100 });
    const inFlight = expect(s.publish([msg(1)])).rejects.toEqual(new SinkError('timeout'));
    await vi.waitFor(() => expect(calls).toHaveLength(1), { interval: 5 });
    const queued = expect(s.publish([msg(2)])).rejects.toEqual(new SinkError('timeout'));
    await Promise.all([inFlight, queued]);
    // The queued request timed out before it was written: it is no longer sent at all.
    calls[0]?.resolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    expect(s.depth).toBe(0);
  });

  it('rejects every request of a write that Kafka refused, and carries on with the next', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send);
    const a = s.publish([msg(1)]);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const b = s.publish([msg(2)]);
    calls[0]?.reject(new Error('NOT_ENOUGH_REPLICAS'));
    await expect(a).rejects.toMatchObject({ reason: 'kafka_error' });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    calls[1]?.resolve();
    await expect(b).resolves.toBeUndefined();
  });

  it('answers each request by the outcome of its own write when one of two writes fails', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send, { maxInFlight: 2 });
    const first = [s.publish([msg(1)]), s.publish([msg(2)])];
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    const second = [s.publish([msg(3)]), s.publish([msg(4)])];
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls.map((c) => c.messages.map((m) => m.key))).toEqual([
      ['k1', 'k2'],
      ['k3', 'k4'],
    ]);
    const outcomes = Promise.allSettled([...first, ...second]);
    calls[1]?.resolve();
    calls[0]?.reject(new Error('NOT_ENOUGH_REPLICAS'));
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect(s.depth).toBe(0);
  });

  it('times out thousands of waiting requests with one timer, and forgets them', async () => {
    vi.useFakeTimers();
    const { calls, send } = controlledSend();
    const s = sink(send, { timeoutMs: 1_000, maxEvents: 10_000 });
    const results = Array.from({ length: 3_000 }, (_, i) =>
      s.publish([msg(i)]).catch((e: SinkError) => e.reason),
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(calls).toHaveLength(1);
    // The one write in flight carries all of them; besides it only the deadline timer runs.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(new Set(await Promise.all(results))).toEqual(new Set(['timeout']));
    expect(vi.getTimerCount()).toBe(0);
    // The queued ones were never written; the write in flight counts until Kafka answers it.
    expect(calls).toHaveLength(1);
    expect(s.depth).toBe(calls[0]?.messages.length);
    // Its late acknowledgement answers nobody twice.
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(5);
    expect(calls).toHaveLength(1);
    expect(s.depth).toBe(0);
  });

  it('times out a queued request at its own deadline, not at that of the request before it', async () => {
    vi.useFakeTimers();
    const { calls, send } = controlledSend();
    const s = sink(send, { timeoutMs: 1_000 });
    const early = s.publish([msg(1)]).catch((e: SinkError) => e.reason);
    await vi.advanceTimersByTimeAsync(600);
    const late = s.publish([msg(2)]).catch((e: SinkError) => e.reason);
    let lateOutcome: string | undefined;
    void late.then((r) => {
      lateOutcome = r ?? 'acknowledged';
    });
    await vi.advanceTimersByTimeAsync(400);
    expect(await early).toBe('timeout');
    expect(lateOutcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(600);
    expect(lateOutcome).toBe('timeout');
    // Neither was acknowledged; the first is still in flight, the second was never written.
    expect(calls).toHaveLength(1);
    expect(s.depth).toBe(1);
    calls[0]?.resolve();
    await vi.advanceTimersByTimeAsync(5);
    expect(calls).toHaveLength(1);
    expect(s.depth).toBe(0);
  });

  it('on close refuses new requests but still writes those already queued', async () => {
    const { calls, send } = controlledSend();
    const s = sink(send);
    const queued = s.publish([msg(1)]);
    const closed = s.close();
    await expect(s.publish([msg(2)])).rejects.toEqual(new SinkError('shutting_down'));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0]?.resolve();
    await queued;
    await closed;
  });

  it('reports each write for the metrics', async () => {
    const writes: { events: number; requests: number; ok: boolean }[] = [];
    const s = new GroupCommit({
      send: async () => undefined,
      lingerMs: 5,
      maxBytes: 1_000,
      maxEvents: 100,
      timeoutMs: 1_000,
      onWrite: ({ events, requests, ok }) => writes.push({ events, requests, ok }),
    });
    await Promise.all([s.publish([msg(1), msg(2)]), s.publish([msg(3)])]);
    expect(writes).toEqual([{ events: 3, requests: 2, ok: true }]);
  });
});
