import { describe, expect, it } from 'vitest';
import { medianSlope } from './live-memory.ts';

describe('medianSlope', () => {
  it('measures a steady rise exactly', () => {
    expect(medianSlope([10, 12, 14, 16, 18])).toBe(2);
  });

  it('is not moved by one reading out of line, at either end', () => {
    expect(medianSlope([10, 10, 10, 10, 10, 10, 40])).toBe(0);
    expect(medianSlope([40, 10, 10, 10, 10, 10, 10])).toBe(0);
    expect(medianSlope([1, 2, 3, 4, 50, 6, 7])).toBe(1);
  });

  it('averages the middle two of an even number of slopes', () => {
    expect(medianSlope([0, 1, 3])).toBe(1.5);
  });

  it('needs two readings', () => {
    expect(() => medianSlope([1])).toThrow('a slope needs two readings');
  });
});
