/*
 * One service in one city: the funnel with drop-off per step, completion rate (also over time), time to complete,
 * validation-error hot spots by field, and satisfaction.
 */
import type { CityConfig } from '@godonu/contract';
import { z } from 'zod';
import type { PeriodMonths } from '../compare/digital-take-up.ts';
import { evaluate, rate, type ServiceTotals } from '../compare/service-metrics.ts';
import type { Bucket } from '../disclosure/buckets.ts';
import { discloseServiceTotals, discloseSteps, serviceCell } from '../disclosure/service-cells.ts';
import { OTHER_LABEL, otherRow, partitionList, suppressList } from '../disclosure/suppress-list.ts';
import type { DisclosedView } from '../disclosure/view.ts';
import type { OfflineCaseRow } from '../queries/offline-cases.query.ts';
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
  disclosureInfo,
  period,
  ratio,
  serviceInfo,
} from './common.schema.ts';
import { buildTakeUp, digitalTakeUp } from './digital-take-up.ts';
import { buildStages, stageOut, stagesOf } from './stages.ts';

const num = z.number().nullable();
const valueCell = z.object({ value: num, status: cellStatus });

export const funnelReport = z.object({
  city: cityInfo,
  service: serviceInfo,
  access,
  k: z.number().int(),
  disclosure: disclosureInfo,
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
    fields: z
      .array(
        z.object({
          field: z.string().nullable(),
          step: z.number().int().nullable(),
          visitors: num,
          errors: num,
          status: cellStatus,
        }),
      )
      .describe('Published answers fold fields below k into one last row with field and step null ("other")'),
  }),
  satisfaction: z.object({
    average: num.describe('Mean score 1–5'),
    ratings: num,
    raters: num,
    status: cellStatus,
    distribution: z.array(
      z.object({ score: z.number().int().nullable(), ratings: num, share: num, status: cellStatus }),
    ),
  }),
  timeseries: z.array(
    z.object({ bucket: z.string(), starters: num, confirmers: num, completionRate: num, status: cellStatus }),
  ),
  digitalTakeUp,
});
export type FunnelReport = z.infer<typeof funnelReport>;

export interface FunnelInput {
  city: CityConfig;
  service: z.infer<typeof serviceInfo>;
  access: 'full' | 'published';
  view: DisclosedView;
  current: Period;
  interval: 'day' | 'week' | 'month';
  /** Bucket labels of the series, each with the calendar period it is (for published series). */
  buckets: readonly Bucket[];
  totals: ServiceTotals;
  errorsTotal: number;
  confirmQuantilesMs: readonly number[] | null;
  steps: readonly ServiceStepRow[];
  /** Every field with errors (published answers) or the top `limit` (full answers), by errors. */
  errorFields: readonly ServiceErrorFieldRow[];
  limit: number;
  ratings: readonly ServiceRatingRow[];
  completion: readonly ServiceCompletionRow[];
  /** The whole months of the period, their exact online completions and the city's offline rows. */
  takeUp: {
    months: PeriodMonths;
    monthConfirmers: ReadonlyMap<string, number>;
    offline: readonly OfflineCaseRow[];
  };
}

function cell(value: number | null, status: CellStatus): { value: number | null; status: CellStatus } {
  return { value: status === 'ok' ? value : null, status };
}

export function buildFunnel(input: FunnelInput): FunnelReport {
  const { d } = input.view;
  const cityKey = input.city.key;
  const serviceKey = input.service.key;
  const at = (quantity: string, label?: string) => ({
    ...serviceCell(cityKey, serviceKey, quantity),
    ...(label === undefined ? {} : { label }),
  });
  const t = discloseServiceTotals(d, cityKey, serviceKey, input.totals);
  const statusOf = (bases: number[], value: number | null): CellStatus =>
    bases.some((b) => d.belowK(b)) ? 'below_k' : value === null ? 'no_data' : 'ok';
  const evaluated = (m: 'startRate' | 'completionRate') => {
    const e = evaluate(m, t, (b) => d.belowK(b));
    return cell(e.value, e.status);
  };

  const q = input.confirmQuantilesMs;
  const hasTimes = input.totals.confirmers > 0 && q !== null && q.some((v) => v > 0);
  const timeStatus = statusOf([t.confirmers], hasTimes ? 0 : null);
  const sec = (i: number) => (timeStatus === 'ok' && q ? ratio(d.durationMs(q[i] ?? 0), 1000, 1) : null);

  const fieldRows = input.errorFields.map((f) => {
    const label = `${f.step}:${f.field}`;
    return {
      field: f.field as string | null,
      step: f.step as number | null,
      visitors: d.count(at('errorFieldVisitors', label), f.visitors),
      errors: d.count(at('errorFieldErrors', label), f.errors),
      trueErrors: f.errors,
    };
  });
  const fields = partitionList(fieldRows, (f) => f.visitors, d);
  const foldedErrors = fields.folded.reduce((sum, f) => sum + f.trueErrors, 0);
  const errorsShown = [
    ...fields.shown.slice(0, input.limit).map((f) => ({ ...f, status: 'ok' as CellStatus })),
    ...otherRow(
      fields.folded.length,
      d.count(at('errorFieldErrors', OTHER_LABEL), foldedErrors),
      d,
      (n, s) => ({
        field: null,
        step: null,
        visitors: null,
        errors: n,
        status: s,
      }),
    ),
  ];
  const errorStatus = statusOf([t.errorVisitors], 0);
  const errorsTotal = d.count(at('errors'), input.errorsTotal);

  const satisfaction = evaluate('satisfaction', t, (b) => d.belowK(b));
  const scoreRows = input.ratings.map((r) => ({
    score: r.score as number | null,
    visitors: d.count(at('raters', String(r.score)), r.visitors),
    ratings: d.count(at('ratings', String(r.score)), r.ratings),
    trueRatings: r.ratings,
  }));
  const scores = partitionList(scoreRows, (r) => r.visitors, d);
  const foldedRatings = scores.folded.reduce((sum, r) => sum + r.trueRatings, 0);
  const share = (n: number) => (d.perturbed ? rate(n, t.ratings) : ratio(n, t.ratings));

  const byBucket = new Map(input.completion.map((r) => [r.bucket, r]));
  const series = input.buckets.map(({ bucket, calendar }) => {
    const r = byBucket.get(bucket) ?? { bucket, starters: 0, confirmers: 0 };
    const opts = calendar === null ? {} : { period: calendar };
    return {
      bucket,
      starters: d.count(at('starters'), r.starters, opts),
      confirmers: d.count(at('confirmers'), r.confirmers, opts),
    };
  });
  const seriesStatus = d.perturbed
    ? suppressList(
        series.map((r) => Math.min(r.starters, r.confirmers)),
        d,
      )
    : series.map((): CellStatus => 'ok');

  const publishedStages = stagesOf(t, discloseSteps(d, cityKey, serviceKey, input.steps));
  return {
    city: cityInfoOf(input.city),
    service: input.service,
    access: input.access,
    k: d.k,
    disclosure: input.view.info,
    period: input.current,
    interval: input.interval,
    stages: buildStages(publishedStages, {
      below: publishedStages.map((s) => d.belowK(s.visitors)),
      hide: d.perturbed,
      withholdCounts: false,
      perturbed: d.perturbed,
    }),
    startRate: evaluated('startRate'),
    completionRate: evaluated('completionRate'),
    timeToComplete: { q1Sec: sec(0), medianSec: sec(1), q3Sec: sec(2), p90Sec: sec(3), status: timeStatus },
    errors: {
      visitors: errorStatus === 'ok' ? t.errorVisitors : null,
      errors: errorStatus === 'ok' ? errorsTotal : null,
      errorRate:
        errorStatus === 'ok' && statusOf([t.starters], 0) === 'ok' ? rate(t.errorVisitors, t.starters) : null,
      status: errorStatus,
      fields: errorsShown.map(({ field, step, visitors, errors, status }) => ({
        field,
        step,
        visitors,
        errors,
        status,
      })),
    },
    satisfaction: {
      average: satisfaction.status === 'ok' ? satisfaction.value : null,
      ratings: satisfaction.status === 'ok' ? t.ratings : null,
      raters: satisfaction.status === 'ok' ? t.raters : null,
      status: satisfaction.status,
      distribution: [
        ...scores.shown.map((r) => ({
          score: r.score,
          ratings: r.ratings,
          share: share(r.ratings),
          status: 'ok' as CellStatus,
        })),
        ...otherRow(scores.folded.length, d.count(at('ratings', OTHER_LABEL), foldedRatings), d, (n, s) => ({
          score: null,
          ratings: n,
          share: n === null ? null : share(n),
          status: s,
        })),
      ],
    },
    timeseries: series.map((r, i) => {
      const s = seriesStatus[i] ?? 'ok';
      return {
        bucket: r.bucket,
        starters: s === 'ok' ? r.starters : null,
        confirmers: s === 'ok' ? r.confirmers : null,
        completionRate: s === 'ok' ? rateOf(r.confirmers, r.starters, d.perturbed) : null,
        status: s,
      };
    }),
    digitalTakeUp: buildTakeUp({
      d,
      city: cityKey,
      service: serviceKey,
      periodConfirmers: input.totals.confirmers,
      ...input.takeUp,
    }),
  };
}

function rateOf(part: number, whole: number, perturbed: boolean): number | null {
  return perturbed ? rate(part, whole) : ratio(part, whole);
}
