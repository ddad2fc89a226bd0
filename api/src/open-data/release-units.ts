/*
 * Who a release's rows are about. Every city that agreed to be named in the open data (`namedInOpenData` in the
 * sites configuration) is a row of its own; cities that did not appear only inside one aggregate row, and only when at least MIN_CITIES_IN_AGGREGATE of them are
 * in it: with fewer, the aggregate minus what another participant knows of its own city (or the named rows minus a
 * programme total) would single one city out, so then they are in no row at all. Consent is read from the sites
 * configuration when a release is created; a city that withdraws it is left out of later releases only.
 */
import type { CityConfig } from '@godonu/contract';

/** The smallest group of unnamed cities that may be published together (the rule of three of official statistics). */
export const MIN_CITIES_IN_AGGREGATE = 3;

export interface ReleaseUnit {
  /** City key; null for the aggregate of cities not named. */
  key: string | null;
  name: string;
  ags: string | null;
  inhabitants: number | null;
  populationAsOf: string | null;
  /** The cities whose counts the row adds up. */
  members: readonly CityConfig[];
  /**
   * The `city` of the row's disclosure cells: a named city's key, so that its cells are the ones the consortium's
   * comparison and city report show (one noise per quantity); for the aggregate an id no city key can take.
   */
  cell: string;
}

export interface NotNamed {
  count: number;
  /** Whether they are in the aggregate row (at least MIN_CITIES_IN_AGGREGATE of them). */
  aggregated: boolean;
}

export function aggregateName(count: number): string {
  return `Weitere Städte (${count}, nicht namentlich genannt)`;
}

export function releaseUnits(cities: readonly CityConfig[]): { units: ReleaseUnit[]; notNamed: NotNamed } {
  const named = cities
    .filter((c) => c.namedInOpenData === true)
    .sort((a, b) => a.name.localeCompare(b.name, 'de'))
    .map(
      (c): ReleaseUnit => ({
        key: c.key,
        name: c.name,
        ags: c.ags,
        inhabitants: c.population.inhabitants,
        populationAsOf: c.population.asOf,
        members: [c],
        cell: c.key,
      }),
    );
  const others = cities.filter((c) => c.namedInOpenData !== true);
  const aggregated = others.length >= MIN_CITIES_IN_AGGREGATE;
  const units = aggregated
    ? [
        ...named,
        {
          key: null,
          name: aggregateName(others.length),
          ags: null,
          inhabitants: null,
          populationAsOf: null,
          members: others,
          // Parentheses never occur in a city key; the members make the identity of each distinct group its own.
          cell: `(unnamed:${others
            .map((c) => c.key)
            .sort()
            .join(',')})`,
        },
      ]
    : named;
  return { units, notNamed: { count: others.length, aggregated } };
}
