/*
 * Who may read and write a city's annotations. The city's own team decides what it says about its services: only a
 * key of that city writes them, not an admin and not the consortium. Reading is the disclosure rule for text: the
 * city itself and admins read all of them; every other key reads those the city shared, for the cities it may name.
 */
import type { CityConfig } from '@godonu/contract';
import { mayNameCity, type Principal } from '../auth/roles.ts';

export type AnnotationReadAccess = 'full' | 'shared' | 'forbidden';

export function annotationReadAccess(p: Principal, city: CityConfig): AnnotationReadAccess {
  if (p.role === 'admin' || (p.role === 'city' && p.city === city.key)) return 'full';
  return mayNameCity(p, city) ? 'shared' : 'forbidden';
}

export function mayWriteAnnotations(p: Principal, city: CityConfig): boolean {
  return p.role === 'city' && p.city === city.key;
}
