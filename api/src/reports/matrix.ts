/*
 * Services × cities for one metric: the heat table of the comparison view. Same rules as the comparison: values
 * that fail k are hidden from other parties, anonymous peers show no absolute counts, ranks and the per-service
 * median are over values that pass k.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { Principal } from '../auth/roles.ts';
import {
  EMPTY_TOTALS,
  evaluate,
  METRIC_DEFINITIONS,
  SERVICE_METRICS,
  type ServiceMetric,
  type ServiceTotals,
} from '../compare/service-metrics.ts';
import { competitionRanks, median, per1000, round } from '../compare/statistics.ts';
import type { Period } from '../routes/params.schema.ts';
import type { CellStatus } from './common.schema.ts';
import { cityRef, period, serviceInfo } from './common.schema.ts';
import { cityRefs, compareRefs, metricCell } from './comparison.ts';

export const matrixReport = z.object({
  metric: z.enum(SERVICE_METRICS),
  kind: z.enum(['count', 'rate', 'seconds', 'score']),
  higherIsBetter: z.boolean(),
  comparedOn: z.enum(['value', 'per1000']),
  period,
  k: z.number().int(),
  cities: z.array(cityRef).describe('Column order of every row'),
  rows: z.array(
    z.object({
      service: serviceInfo,
      median: z.number().nullable().describe('Median of the compared figure over cities that pass k'),
      cells: z.array(metricCell),
    }),
  ),
});
export type MatrixReport = z.infer<typeof matrixReport>;

export interface MatrixInput {
  metric: ServiceMetric;
  services: readonly z.infer<typeof serviceInfo>[];
  cities: readonly CityConfig[];
  principal: Principal;
  k: number;
  current: Period;
  /** Keyed `${city}|${service}`. */
  totals: ReadonlyMap<string, ServiceTotals>;
}

export function buildMatrix(input: MatrixInput): MatrixReport {
  const { k, metric } = input;
  const def = METRIC_DEFINITIONS[metric];
  const isCount = def.kind === 'count';
  const refs = cityRefs(input.cities, input.principal);
  const columns = [...input.cities].sort((a, b) =>
    compareRefs(
      refs.get(a.key)?.ref as z.infer<typeof cityRef>,
      refs.get(b.key)?.ref as z.infer<typeof cityRef>,
    ),
  );
  const rows = input.services.map((service) => {
    const evaluated = columns.map((city) => {
      const e = evaluate(metric, input.totals.get(`${city.key}|${service.key}`) ?? EMPTY_TOTALS, k);
      const p = isCount && e.value !== null ? per1000(e.value, city.population.inhabitants) : null;
      return { ...e, per1000: p, compared: e.status === 'ok' ? (isCount ? p : e.value) : null };
    });
    const ranks = competitionRanks(
      evaluated.map((e) => e.compared),
      def.higherIsBetter,
    );
    const med = median(evaluated.map((e) => e.compared).filter((v): v is number => v !== null));
    const cells = evaluated.map((e, i) => {
      const { ref, full } = refs.get((columns[i] as CityConfig).key) as {
        ref: z.infer<typeof cityRef>;
        full: boolean;
      };
      const hidden = e.status === 'below_k' && !full;
      const withheld = ref.peer !== null && isCount;
      const status: CellStatus = withheld && e.status === 'ok' ? 'withheld' : e.status;
      return {
        value: hidden || withheld ? null : e.value,
        per1000: hidden ? null : e.per1000,
        rank: ranks[i] ?? null,
        status,
      };
    });
    return { service, median: med === null ? null : round(med, 4), cells };
  });
  return {
    metric,
    kind: def.kind,
    higherIsBetter: def.higherIsBetter,
    comparedOn: isCount ? 'per1000' : 'value',
    period: input.current,
    k,
    cities: columns.map((c) => refs.get(c.key)?.ref as z.infer<typeof cityRef>),
    rows,
  };
}
