import {
  offlineByCityService,
  offlineCoverage,
  type PeriodMonths,
  totalOf,
} from '../compare/digital-take-up.ts';
import { EMPTY_TOTALS, type ServiceTotals } from '../compare/service-metrics.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
import type { ServiceTotalsRow } from '../queries/service-totals.query.ts';

export function totalsOf(r: ServiceTotalsRow | undefined): ServiceTotals {
  if (!r) return EMPTY_TOTALS;
  return {
    viewers: r.viewers,
    starters: r.starters,
    submitters: r.submitters,
    confirmers: r.confirmers,
    confirmMedianMs: r.confirms > 0 && r.confirm_ms[1] > 0 ? r.confirm_ms[1] : null,
    errorVisitors: r.error_visitors,
    raters: r.raters,
    ratings: r.ratings,
    ratingSum: r.rating_sum,
    offlineCases: null,
  };
}

/** Metric inputs keyed `city|service`. */
export function totalsByCityService(rows: readonly ServiceTotalsRow[]): Map<string, ServiceTotals> {
  return new Map(rows.map((r) => [`${r.site}|${r.service}`, totalsOf(r)]));
}

/** The totals with the offline cases the city imported for every month of the period (else null). */
export function withOfflineCases(
  t: ServiceTotals,
  offline: readonly OfflineCaseRow[] | undefined,
  months: PeriodMonths,
): ServiceTotals {
  const period = offlineCoverage(offline ?? [], months).period;
  return { ...t, offlineCases: period === null ? null : totalOf(period) };
}

/**
 * Metric inputs keyed `city|service` for every city and service asked for, with the offline cases of the period:
 * a service without a completion can still have offline numbers (a take-up of 0).
 */
export function totalsWithOfflineCases(
  rows: readonly ServiceTotalsRow[],
  offline: readonly OfflineCaseRow[],
  months: PeriodMonths,
  cities: readonly string[],
  services: readonly string[],
): Map<string, ServiceTotals> {
  const totals = totalsByCityService(rows);
  const offlineOf = offlineByCityService(offline);
  const out = new Map<string, ServiceTotals>();
  for (const city of cities) {
    for (const service of services) {
      const key = `${city}|${service}`;
      out.set(key, withOfflineCases(totals.get(key) ?? EMPTY_TOTALS, offlineOf.get(key), months));
    }
  }
  return out;
}
