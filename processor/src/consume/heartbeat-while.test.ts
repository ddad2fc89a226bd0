import { describe, expect, it } from 'vitest';
import { whileHeartbeating } from './heartbeat-while.ts';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('whileHeartbeating', () => {
  it('heart-beats while the work runs and stops when it settles', async () => {
    let beats = 0;
    const result = await whileHeartbeating(
      later(130, 'stored'),
      async () => {
        beats++;
      },
      20,
    );
    expect(result).toBe('stored');
    const atEnd = beats;
    // 130 ms at one beat per 20 ms: six at most; fewer only when a loaded machine delays the timer.
    expect(atEnd).toBeGreaterThanOrEqual(1);
    expect(atEnd).toBeLessThanOrEqual(6);
    await later(60, null);
    expect(beats).toBe(atEnd);
  });

  it('holds a rebalance back until the work settled, then throws it', async () => {
    const events: string[] = [];
    const work = later(80, null).then(() => {
      events.push('insert settled');
    });
    const outcome = whileHeartbeating(
      work,
      async () => {
        events.push('heartbeat');
        throw new Error('The group is rebalancing, so a rejoin is needed');
      },
      20,
    );
    await expect(outcome).rejects.toThrow('rebalancing');
    expect(events[0]).toBe('heartbeat');
    expect(events.at(-1)).toBe('insert settled');
  });

  it('passes the work failure on unchanged', async () => {
    await expect(
      whileHeartbeating(Promise.reject(new Error('ClickHouse down')), async () => {}, 20),
    ).rejects.toThrow('ClickHouse down');
  });
});
