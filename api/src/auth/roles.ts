import type { CityConfig } from '@godonu/contract';

export const ROLES = ['city', 'consortium', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: resolved from the API key on every request. `city` is set exactly for the city role. */
export interface Principal {
  keyId: string;
  role: Role;
  city: string | null;
}

/**
 * How a principal may read one city's own reports (report, realtime, funnel):
 * - `full`: every number, no suppression (the city's own team, admin);
 * - `published`: only what could be published, small cells suppressed (the consortium, for named cities);
 * - `forbidden`: another city's team, or the consortium for a city that opted out of being named.
 */
export type DetailAccess = 'full' | 'published' | 'forbidden';

export function detailAccess(p: Principal, city: CityConfig): DetailAccess {
  if (p.role === 'admin') return 'full';
  if (p.role === 'city') return p.city === city.key ? 'full' : 'forbidden';
  return city.namedInComparisons ? 'published' : 'forbidden';
}

/**
 * How a city appears in a cross-city comparison for a principal. Everyone sees every city's row; the viewer's own
 * city (and every city for admin) in full, the others with small cells suppressed, and cities that opted out of
 * being named as anonymous peers.
 */
export interface ComparisonView {
  named: boolean;
  full: boolean;
  own: boolean;
}

export function comparisonView(p: Principal, city: CityConfig): ComparisonView {
  const own = p.role === 'city' && p.city === city.key;
  if (p.role === 'admin') return { named: true, full: true, own: false };
  return { named: own || city.namedInComparisons, full: own, own };
}

/**
 * What only the city itself and admins may do: realtime (a sliding window would let anyone else watch single page
 * views arrive), importing its offline case numbers (its administrative statistics, which nobody else may change),
 * and its statutory reports (its own exact numbers to its own supervisors: SDG statistics and feedback, ZSK).
 */
export function ownCityAccess(p: Principal, city: CityConfig): 'full' | 'forbidden' {
  return p.role === 'admin' || (p.role === 'city' && p.city === city.key) ? 'full' : 'forbidden';
}

/** Whether a principal may see this city at all outside comparisons' anonymous peers (`/v1/cities`). */
export function mayNameCity(p: Principal, city: CityConfig): boolean {
  return p.role === 'admin' || city.namedInComparisons || (p.role === 'city' && p.city === city.key);
}
