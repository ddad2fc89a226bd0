import { describe, expect, it } from 'vitest';
import { exactDisclosure } from './disclosure.ts';
import { partitionList, suppressList } from './suppress-list.ts';

/** Perturbed counts as given: the list logic only sees what the noise produced. */
const published = { ...exactDisclosure(10), perturbed: true, belowK: (n: number) => n < 10 };

describe('list suppression', () => {
  it('suppresses rows below k and adds the smallest rows until the suppressed ones together reach k', () => {
    // Pages 500/200/60/30/4: the 4 alone is below k; 4 + 30 reaches it.
    expect(suppressList([500, 200, 60, 30, 4], published)).toEqual([
      'ok',
      'ok',
      'ok',
      'complementary',
      'below_k',
    ]);
    // Two small rows of 6 and 5 together reach k: nothing more to hide.
    expect(suppressList([50, 40, 6, 5], published)).toEqual(['ok', 'ok', 'below_k', 'below_k']);
    // Two rows of 2: a third row joins them; ties go to the later row.
    expect(suppressList([50, 20, 20, 2, 2], published)).toEqual([
      'ok',
      'ok',
      'complementary',
      'below_k',
      'below_k',
    ]);
    expect(suppressList([3], published)).toEqual(['below_k']);
    expect(suppressList([12, 11], published)).toEqual(['ok', 'ok']);
  });

  it('folds the suppressed rows and keeps the order of the rest; an exact disclosure shows everything', () => {
    const rows = [500, 200, 60, 30, 4].map((n, i) => ({ path: `/p${i}`, n }));
    const p = partitionList(rows, (r) => r.n, published);
    expect(p.shown.map((r) => r.path)).toEqual(['/p0', '/p1', '/p2']);
    expect(p.folded.map((r) => r.path)).toEqual(['/p3', '/p4']);
    expect(partitionList(rows, (r) => r.n, exactDisclosure(10)).folded).toEqual([]);
  });
});
