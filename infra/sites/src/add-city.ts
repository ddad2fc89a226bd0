/*
 * One city entry added to, or changed in, the sites file's JSON as it is on disk: other cities, the catalog and
 * fields the change does not name stay exactly as written (the schema's defaults are not filled in), so the
 * file's diff is the change alone.
 */
import type { CityChange } from './city-flags.ts';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface AppliedChange {
  /** The whole file after the change. */
  file: Raw;
  /** The city's entry before the change; undefined for a new city. */
  before: Raw | undefined;
  after: Raw;
}

/**
 * A new city's entry, every field of the schema in its order, lists it did not name empty. `namedInOpenData` and
 * `sdg` are written only when given: absent means not named and no gateway pages, the schema's defaults.
 */
function newCity(change: CityChange): Raw {
  const { fields, population } = change;
  return {
    key: change.key,
    name: fields.name,
    ags: fields.ags,
    population: { inhabitants: population.inhabitants, asOf: population.asOf, source: population.source },
    portalHosts: fields.portalHosts,
    allowedOrigins: fields.allowedOrigins ?? [],
    ingestKeySha256: fields.ingestKeySha256 ?? [],
    queryAllowlist: fields.queryAllowlist ?? [],
    serviceRules: fields.serviceRules ?? [],
    namedInComparisons: fields.namedInComparisons,
    ...(fields.namedInOpenData === undefined ? {} : { namedInOpenData: fields.namedInOpenData }),
    ...(Object.keys(change.sdg).length === 0 ? {} : { sdg: { pages: [], services: [], ...change.sdg } }),
  };
}

function changedCity(before: Raw, change: CityChange): Raw {
  const after: Raw = { ...before, ...change.fields };
  if (Object.keys(change.population).length > 0)
    after.population = { ...(isObject(before.population) ? before.population : {}), ...change.population };
  if (Object.keys(change.sdg).length > 0)
    after.sdg = { pages: [], services: [], ...(isObject(before.sdg) ? before.sdg : {}), ...change.sdg };
  return after;
}

/** Throws when the file is not an object with a `cities` list: there is nothing to add a city to. */
export function applyCityChange(file: unknown, change: CityChange): AppliedChange {
  if (!isObject(file) || !Array.isArray(file.cities))
    throw new Error('the file is not a sites configuration: no "cities" list');
  const cities = file.cities as unknown[];
  const index = cities.findIndex((c) => isObject(c) && c.key === change.key);
  const before = index >= 0 ? (cities[index] as Raw) : undefined;
  const after = before ? changedCity(before, change) : newCity(change);
  const next = index >= 0 ? cities.map((c, i) => (i === index ? after : c)) : [...cities, after];
  return { file: { ...file, cities: next }, before, after };
}
