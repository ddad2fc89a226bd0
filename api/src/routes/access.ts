import type { CatalogService, CityConfig } from '@godonu/contract';
import { type DetailAccess, detailAccess, type Principal } from '../auth/roles.ts';
import { ApiError } from '../errors.ts';
import type { Sites } from '../sites.ts';

/** The city of a detail route and how the caller may see it: 404 for an unknown city before any 403. */
export function cityForDetail(
  sites: Sites,
  principal: Principal,
  key: string,
  onForbidden: () => void,
  accessOf: (p: Principal, c: CityConfig) => DetailAccess = detailAccess,
): { city: CityConfig; access: 'full' | 'published' } {
  const city = sites.cities.get(key);
  if (!city) throw new ApiError('API_UNKNOWN_CITY', { city: key });
  const access = accessOf(principal, city);
  if (access === 'forbidden') {
    onForbidden();
    throw new ApiError('API_FORBIDDEN', { city: key });
  }
  return { city, access };
}

/** Services are known by the catalog in the sites configuration. */
export function catalogService(sites: Sites, key: string): CatalogService {
  const service = sites.services.get(key);
  if (!service) throw new ApiError('API_UNKNOWN_SERVICE', { service: key });
  return service;
}
