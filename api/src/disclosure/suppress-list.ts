/*
 * Suppression across a whole list (pages, channels, error fields, rating scores, the buckets of a series), decided
 * on the perturbed counts before any `limit` cuts the list:
 * - primary: a row whose perturbed count is below k;
 * - secondary: while the suppressed rows together stay below k, the smallest published row joins them, so the
 *   rows folded into "other" are never a small group that a total could single out;
 * - suppressed rows are folded into one row "other": their labels (a path with a name in it) are never shown.
 */
import type { CellStatus } from '../reports/common.schema.ts';
import type { Disclosure } from './disclosure.ts';

export type ListStatus = 'ok' | 'below_k' | 'complementary';

/** The label of the folded row. Page paths start with `/` and codes are lower case, so it collides with none. */
export const OTHER_LABEL = '(other)';

export function suppressList(basis: readonly number[], d: Disclosure): ListStatus[] {
  const status: ListStatus[] = basis.map((b) => (d.belowK(b) ? 'below_k' : 'ok'));
  if (!status.includes('below_k')) return status;
  let hidden = basis.reduce((sum, b, i) => (status[i] === 'ok' ? sum : sum + b), 0);
  while (hidden < d.k) {
    let partner = -1;
    for (const [i, b] of basis.entries()) {
      // Ties go to the later row: lists arrive sorted by size, so it is the least interesting to lose.
      if (status[i] === 'ok' && (partner === -1 || b <= (basis[partner] as number))) partner = i;
    }
    if (partner === -1) break;
    status[partner] = 'complementary';
    hidden += basis[partner] as number;
  }
  return status;
}

export interface PartitionedList<R> {
  /** Published rows, in their order. */
  shown: R[];
  /** Rows folded into "other" (their true values, to be summed and perturbed as one cell). */
  folded: R[];
}

/** Splits a list by the statuses of `suppressList`; an exact disclosure shows every row. */
export function partitionList<R>(
  rows: readonly R[],
  basis: (r: R) => number,
  d: Disclosure,
): PartitionedList<R> {
  if (!d.perturbed) return { shown: [...rows], folded: [] };
  const status = suppressList(rows.map(basis), d);
  return {
    shown: rows.filter((_, i) => status[i] === 'ok'),
    folded: rows.filter((_, i) => status[i] !== 'ok'),
  };
}

/** The row "other" of a list with folded rows: its perturbed sum, or suppressed when that is below k. */
export function otherRow<O>(
  folded: number,
  count: number,
  d: Disclosure,
  build: (count: number | null, status: CellStatus) => O,
): O[] {
  if (folded === 0) return [];
  return d.belowK(count) ? [build(null, 'below_k')] : [build(count, 'ok')];
}
