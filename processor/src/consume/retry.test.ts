import { describe, expect, it } from 'vitest';
import { retryUntilDone } from './retry.ts';

describe('retryUntilDone', () => {
  it('doubles the delay up to the cap, in slices of at most a second, heart-beating after each', async () => {
    const calls: string[] = [];
    let failures = 3;
    const ok = await retryUntilDone(
      async () => {
        if (failures-- > 0) throw new Error('down');
        calls.push('done');
      },
      { initialMs: 700, maxMs: 1_500 },
      {
        heartbeat: async () => {
          calls.push('hb');
        },
        shouldStop: () => false,
        onFailure: (_e, attempt, delay) => calls.push(`fail ${attempt} ${delay}`),
        sleep: async (ms) => {
          calls.push(`sleep ${ms}`);
        },
      },
    );
    expect(ok).toBe(true);
    expect(calls).toEqual([
      'fail 1 700',
      'sleep 700',
      'hb',
      'fail 2 1400',
      'sleep 1000',
      'hb',
      'sleep 400',
      'hb',
      'fail 3 1500',
      'sleep 1000',
      'hb',
      'sleep 500',
      'hb',
      'done',
    ]);
  });

  it('gives up without success when told to stop', async () => {
    let stop = false;
    const ok = await retryUntilDone(
      async () => {
        throw new Error('down');
      },
      { initialMs: 10, maxMs: 10 },
      {
        heartbeat: async () => {},
        shouldStop: () => stop,
        onFailure: () => {
          stop = true;
        },
        sleep: async () => {},
      },
    );
    expect(ok).toBe(false);
  });
});
