/*
 * Cities that opted out of being named appear as numbered peers. Their numbers follow a keyed HMAC of the city
 * key, so nobody without the server's secret can tell from a city's public key which peer it is.
 */
import { createHmac } from 'node:crypto';

export function peerOrder(secret: Buffer, cityKeys: readonly string[]): string[] {
  const tag = (key: string) => createHmac('sha256', secret).update(`peer-order:${key}`).digest('hex');
  return [...cityKeys].sort((a, b) => tag(a).localeCompare(tag(b)));
}

export const RANK_BANDS = ['upper', 'middle', 'lower'] as const;
export type RankBand = (typeof RANK_BANDS)[number];

/**
 * The third of the ranking a rank falls in: how an anonymous peer is placed (an exact rank among few cities, with
 * the neighbours' figures, would narrow its own figure down).
 */
export function rankBand(rank: number | null, ranked: number): RankBand | null {
  if (rank === null || ranked === 0) return null;
  const third = Math.ceil(ranked / 3);
  if (rank <= third) return 'upper';
  if (rank > ranked - third) return 'lower';
  return 'middle';
}
