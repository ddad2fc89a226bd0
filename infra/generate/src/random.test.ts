import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats itself for one seed and differs for another', () => {
    const a = new Random('seed-1');
    const b = new Random('seed-1');
    const c = new Random('seed-2');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws ids, hex and weighted picks in range', () => {
    const r = new Random('x');
    expect(r.id()).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(r.hex(16)).toMatch(/^[0-9a-f]{16}$/);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i += 1)
      counts[
        r.weighted([
          ['a', 3],
          ['b', 1],
        ] as const)
      ] += 1;
    expect(counts.a).toBeGreaterThan(7_000);
    expect(counts.a).toBeLessThan(8_000);
  });
});
