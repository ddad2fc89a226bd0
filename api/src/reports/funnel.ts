/*
 * One service in one city: the funnel with drop-off per step, completion rate (also over time), time to complete,
 * validation-error hot spots by field, and satisfaction.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import { evaluate, type ServiceTotals } from '../compare/service-metrics.ts';
import { isBelowK, suppressGroup } from '../privacy/k-anonymity.ts';
import type { ServiceCompletionRow } from '../queries/service-completion.query.ts';
import type { ServiceErrorFieldRow } from '../queries/service-errors.query.ts';
import type { ServiceRatingRow } from '../queries/service-ratings.query.ts';
import type { ServiceStepRow } from '../queries/service-steps.query.ts';
import type { Period } from '../routes/params.schema.ts';
import { cityInfoOf } from './city-report.ts';
import {
  access,
  type CellStatus,
  cellStatus,
  cityInfo,
  period,
  ratio,
  serviceInfo,
} from './common.schema.ts';
import { buildStages, stageOut, stagesOf } from './stages.ts';

const num = z.number().nullable();
const valueCell = z.object({ value: num, status: cellStatus });

export const funnelReport = z.object({
  city: cityInfo,
  service: serviceInfo,
  access,
  k: z.number().int(),
  period,
  interval: z.enum(['day', 'week', 'month']),
  stages: z.array(stageOut),
  startRate: valueCell,
  completionRate: valueCell,
  timeToComplete: z.object({
    q1Sec: num,
    medianSec: num,
    q3Sec: num,
    p90Sec: num,
    status: cellStatus,
  }),
  errors: z.object({
    visitors: num.describe('Distinct visitors with at least one validation error'),
    errors: num.describe('Validation errors in total'),
    errorRate: num.describe('visitors / starters'),
    status: cellStatus,
    fields: z.array(
      z.object({ field: z.string(), step: z.number().int(), visitors: num, errors: num, status: cellStatus }),
    ),
  }),
  satisfaction: z.object({
    average: num.describe('Mean score 1–5'),
    ratings: num,
    raters: num,
    status: cellStatus,
    distribution: z.array(
      z.object({ score: z.number().int(), ratings: num, share: num, status: cellStatus }),
    ),
  }),
  timeseries: z.array(
    z.object({ bucket: z.string(), starters: num, confirmers: num, completionRate: num, status: cellStatus }),
  ),
});
export type FunnelReport = z.infer<typeof funnelReport>;

export interface FunnelInput {
  city: CityConfig;
  service: z.infer<typeof serviceInfo>;
  access: 'full' | 'published';
  k: number;
  current: Period;
  interval: 'day' | 'week' | 'month';
  buckets: readonly string[];
  totals: ServiceTotals;
  errorsTotal: number;
  confirmQuantilesMs: readonly number[] | null;
  steps: readonly ServiceStepRow[];
  errorFields: readonly ServiceErrorFieldRow[];
  ratings: readonly ServiceRatingRow[];
  completion: readonly ServiceCompletionRow[];
}

function cell(value: number | null, status: CellStatus): { value: number | null; status: CellStatus } {
  return { value: status === 'ok' ? value : null, status };
}

/** The smallest non-zero basis: a rate over a group is as identifying as its smallest part. */
function smallestBasis(...bases: number[]): number {
  const nonZero = bases.filter((b) => b > 0);
  return nonZero.length === 0 ? 0 : Math.min(...nonZero);
}

export function buildFunnel(input: FunnelInput): FunnelReport {
  const { k, totals: t } = input;
  const publish = input.access === 'published';
  const status = (bases: number[], value: number | null): CellStatus =>
    publish && bases.some((b) => isBelowK(b, k)) ? 'below_k' : value === null ? 'no_data' : 'ok';
  const evaluated = (m: 'startRate' | 'completionRate') => {
    const e = evaluate(m, t, k);
    return cell(e.value, publish ? e.status : e.value === null ? 'no_data' : 'ok');
  };

  const q = input.confirmQuantilesMs;
  const hasTimes = t.confirmers > 0 && q !== null && q.some((v) => v > 0);
  const timeStatus = status([t.confirmers], hasTimes ? 0 : null);
  const sec = (i: number) => (timeStatus === 'ok' && q ? ratio(q[i] ?? 0, 1000, 1) : null);

  const fieldsGroup = publish
    ? suppressGroup(
        input.errorFields.map((f) => f.visitors),
        k,
        true,
      )
    : { status: input.errorFields.map((): CellStatus => 'ok'), totalSuppressed: false };
  const errorRate = ratio(t.errorVisitors, t.starters);
  const errorStatus: CellStatus = fieldsGroup.totalSuppressed
    ? 'complementary'
    : status([t.errorVisitors], 0);

  const scoreRows = input.ratings;
  const raters = t.raters;
  const scoresGroup = publish
    ? suppressGroup(
        scoreRows.map((r) => r.visitors),
        k,
        true,
      )
    : { status: scoreRows.map((): CellStatus => 'ok'), totalSuppressed: false };
  const satisfactionStatus: CellStatus = scoresGroup.totalSuppressed
    ? 'complementary'
    : status([raters], ratio(t.ratingSum, t.ratings, 2));

  const byBucket = new Map(input.completion.map((r) => [r.bucket, r]));
  const series = input.buckets.map((b) => byBucket.get(b) ?? { bucket: b, starters: 0, confirmers: 0 });
  const seriesGroup = publish
    ? suppressGroup(
        series.map((r) => smallestBasis(r.starters, r.confirmers)),
        k,
        true,
      )
    : { status: series.map((): CellStatus => 'ok'), totalSuppressed: false };

  return {
    city: cityInfoOf(input.city),
    service: input.service,
    access: input.access,
    k,
    period: input.current,
    interval: input.interval,
    stages: buildStages(stagesOf(t, input.steps), { publish, markBelowK: false, withholdCounts: false, k }),
    startRate: evaluated('startRate'),
    completionRate: evaluated('completionRate'),
    timeToComplete: { q1Sec: sec(0), medianSec: sec(1), q3Sec: sec(2), p90Sec: sec(3), status: timeStatus },
    errors: {
      visitors: errorStatus === 'ok' ? t.errorVisitors : null,
      errors: errorStatus === 'ok' ? input.errorsTotal : null,
      errorRate: errorStatus === 'ok' && status([t.starters], errorRate) === 'ok' ? errorRate : null,
      status: errorStatus,
      fields: input.errorFields.map((f, i) => {
        const s = fieldsGroup.status[i] ?? 'ok';
        return {
          field: f.field,
          step: f.step,
          visitors: s === 'ok' ? f.visitors : null,
          errors: s === 'ok' ? f.errors : null,
          status: s,
        };
      }),
    },
    satisfaction: {
      average: satisfactionStatus === 'ok' ? ratio(t.ratingSum, t.ratings, 2) : null,
      ratings: satisfactionStatus === 'ok' ? t.ratings : null,
      raters: satisfactionStatus === 'ok' ? raters : null,
      status: satisfactionStatus,
      distribution: scoreRows.map((r, i) => {
        const s = scoresGroup.status[i] ?? 'ok';
        return {
          score: r.score,
          ratings: s === 'ok' ? r.ratings : null,
          share: s === 'ok' ? ratio(r.ratings, t.ratings) : null,
          status: s,
        };
      }),
    },
    timeseries: series.map((r, i) => {
      const s = seriesGroup.status[i] ?? 'ok';
      return {
        bucket: r.bucket,
        starters: s === 'ok' ? r.starters : null,
        confirmers: s === 'ok' ? r.confirmers : null,
        completionRate: s === 'ok' ? ratio(r.confirmers, r.starters) : null,
        status: s,
      };
    }),
  };
}
