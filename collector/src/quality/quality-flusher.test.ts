import type { QualityTally as TallyRecord } from '@godonu/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { NOW } from '../test-support/fixtures.ts';
import { QualityFlusher } from './quality-flusher.ts';
import { QualityTally } from './quality-tally.ts';

const INTERVAL_MS = 60_000;

function setup(failures = 0) {
  const tally = new QualityTally();
  const sent: TallyRecord[][] = [];
  let fail = failures;
  const flusher = new QualityFlusher({
    tally,
    intervalMs: INTERVAL_MS,
    logger: createLogger('silent'),
    send: async (records) => {
      if (fail > 0) {
        fail--;
        throw new Error('broker down');
      }
      sent.push(records);
    },
  });
  return { tally, flusher, sent };
}

describe('QualityFlusher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the non-zero counts every interval, nothing when there is nothing, and the rest on stop', async () => {
    const { tally, flusher, sent } = setup();
    flusher.start();
    tally.add('giessen', 'dropped', 'bot', NOW, 3);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((b) => b.map((r) => [r.site, r.reason, r.count]))).toEqual([[['giessen', 'bot', 3]]]);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(sent).toHaveLength(1);
    tally.add('', 'refused', 'COLLECTOR_RATE_LIMITED', NOW);
    await flusher.stop();
    expect(sent.map((b) => b.map((r) => [r.site, r.reason, r.count]))).toEqual([
      [['giessen', 'bot', 3]],
      [['', 'COLLECTOR_RATE_LIMITED', 1]],
    ]);
    // Stopped: the timer is gone.
    tally.add('giessen', 'dropped', 'bot', NOW);
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('keeps what Kafka did not acknowledge and sends it again, same ids, with what came since', async () => {
    const { tally, flusher, sent } = setup(1);
    flusher.start();
    tally.add('giessen', 'dropped', 'bot', NOW);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(sent).toEqual([]);
    expect(flusher.pending).toBe(1);
    tally.add('giessen', 'dropped', 'do_not_track', NOW, 2);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(flusher.pending).toBe(0);
    expect(sent.map((b) => b.map((r) => [r.reason, r.count]))).toEqual([
      [
        ['bot', 1],
        ['do_not_track', 2],
      ],
    ]);
    await flusher.stop();
  });

  it('sends an id once although the retry kept it', async () => {
    const { tally, flusher, sent } = setup(1);
    tally.add('giessen', 'dropped', 'bot', NOW);
    await flusher.flush();
    await flusher.flush();
    await flusher.flush();
    expect(sent.flat().map((r) => r.reason)).toEqual(['bot']);
  });
});
