import type { CityConfig } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { releaseUnits } from './release-units.ts';

const city = (key: string, name: string, namedInOpenData?: boolean): CityConfig => ({
  key,
  name,
  ags: `06${String(key.length).padStart(6, '0')}`,
  population: { inhabitants: 1000, asOf: '2024-12-31', source: 'test' },
  portalHosts: [`www.${key}.de`],
  allowedOrigins: [],
  ingestKeySha256: [],
  queryAllowlist: [],
  serviceRules: [],
  namedInComparisons: true,
  ...(namedInOpenData === undefined ? {} : { namedInOpenData }),
});

describe('releaseUnits', () => {
  it('names every city that agreed, in German alphabetical order, each its own cell', () => {
    const { units, notNamed } = releaseUnits([
      city('offenbach', 'Offenbach', true),
      city('giessen', 'Gießen', true),
    ]);
    expect(units.map((u) => [u.key, u.name, u.cell, u.members.map((m) => m.key)])).toEqual([
      ['giessen', 'Gießen', 'giessen', ['giessen']],
      ['offenbach', 'Offenbach', 'offenbach', ['offenbach']],
    ]);
    expect(notNamed).toEqual({ count: 0, aggregated: false });
  });

  it('leaves out fewer than three cities that did not agree (absent means not named): none could hide in a group of two', () => {
    const { units, notNamed } = releaseUnits([
      city('giessen', 'Gießen', true),
      city('fulda', 'Fulda'),
      city('limburg', 'Limburg', false),
    ]);
    expect(units.map((u) => u.key)).toEqual(['giessen']);
    expect(notNamed).toEqual({ count: 2, aggregated: false });
  });

  it('puts three or more of them into one unnamed aggregate with a cell no city key can take', () => {
    const { units, notNamed } = releaseUnits([
      city('wetzlar', 'Wetzlar'),
      city('giessen', 'Gießen', true),
      city('fulda', 'Fulda', false),
      city('limburg', 'Limburg'),
    ]);
    expect(
      units.map((u) => [u.key, u.name, u.ags, u.inhabitants, u.cell, u.members.map((m) => m.key)]),
    ).toEqual([
      ['giessen', 'Gießen', city('giessen', '').ags, 1000, 'giessen', ['giessen']],
      [
        null,
        'Weitere Städte (3, nicht namentlich genannt)',
        null,
        null,
        '(unnamed:fulda,limburg,wetzlar)',
        ['wetzlar', 'fulda', 'limburg'],
      ],
    ]);
    expect(notNamed).toEqual({ count: 3, aggregated: true });
  });
});
