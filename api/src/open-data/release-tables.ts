/*
 * The tables of one release, computed once through the disclosure layer with the policy in force: the perturbed
 * disclosure of the released month, as the consortium reads it. A named city's numbers are the very cells of the
 * comparison (service-cells.ts) and of the consortium's city report (traffic, device and channel lists with the
 * same suppression and folding), so publishing them adds no new noise to average; the aggregate of unnamed cities
 * has cells of its own, with noise for as many contributions as it has cities.
 */
import type { CatalogService } from '@godonu/contract';
import { EMPTY_TOTALS, evaluate, rate, type ServiceTotals } from '../compare/service-metrics.ts';
import type { Cell, Disclosure } from '../disclosure/disclosure.ts';
import { discloseServiceTotals } from '../disclosure/service-cells.ts';
import { OTHER_LABEL, partitionList } from '../disclosure/suppress-list.ts';
import type { CityBreakdownRow } from '../queries/city-breakdown.query.ts';
import { RELEASE_METRICS, type ReleaseStatus } from './release-dictionary.ts';
import type { ReleaseUnit } from './release-units.ts';

export type Value = string | number | null;
export type Row = Record<string, Value>;

export interface ReleaseTables {
  services: Row[];
  cities: Row[];
  shares: Row[];
}

/** A city's portal traffic in the month. */
export interface TrafficCounts {
  visitors: number;
  visits: number;
}

/** Device and channel shares are released; browsers and operating systems are not. */
export const SHARE_DIMENSIONS = ['device', 'channel'] as const;
type ShareDimension = (typeof SHARE_DIMENSIONS)[number];

export interface ReleaseTruth {
  /** Keyed `${city}|${service}`. */
  totals: ReadonlyMap<string, ServiceTotals>;
  /** Keyed by city. */
  traffic: ReadonlyMap<string, TrafficCounts>;
  /** Keyed by city: its device and channel rows. */
  breakdowns: ReadonlyMap<string, readonly CityBreakdownRow[]>;
}

function unitColumns(u: ReleaseUnit): Row {
  return { city: u.key, cityName: u.name, ags: u.ags };
}

/**
 * Several cities' totals added up. A median cannot be: it is null (withheld) for a group. A field that is null for
 * any member (no data) is null for the group.
 */
export function sumTotals(list: readonly ServiceTotals[]): ServiceTotals {
  if (list.length === 1) return list[0] as ServiceTotals;
  const sum: Record<string, number | null> = {};
  for (const t of list) {
    for (const [field, value] of Object.entries(t)) {
      const before = field in sum ? sum[field] : 0;
      sum[field] = value === null || before === null ? null : (before as number) + (value as number);
    }
  }
  return { ...EMPTY_TOTALS, ...sum, confirmMedianMs: null } as ServiceTotals;
}

function serviceRow(d: Disclosure, u: ReleaseUnit, s: CatalogService, truth: ReleaseTruth): Row {
  const exact = sumTotals(u.members.map((c) => truth.totals.get(`${c.key}|${s.key}`) ?? EMPTY_TOTALS));
  const published = discloseServiceTotals(d, u.cell, s.key, exact, { contributors: u.members.length });
  const row: Row = { ...unitColumns(u), service: s.key, serviceName: s.name.de };
  for (const m of RELEASE_METRICS) {
    const e = evaluate(m, published, (b) => d.belowK(b));
    const status: ReleaseStatus =
      m === 'medianTimeToCompleteSec' && u.members.length > 1 && e.status === 'no_data'
        ? 'withheld'
        : e.status;
    row[m] = status === 'ok' ? e.value : null;
    row[`${m}Status`] = status;
  }
  return row;
}

/** Byte order, as the city report and ClickHouse sort labels, so ties list the same way. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trafficOf(u: ReleaseUnit, truth: ReleaseTruth): TrafficCounts {
  return u.members.reduce(
    (sum, c) => {
      const t = truth.traffic.get(c.key) ?? { visitors: 0, visits: 0 };
      return { visitors: sum.visitors + t.visitors, visits: sum.visits + t.visits };
    },
    { visitors: 0, visits: 0 },
  );
}

type ValueCounts = TrafficCounts & { value: string };

/** The unit's rows of one dimension, added up over its cities by value. */
function breakdownOf(u: ReleaseUnit, dimension: ShareDimension, truth: ReleaseTruth): ValueCounts[] {
  const byValue = new Map<string, ValueCounts>();
  for (const c of u.members) {
    for (const r of truth.breakdowns.get(c.key) ?? []) {
      if (r.dimension !== dimension) continue;
      const at = byValue.get(r.value) ?? { value: r.value, visitors: 0, visits: 0 };
      byValue.set(r.value, {
        value: r.value,
        visitors: at.visitors + r.visitors,
        visits: at.visits + r.visits,
      });
    }
  }
  return [...byValue.values()];
}

function cityTables(d: Disclosure, u: ReleaseUnit, truth: ReleaseTruth): { city: Row; shares: Row[] } {
  const sensitivity = u.members.length;
  const at = (scope: string, quantity: string, label?: string): Cell => ({
    city: u.cell,
    scope,
    quantity,
    ...(label === undefined ? {} : { label }),
  });
  const exact = trafficOf(u, truth);
  const visitors = d.count(at('traffic', 'visitors'), exact.visitors, { sensitivity });
  const visits = d.count(at('traffic', 'visits'), exact.visits, { sensitivity });
  const visitorsShown = !d.belowK(visitors);
  const visitsShown = visitorsShown && !d.belowK(visits);
  const city: Row = {
    ...unitColumns(u),
    inhabitants: u.inhabitants,
    populationAsOf: u.populationAsOf,
    visitors: visitorsShown ? visitors : null,
    visitorsStatus: visitorsShown ? 'ok' : 'below_k',
    visits: visitsShown ? visits : null,
    visitsStatus: visitsShown ? 'ok' : 'below_k',
  };

  const shares: Row[] = [];
  for (const dimension of SHARE_DIMENSIONS) {
    // As the city report lists them: perturbed, sorted by visits, suppressed as a whole on the visitors.
    const rows = breakdownOf(u, dimension, truth)
      .map((r) => ({
        value: r.value,
        visitors: d.count(at(dimension, 'visitors', r.value), r.visitors, { sensitivity }),
        visits: d.count(at(dimension, 'visits', r.value), r.visits, { sensitivity }),
        truth: r,
      }))
      .sort((a, b) => b.visits - a.visits || cmp(a.value, b.value));
    const list = partitionList(rows, (r) => r.visitors, d);
    const share = (part: number) => rate(part, visits);
    for (const r of list.shown) {
      const value = share(r.visits);
      shares.push({
        ...unitColumns(u),
        dimension,
        value: r.value,
        share: value,
        shareStatus: value === null ? 'no_data' : 'ok',
      });
    }
    if (list.folded.length > 0) {
      const folded = list.folded.reduce((sum, r) => sum + r.truth.visits, 0);
      const other = d.count(at(dimension, 'visits', OTHER_LABEL), folded, { sensitivity });
      const value = d.belowK(other) ? null : share(other);
      shares.push({
        ...unitColumns(u),
        dimension,
        value: OTHER_LABEL,
        share: value,
        shareStatus: d.belowK(other) ? 'below_k' : value === null ? 'no_data' : 'ok',
      });
    }
  }
  return { city, shares };
}

/** Every table of a release: `d` is the month's perturbed disclosure. */
export function releaseTables(
  d: Disclosure,
  units: readonly ReleaseUnit[],
  services: readonly CatalogService[],
  truth: ReleaseTruth,
): ReleaseTables {
  if (!d.perturbed) throw new Error('a release is published: it needs the perturbed disclosure');
  const perCity = units.map((u) => cityTables(d, u, truth));
  return {
    services: units.flatMap((u) => services.map((s) => serviceRow(d, u, s, truth))),
    cities: perCity.map((c) => c.city),
    shares: perCity.flatMap((c) => c.shares),
  };
}
