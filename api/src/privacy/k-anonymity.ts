/*
 * k-anonymity for every number another party may see. A cell is built from a set of distinct visitors; a cell of
 * 1..k-1 visitors is suppressed (primary). A cell of 0 visitors discloses nobody and stays published: a chart must
 * be able to tell "nobody" from "fewer than k".
 *
 * Complementary suppression: when the cells of a group add up to a total that is also published (the days of a
 * period, the channels of all visits), one suppressed cell could be recomputed as total minus the others. So a
 * group never has exactly one suppressed cell: the smallest published non-empty cell is suppressed with it, or, when
 * there is none, the total is withheld.
 */
export type CellStatus = 'ok' | 'below_k' | 'complementary';

export function isBelowK(visitors: number, k: number): boolean {
  return visitors > 0 && visitors < k;
}

export interface GroupSuppression {
  status: CellStatus[];
  totalSuppressed: boolean;
}

/** `visitors[i]` is the distinct-visitor basis of cell i; `withTotal` says whether the group's sum is published. */
export function suppressGroup(visitors: readonly number[], k: number, withTotal: boolean): GroupSuppression {
  const status: CellStatus[] = visitors.map((v) => (isBelowK(v, k) ? 'below_k' : 'ok'));
  const suppressed = status.filter((s) => s !== 'ok').length;
  if (!withTotal || suppressed !== 1) return { status, totalSuppressed: false };
  let partner = -1;
  for (const [i, v] of visitors.entries()) {
    if (status[i] !== 'ok' || v === 0) continue;
    // Ties go to the later cell: lists arrive sorted by size, so the later one is the least interesting to lose.
    if (partner === -1 || v <= (visitors[partner] as number)) partner = i;
  }
  if (partner === -1) return { status, totalSuppressed: true };
  status[partner] = 'complementary';
  return { status, totalSuppressed: false };
}
