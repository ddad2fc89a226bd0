/*
 * Cross-city comparison of one service: per city the same metrics (and per 1,000 inhabitants for counts), each
 * city's rank, the median and quartiles over cities and the best-practice city per metric, plus every city's funnel.
 *
 * Every number of a city other than the caller's own passes the disclosure layer (disclosure/): perturbed counts,
 * published only when they reach k, rates computed from the perturbed counts. Statistics and ranks are computed
 * from those published figures for every viewer but admins, so the caller's exact own row never leaks into what
 * others see. Cities that opted out of being named are numbered peers (keyed order) with rates and a rank band
 * only: a count or per-1,000 figure with the population would give away which city it is.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { comparisonView, type Principal } from '../auth/roles.ts';
import {
  evaluate,
  METRIC_DEFINITIONS,
  type MetricStatus,
  SERVICE_METRICS,
  type ServiceMetric,
  type ServiceTotals,
} from '../compare/service-metrics.ts';
import { competitionRanks, per1000, summarize } from '../compare/statistics.ts';
import { peerOrder, RANK_BANDS, rankBand } from '../disclosure/peers.ts';
import { discloseServiceTotals, discloseSteps } from '../disclosure/service-cells.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import type { ServiceStepRow } from '../queries/service-steps.query.ts';
import type { Period } from '../routes/params.schema.ts';
import {
  type CellStatus,
  type CityRef,
  cellStatus,
  cityRef,
  disclosureInfo,
  period,
  serviceInfo,
} from './common.schema.ts';
import { buildStages, stageOut, stagesOf } from './stages.ts';

const num = z.number().nullable();

export const metricCell = z.object({
  value: num,
  per1000: num.describe('Per 1,000 inhabitants (counts only)'),
  rank: z.number().int().nullable().describe('1 = best among cities whose published value passes k'),
  rankBand: z
    .enum(RANK_BANDS)
    .nullable()
    .describe('Third of the ranking (upper, middle, lower); the only placement shown for an anonymous peer'),
  status: cellStatus,
});
export type MetricCell = z.infer<typeof metricCell>;

export const metricSummary = z.object({
  metric: z.enum(SERVICE_METRICS),
  kind: z.enum(['count', 'rate', 'seconds', 'score']),
  higherIsBetter: z.boolean(),
  comparedOn: z.enum(['value', 'per1000']).describe('Counts are compared per 1,000 inhabitants'),
  description: z.string(),
  n: z.number().int().describe('Cities whose published value passes k (counts: named cities only)'),
  min: num,
  q1: num,
  median: num,
  q3: num,
  max: num,
  best: z.array(cityRef).describe('Best-practice city (ties: all of them)'),
});

const metricsObject = z.object(
  Object.fromEntries(SERVICE_METRICS.map((m) => [m, metricCell])) as Record<ServiceMetric, typeof metricCell>,
);

export const comparisonReport = z.object({
  service: serviceInfo,
  period,
  k: z.number().int(),
  disclosure: disclosureInfo,
  metrics: z.array(metricSummary),
  cities: z.array(z.object({ city: cityRef, metrics: metricsObject, stages: z.array(stageOut) })),
});
export type ComparisonReport = z.infer<typeof comparisonReport>;

/** How every city is shown to one viewer: named or a numbered anonymous peer, own, exact or perturbed. */
export function cityRefs(
  cities: readonly CityConfig[],
  principal: Principal,
  secret: Buffer,
): Map<string, { ref: CityRef; full: boolean }> {
  const views = cities.map((c) => ({ city: c, view: comparisonView(principal, c) }));
  const anonymous = peerOrder(
    secret,
    views.filter((v) => !v.view.named).map((v) => v.city.key),
  );
  const out = new Map<string, { ref: CityRef; full: boolean }>();
  for (const { city, view } of views) {
    const peer = view.named ? null : anonymous.indexOf(city.key) + 1;
    out.set(city.key, {
      full: view.full,
      ref: {
        key: view.named ? city.key : null,
        name: view.named ? city.name : null,
        peer,
        own: view.own,
        inhabitants: view.named ? city.population.inhabitants : null,
        populationAsOf: view.named ? city.population.asOf : null,
        exact: view.full,
      },
    });
  }
  return out;
}

/** Named cities by name (German collation), then anonymous peers by number. */
export function compareRefs(a: CityRef, b: CityRef): number {
  if (a.peer !== null || b.peer !== null) return (a.peer ?? 0) - (b.peer ?? 0);
  return (a.name ?? '').localeCompare(b.name ?? '', 'de');
}

export interface ComparisonInput {
  service: z.infer<typeof serviceInfo>;
  cities: readonly CityConfig[];
  principal: Principal;
  view: DisclosedView;
  secret: Buffer;
  current: Period;
  totals: ReadonlyMap<string, ServiceTotals>;
  steps: ReadonlyMap<string, readonly ServiceStepRow[]>;
  emptyTotals: ServiceTotals;
}

interface Evaluated {
  value: number | null;
  per1000: number | null;
  status: MetricStatus;
}

/** Every metric of one city's totals, and the figure it is compared on (null when it may not be). */
export function evaluateCity(
  t: ServiceTotals,
  inhabitants: number,
  belowK: (count: number) => boolean,
): Record<ServiceMetric, Evaluated & { compared: number | null }> {
  const row = {} as Record<ServiceMetric, Evaluated & { compared: number | null }>;
  for (const m of SERVICE_METRICS) {
    const e = evaluate(m, t, belowK);
    const isCount = METRIC_DEFINITIONS[m].kind === 'count';
    const p = isCount && e.value !== null ? per1000(e.value, inhabitants) : null;
    row[m] = { ...e, per1000: p, compared: e.status === 'ok' ? (isCount ? p : e.value) : null };
  }
  return row;
}

/**
 * One city's cell of a metric as a viewer sees it: `exact` are the stored figures (shown only to the city itself
 * and admins), `published` what every other party sees.
 */
export function metricCellFor(
  metric: ServiceMetric,
  exact: Evaluated,
  published: Evaluated,
  who: { full: boolean; peer: boolean },
  rank: number | null,
  ranked: number,
): MetricCell {
  const isCount = METRIC_DEFINITIONS[metric].kind === 'count';
  if (who.full) {
    return {
      value: exact.value,
      per1000: exact.per1000,
      rank,
      rankBand: rankBand(rank, ranked),
      // The city's own cells that others cannot see are marked so.
      status: published.status === 'below_k' ? 'below_k' : exact.status,
    };
  }
  const hidden = published.status === 'below_k';
  const withheld = who.peer && isCount;
  const status: CellStatus = withheld && published.status === 'ok' ? 'withheld' : published.status;
  return {
    value: hidden || withheld ? null : published.value,
    per1000: hidden || withheld ? null : published.per1000,
    rank: who.peer ? null : rank,
    rankBand: rankBand(rank, ranked),
    status,
  };
}

/** The figures compared across cities: counts of anonymous peers take no part (see the header). */
export function comparedFigure(
  metric: ServiceMetric,
  e: { compared: number | null },
  peer: boolean,
): number | null {
  return peer && METRIC_DEFINITIONS[metric].kind === 'count' ? null : e.compared;
}

export function buildComparison(input: ComparisonInput): ComparisonReport {
  const { d } = input.view;
  const k = d.k;
  const refs = cityRefs(input.cities, input.principal, input.secret);
  const rows = input.cities.map((city) => {
    const exactTotals = input.totals.get(city.key) ?? input.emptyTotals;
    const published = discloseServiceTotals(d, city.key, input.service.key, exactTotals);
    const exactSteps = input.steps.get(city.key) ?? [];
    return {
      city,
      ref: refs.get(city.key) as { ref: CityRef; full: boolean },
      exactTotals,
      published,
      exactSteps,
      publishedSteps: discloseSteps(d, city.key, input.service.key, exactSteps),
      exact: evaluateCity(exactTotals, city.population.inhabitants, () => false),
      disclosed: evaluateCity(published, city.population.inhabitants, (b) => d.belowK(b)),
    };
  });

  const ranks = new Map<ServiceMetric, { byCity: Map<string, number | null>; ranked: number }>();
  const metrics = SERVICE_METRICS.map((m) => {
    const def = METRIC_DEFINITIONS[m];
    const compared = rows.map((r) => comparedFigure(m, r.disclosed[m], r.ref.ref.peer !== null));
    const rk = competitionRanks(compared, def.higherIsBetter);
    const values = compared.filter((v): v is number => v !== null);
    ranks.set(m, { byCity: new Map(rows.map((r, i) => [r.city.key, rk[i] ?? null])), ranked: values.length });
    // When every city has the same value nobody is the example to follow.
    const distinct = new Set(values).size > 1;
    const best = rows
      .filter((_, i) => distinct && rk[i] === 1)
      .map((r) => r.ref.ref)
      .sort(compareRefs);
    return {
      metric: m,
      kind: def.kind,
      higherIsBetter: def.higherIsBetter,
      comparedOn: def.kind === 'count' ? ('per1000' as const) : ('value' as const),
      description: def.description,
      ...summarize(values),
      best,
    };
  });

  const cities = rows
    .map((r) => {
      const { ref, full } = r.ref;
      const peer = ref.peer !== null;
      const cells = {} as Record<ServiceMetric, MetricCell>;
      for (const m of SERVICE_METRICS) {
        const rank = ranks.get(m);
        cells[m] = metricCellFor(
          m,
          r.exact[m],
          r.disclosed[m],
          { full, peer },
          rank?.byCity.get(r.city.key) ?? null,
          rank?.ranked ?? 0,
        );
      }
      const publishedStages = stagesOf(r.published, r.publishedSteps);
      const stages = buildStages(full ? stagesOf(r.exactTotals, r.exactSteps) : publishedStages, {
        below: publishedStages.map((s) => d.belowK(s.visitors)),
        hide: !full,
        withholdCounts: peer,
        perturbed: !full && d.perturbed,
      });
      return { city: ref, metrics: cells, stages };
    })
    .sort((a, b) => compareRefs(a.city, b.city));

  return {
    service: input.service,
    period: input.current,
    k,
    disclosure: input.view.info,
    metrics,
    cities,
  };
}
