import { EMPTY_TOTALS, type ServiceTotals } from '../compare/service-metrics.ts';
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
  };
}

/** Metric inputs keyed `city|service`. */
export function totalsByCityService(rows: readonly ServiceTotalsRow[]): Map<string, ServiceTotals> {
  return new Map(rows.map((r) => [`${r.site}|${r.service}`, totalsOf(r)]));
}
