import type { CityConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { comparisonView, detailAccess, type Principal } from './roles.ts';

const city = (key: string, namedInComparisons: boolean) => ({ key, namedInComparisons }) as CityConfig;
const GIESSEN = city('giessen', true);
const LIMBURG = city('limburg', false);
const p = (role: Principal['role'], c: string | null = null): Principal => ({ keyId: 'k', role, city: c });

describe('detailAccess', () => {
  it('gives a city team its own city only, the consortium named cities published, admins everything', () => {
    expect([GIESSEN, LIMBURG].map((c) => detailAccess(p('city', 'giessen'), c))).toEqual([
      'full',
      'forbidden',
    ]);
    expect([GIESSEN, LIMBURG].map((c) => detailAccess(p('city', 'limburg'), c))).toEqual([
      'forbidden',
      'full',
    ]);
    expect([GIESSEN, LIMBURG].map((c) => detailAccess(p('consortium'), c))).toEqual([
      'published',
      'forbidden',
    ]);
    expect([GIESSEN, LIMBURG].map((c) => detailAccess(p('admin'), c))).toEqual(['full', 'full']);
  });
});

describe('comparisonView', () => {
  it('names opted-out cities only to themselves and admins, and shows in full only the own city', () => {
    expect(comparisonView(p('city', 'giessen'), LIMBURG)).toEqual({ named: false, full: false, own: false });
    expect(comparisonView(p('city', 'limburg'), LIMBURG)).toEqual({ named: true, full: true, own: true });
    expect(comparisonView(p('city', 'limburg'), GIESSEN)).toEqual({ named: true, full: false, own: false });
    expect(comparisonView(p('consortium'), LIMBURG)).toEqual({ named: false, full: false, own: false });
    expect(comparisonView(p('admin'), LIMBURG)).toEqual({ named: true, full: true, own: false });
  });
});
