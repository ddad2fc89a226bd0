import { describe, expect, it } from 'vitest';
import {
  cpuBoundRate,
  cpuPerEvent,
  drift,
  driftAfterFill,
  memoryTable,
  PROCESSES,
  type RoundResult,
  rssOverWindow,
  rssSeries,
} from './round.result.ts';

const rss = (base: number, end: number) => ({ base, filled: Number.NaN, end, max: end });
const ROUND: RoundResult = {
  round: 1,
  targetRate: 10_000,
  windowS: 600,
  requests: 1_000_000,
  status202: 1_000_000,
  status503: 0,
  otherStatuses: '',
  errors: 0,
  timeouts: 0,
  notSent: 0,
  eventsAccepted: 5_000_000,
  eventsDropped: 0,
  achievedRate: 5_000,
  storedRate: 5_000,
  httpP50: 5,
  httpP99: 40,
  sendLagP99: 3,
  markers: {
    sent: 6_000,
    seen: 6_000,
    refused: 0,
    missing: 0,
    p50: 700,
    p95: 1_200,
    p99: 1_800,
    afterAcceptedP50: 690,
    afterAcceptedP99: 1_750,
    pollMs: 20,
    pollEngineMs: 4,
    pollEngineShare: 0.016,
    pollErrors: 0,
  },
  visitsOpened: 375_000,
  inserts: { perS: 1, rowsEach: 5_000, meanMs: 500, inFlightShare: 0.5 },
  drainS: 1,
  lost: 0,
  rssMiB: {
    collector: rss(200, 210),
    processor: rss(200, 300),
    api: rss(100, 95),
    kafka: rss(400, 400),
    clickhouse: rss(400, 420),
    driver: rss(150, 150),
  },
  // 0.5 + 0.25 + 0 + 0.1 + 0.15 + 0.1 = 1.1 cores at 5,000 events/s: 220 µs per event.
  cpuCores: { collector: 0.5, processor: 0.25, api: 0, kafka: 0.1, clickhouse: 0.15, driver: 0.1 },
  machineCores: 1.6,
  cores: 2,
  loadAverage: { start: 1, end: 2 },
  threads: {},
};

describe('round results', () => {
  it('prices each process per accepted event and derives the CPU-bound ceiling of the machine', () => {
    expect(PROCESSES.map((p) => cpuPerEvent(ROUND, p))).toEqual([100, 50, 0, 20, 30, 20]);
    expect(cpuBoundRate(ROUND)).toBeCloseTo(2e6 / 220, 6);
  });

  it('reports RSS drift from the end of the warm-up', () => {
    expect(drift(ROUND.rssMiB.processor)).toBe(0.5);
    expect(memoryTable([ROUND]).split('\n')[2]).toBe(
      '| 1 | 200 → 210 (+5.0 %), 210 | 200 → 300 (+50.0 %), 300 | 100 → 95 (−5.0 %), 95 | 400 → 400 (+0.0 %), 400 | 400 → 420 (+5.0 %), 420 | 150 → 150 (+0.0 %), 150 |',
    );
  });

  it('takes the mean RSS of the first and last minute of the window, so one saw-tooth reading does not decide', () => {
    const mib = 2 ** 20;
    // Samples every 20 s from 0 to 200 s; the window runs from 30 s to 190 s.
    const samples = [100, 110, 90, 100, 130, 150, 140, 160, 150, 170, 999].map((m, i) => ({
      at: i * 20_000,
      processes: { collector: { cpuTicks: 0, rssBytes: m * mib } },
    }));
    // First minute (30–90 s): 40, 60, 80 s → 90, 100, 130; last minute (130–190 s): 140, 160, 180 s → 160, 150, 170.
    expect(rssOverWindow(samples, 'collector', 30_000, 190_000)).toEqual({
      base: (90 + 100 + 130) / 3,
      filled: Number.NaN,
      end: (160 + 150 + 170) / 3,
      max: 170,
    });
    // The visit window filled at 70 s: its minute (70–130 s) holds 80, 100, 120 s → 130, 150, 140.
    expect(rssOverWindow(samples, 'collector', 30_000, 190_000, 70_000).filled).toBe((130 + 150 + 140) / 3);
    // Filled at 140 s: no whole minute before the end, so nothing to compare.
    expect(rssOverWindow(samples, 'collector', 30_000, 190_000, 140_000).filled).toBeNaN();
  });

  it('samples the RSS every so often for a long round, from the first sample on', () => {
    const samples = [0, 20, 40, 60, 80, 100, 120].map((sec, i) => ({
      at: 5_000 + sec * 1000,
      processes: { processor: { cpuTicks: 0, rssBytes: (100 + i) * 2 ** 20 } },
    }));
    expect(rssSeries(samples, 'processor', 60_000)).toEqual([
      { minute: 0, mib: 100 },
      { minute: 1, mib: 103 },
      { minute: 2, mib: 106 },
    ]);
  });

  it('shows the drift after the visit window filled where a round lasted long enough', () => {
    const long = {
      ...ROUND,
      rssMiB: { ...ROUND.rssMiB, processor: { base: 200, filled: 280, end: 294, max: 300 } },
    };
    expect(driftAfterFill(long.rssMiB.processor)).toBeCloseTo(0.05, 10);
    expect(memoryTable([long]).split('\n')[2]).toContain(
      '| 200 → 294 (+47.0 %); window filled 280 → 294 (+5.0 %), 300 |',
    );
  });
});
