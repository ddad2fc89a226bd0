/*
 * Services × cities for one metric: the heat table of the comparison view, with the comparison's rules (see
 * comparison.ts): every cell of another city through the disclosure layer, ranks and the per-service median over
 * the published figures.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { Principal } from '../auth/roles.ts';
import {
  EMPTY_TOTALS,
  METRIC_DEFINITIONS,
  SERVICE_METRICS,
  type ServiceMetric,
  type ServiceTotals,
} from '../compare/service-metrics.ts';
import { competitionRanks, median, round } from '../compare/statistics.ts';
import { discloseServiceTotals } from '../disclosure/service-cells.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import type { Period } from '../routes/params.schema.ts';
import { type CityRef, cityRef, disclosureInfo, period, serviceInfo } from './common.schema.ts';
import {
  cityRefs,
  comparedFigure,
  compareRefs,
  evaluateCity,
  metricCell,
  metricCellFor,
} from './comparison.ts';

export const matrixReport = z.object({
  metric: z.enum(SERVICE_METRICS),
  kind: z.enum(['count', 'rate', 'seconds', 'score']),
  higherIsBetter: z.boolean(),
  comparedOn: z.enum(['value', 'per1000']),
  period,
  k: z.number().int(),
  disclosure: disclosureInfo,
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
  view: DisclosedView;
  secret: Buffer;
  current: Period;
  /** Keyed `${city}|${service}`. */
  totals: ReadonlyMap<string, ServiceTotals>;
}

export function buildMatrix(input: MatrixInput): MatrixReport {
  const { metric } = input;
  const { d } = input.view;
  const def = METRIC_DEFINITIONS[metric];
  const refs = cityRefs(input.cities, input.principal, input.secret);
  const refOf = (c: CityConfig) => refs.get(c.key) as { ref: CityRef; full: boolean };
  const columns = [...input.cities].sort((a, b) => compareRefs(refOf(a).ref, refOf(b).ref));
  const rows = input.services.map((service) => {
    const evaluated = columns.map((city) => {
      const exactTotals = input.totals.get(`${city.key}|${service.key}`) ?? EMPTY_TOTALS;
      const published = discloseServiceTotals(d, city.key, service.key, exactTotals);
      const inhabitants = city.population.inhabitants;
      return {
        exact: evaluateCity(exactTotals, inhabitants, () => false)[metric],
        disclosed: evaluateCity(published, inhabitants, (b) => d.belowK(b))[metric],
      };
    });
    const compared = evaluated.map((e, i) =>
      comparedFigure(metric, e.disclosed, refOf(columns[i] as CityConfig).ref.peer !== null),
    );
    const ranks = competitionRanks(compared, def.higherIsBetter);
    const values = compared.filter((v): v is number => v !== null);
    const med = median(values);
    const cells = evaluated.map((e, i) => {
      const { ref, full } = refOf(columns[i] as CityConfig);
      return metricCellFor(
        metric,
        e.exact,
        e.disclosed,
        { full, peer: ref.peer !== null },
        ranks[i] ?? null,
        values.length,
      );
    });
    return { service, median: med === null ? null : round(med, 4), cells };
  });
  return {
    metric,
    kind: def.kind,
    higherIsBetter: def.higherIsBetter,
    comparedOn: def.kind === 'count' ? 'per1000' : 'value',
    period: input.current,
    k: d.k,
    disclosure: input.view.info,
    cities: columns.map((c) => refOf(c).ref),
    rows,
  };
}
