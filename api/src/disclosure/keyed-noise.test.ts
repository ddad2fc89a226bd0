import { describe, expect, it } from 'vitest';
import { cellNoise, KeyedBits, noiseStandardDeviation, reduce } from './keyed-noise.ts';

const SECRET = Buffer.from('test secret of at least thirty-two characters');
const SCALE_2 = reduce(1000, 500); // ε = 0.5

describe('keyed noise', () => {
  it('gives a cell the same noise every time, and other cells other noise', () => {
    const draws = Array.from({ length: 5 }, () => cellNoise(SECRET, 'cell-a', SCALE_2));
    expect(new Set(draws).size).toBe(1);
    const others = Array.from({ length: 40 }, (_, i) => cellNoise(SECRET, `cell-${i}`, SCALE_2));
    expect(new Set(others).size).toBeGreaterThan(5);
  });

  it('depends on the secret', () => {
    const a = Array.from({ length: 40 }, (_, i) => cellNoise(SECRET, `cell-${i}`, SCALE_2));
    const b = Array.from({ length: 40 }, (_, i) =>
      cellNoise(Buffer.from('another secret'), `cell-${i}`, SCALE_2),
    );
    expect(a).not.toEqual(b);
  });

  it('draws uniform integers without bias', () => {
    const bits = new KeyedBits(SECRET, 'uniform');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i += 1) {
      const v = bits.uniformBelow(3);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('follows the discrete Laplace distribution of its scale', () => {
    // 20,000 cells: the sample mean, variance and P(0) must match the distribution (each within ~5 standard errors).
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => cellNoise(SECRET, `dist-${i}`, SCALE_2));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + x * x, 0) / n;
    const alpha = Math.exp(-0.5);
    const sd = noiseStandardDeviation(SCALE_2);
    expect(sd).toBeCloseTo(Math.sqrt(2 * alpha) / (1 - alpha), 10);
    expect(sd).toBeCloseTo(2.8, 1);
    expect(Math.abs(mean)).toBeLessThan((5 * sd) / Math.sqrt(n));
    expect(Math.abs(variance / sd ** 2 - 1)).toBeLessThan(0.1);
    const p0 = xs.filter((x) => x === 0).length / n;
    expect(Math.abs(p0 - (1 - alpha) / (1 + alpha))).toBeLessThan(0.015);
    // Symmetric: as many above as below zero.
    const above = xs.filter((x) => x > 0).length;
    const below = xs.filter((x) => x < 0).length;
    expect(Math.abs(above - below)).toBeLessThan(5 * Math.sqrt(n));
  });

  it('scales with the sensitivity', () => {
    const n = 5_000;
    const spread = (sensitivity: number) =>
      Array.from({ length: n }, (_, i) =>
        Math.abs(cellNoise(SECRET, `sens-${i}`, SCALE_2, sensitivity)),
      ).reduce((s, x) => s + x, 0) / n;
    expect(spread(5) / spread(1)).toBeGreaterThan(4);
    expect(spread(5) / spread(1)).toBeLessThan(6);
  });
});
