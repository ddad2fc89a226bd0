import { EMPTY_TOTALS, type ServiceTotals } from '../compare/service-metrics.ts';
import type { ServiceErrorVisitorsRow } from '../queries/service-errors.query.ts';
import type { ServiceRatingRow } from '../queries/service-ratings.query.ts';
import type { ServiceTotalsRow } from '../queries/service-totals.query.ts';

/** Joins the per-city, per-service rows of the three service roll-ups into metric inputs, keyed `city|service`. */
export function joinServiceTotals(
  totals: readonly ServiceTotalsRow[],
  errors: readonly ServiceErrorVisitorsRow[],
  ratings: readonly ServiceRatingRow[],
): Map<string, ServiceTotals> {
  const out = new Map<string, ServiceTotals>();
  const entry = (site: string, service: string): ServiceTotals => {
    const key = `${site}|${service}`;
    let t = out.get(key);
    if (!t) {
      t = { ...EMPTY_TOTALS };
      out.set(key, t);
    }
    return t;
  };
  for (const r of totals) {
    const t = entry(r.site, r.service);
    t.viewers = r.viewers;
    t.starters = r.starters;
    t.submitters = r.submitters;
    t.confirmers = r.confirmers;
    t.confirmMedianMs = r.confirms > 0 && r.confirm_ms[1] > 0 ? r.confirm_ms[1] : null;
    t.ratings = r.ratings;
    t.ratingSum = r.rating_sum;
  }
  for (const r of errors) entry(r.site, r.service).errorVisitors = r.visitors;
  for (const r of ratings) if (r.score === 0) entry(r.site, r.service).raters = r.visitors;
  return out;
}
