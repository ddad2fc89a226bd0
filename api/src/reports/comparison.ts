/*
 * Cross-city comparison of one service: per city the same metrics (and per 1,000 inhabitants for counts), each
 * city's rank, the median and quartiles over cities and the best-practice city per metric, plus every city's funnel.
 *
 * Statistics and ranks are computed only over values that pass k, identically for every viewer, so a city team, the
 * consortium and an admin see the same medians and ranks. What differs by viewer is only what is hidden: other
 * cities' small cells (for everyone but admins) and the names and absolute counts of cities that opted out of being
 * named (anonymous peers, numbered in an order that does not follow name or size).
 */
import { createHash } from 'node:crypto';
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { comparisonView, type Principal } from '../auth/roles.ts';
import {
  evaluate,
  METRIC_DEFINITIONS,
  SERVICE_METRICS,
  type ServiceMetric,
  type ServiceTotals,
} from '../compare/service-metrics.ts';
import { competitionRanks, per1000, summarize } from '../compare/statistics.ts';
import type { ServiceStepRow } from '../queries/service-steps.query.ts';
import type { Period } from '../routes/params.schema.ts';
import { type CellStatus, type CityRef, cellStatus, cityRef, period, serviceInfo } from './common.schema.ts';
import { buildStages, stageOut, stagesOf } from './stages.ts';

const num = z.number().nullable();

export const metricCell = z.object({
  value: num,
  per1000: num.describe('Per 1,000 inhabitants (counts only)'),
  rank: z.number().int().nullable().describe('1 = best among cities whose value passes k'),
  status: cellStatus,
});
export type MetricCell = z.infer<typeof metricCell>;

export const metricSummary = z.object({
  metric: z.enum(SERVICE_METRICS),
  kind: z.enum(['count', 'rate', 'seconds', 'score']),
  higherIsBetter: z.boolean(),
  comparedOn: z.enum(['value', 'per1000']).describe('Counts are compared per 1,000 inhabitants'),
  description: z.string(),
  n: z.number().int().describe('Cities whose value passes k'),
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
  metrics: z.array(metricSummary),
  cities: z.array(z.object({ city: cityRef, metrics: metricsObject, stages: z.array(stageOut) })),
});
export type ComparisonReport = z.infer<typeof comparisonReport>;

/** How every city is shown to one viewer: named or a numbered anonymous peer, own, full or published. */
export function cityRefs(
  cities: readonly CityConfig[],
  principal: Principal,
): Map<string, { ref: CityRef; full: boolean }> {
  const views = cities.map((c) => ({ city: c, view: comparisonView(principal, c) }));
  const anonymous = views
    .filter((v) => !v.view.named)
    .map((v) => v.city.key)
    .sort((a, b) => hashOrder(a).localeCompare(hashOrder(b)));
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
      },
    });
  }
  return out;
}

function hashOrder(key: string): string {
  return createHash('sha256').update(`godonu-peer:${key}`).digest('hex');
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
  k: number;
  current: Period;
  totals: ReadonlyMap<string, ServiceTotals>;
  steps: ReadonlyMap<string, readonly ServiceStepRow[]>;
  emptyTotals: ServiceTotals;
}

interface Evaluated {
  value: number | null;
  per1000: number | null;
  status: 'ok' | 'no_data' | 'below_k';
  compared: number | null;
}

export function buildComparison(input: ComparisonInput): ComparisonReport {
  const { k } = input;
  const refs = cityRefs(input.cities, input.principal);
  const evaluated = new Map<string, Record<ServiceMetric, Evaluated>>();
  for (const city of input.cities) {
    const t = input.totals.get(city.key) ?? input.emptyTotals;
    const row = {} as Record<ServiceMetric, Evaluated>;
    for (const m of SERVICE_METRICS) {
      const e = evaluate(m, t, k);
      const isCount = METRIC_DEFINITIONS[m].kind === 'count';
      const p = isCount && e.value !== null ? per1000(e.value, city.population.inhabitants) : null;
      row[m] = { ...e, per1000: p, compared: e.status === 'ok' ? (isCount ? p : e.value) : null };
    }
    evaluated.set(city.key, row);
  }

  const ranks = new Map<ServiceMetric, Map<string, number | null>>();
  const metrics = SERVICE_METRICS.map((m) => {
    const def = METRIC_DEFINITIONS[m];
    const keys = input.cities.map((c) => c.key);
    const compared = keys.map((key) => evaluated.get(key)?.[m].compared ?? null);
    const r = competitionRanks(compared, def.higherIsBetter);
    ranks.set(m, new Map(keys.map((key, i) => [key, r[i] ?? null])));
    const values = compared.filter((v): v is number => v !== null);
    const stats = summarize(values);
    // When every city has the same value nobody is the example to follow.
    const distinct = new Set(values).size > 1;
    const best = keys
      .filter((_, i) => distinct && r[i] === 1)
      .map((key) => refs.get(key)?.ref)
      .filter((ref): ref is CityRef => ref !== undefined)
      .sort(compareRefs);
    return {
      metric: m,
      kind: def.kind,
      higherIsBetter: def.higherIsBetter,
      comparedOn: def.kind === 'count' ? ('per1000' as const) : ('value' as const),
      description: def.description,
      ...stats,
      best,
    };
  });

  const cities = input.cities
    .map((city) => {
      const { ref, full } = refs.get(city.key) as { ref: CityRef; full: boolean };
      const row = evaluated.get(city.key) as Record<ServiceMetric, Evaluated>;
      const cells = {} as Record<ServiceMetric, MetricCell>;
      for (const m of SERVICE_METRICS) {
        const e = row[m];
        const hidden = e.status === 'below_k' && !full;
        const withheld = ref.peer !== null && METRIC_DEFINITIONS[m].kind === 'count';
        const status: CellStatus = withheld && e.status === 'ok' ? 'withheld' : e.status;
        cells[m] = {
          value: hidden || withheld ? null : e.value,
          per1000: hidden ? null : e.per1000,
          rank: ranks.get(m)?.get(city.key) ?? null,
          status,
        };
      }
      const t = input.totals.get(city.key) ?? input.emptyTotals;
      const stages = buildStages(stagesOf(t, input.steps.get(city.key) ?? []), {
        publish: !full,
        markBelowK: true,
        withholdCounts: ref.peer !== null,
        k,
      });
      return { city: ref, metrics: cells, stages };
    })
    .sort((a, b) => compareRefs(a.city, b.city));

  return { service: input.service, period: input.current, k, metrics, cities };
}
