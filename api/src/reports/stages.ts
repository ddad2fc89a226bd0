/*
 * The funnel of one service in one city: viewed → started → step 1..n → submitted → confirmed, each stage counted
 * in distinct visitors. Drop-off is taken between neighbouring stages and only when both are shown, so a
 * suppressed stage cannot be recomputed from its neighbours.
 */
import { z } from 'zod';
import { rate, type ServiceTotals } from '../compare/service-metrics.ts';
import type { ServiceStepRow } from '../queries/service-steps.query.ts';
import { cellStatus, ratio } from './common.schema.ts';

export const STAGES = ['viewed', 'started', 'step', 'submitted', 'confirmed'] as const;

const num = z.number().nullable();
export const stageOut = z.object({
  stage: z.enum(STAGES),
  step: z.number().int().nullable().describe('Step index (1-based) for `step` stages'),
  stepName: z.string().nullable(),
  visitors: num,
  shareOfViewers: num,
  dropOff: num.describe('Visitors lost since the previous stage'),
  dropOffRate: num.describe('dropOff / visitors of the previous stage'),
  status: cellStatus,
});
export type StageOut = z.infer<typeof stageOut>;

export interface StageIn {
  stage: (typeof STAGES)[number];
  step: number | null;
  stepName: string | null;
  visitors: number;
}

export function stagesOf(t: ServiceTotals, steps: readonly ServiceStepRow[]): StageIn[] {
  const count = Math.max(0, ...steps.map((s) => Math.max(s.steps, s.step)));
  const byStep = new Map(steps.map((s) => [s.step, s]));
  const stepStages: StageIn[] = [];
  for (let i = 1; i <= count; i += 1) {
    const s = byStep.get(i);
    stepStages.push({ stage: 'step', step: i, stepName: s?.step_name || null, visitors: s?.reached ?? 0 });
  }
  return [
    { stage: 'viewed', step: null, stepName: null, visitors: t.viewers },
    { stage: 'started', step: null, stepName: null, visitors: t.starters },
    ...stepStages,
    { stage: 'submitted', step: null, stepName: null, visitors: t.submitters },
    { stage: 'confirmed', step: null, stepName: null, visitors: t.confirmers },
  ];
}

/**
 * `below[i]`: stage i is too small for other parties (decided on the counts they would see). `hide`: this viewer
 * is such a party, so those stages are suppressed; otherwise they are only marked. `withholdCounts`: an anonymous
 * peer shows shares and rates only. `perturbed`: the counts carry noise, so a later stage may come out larger than
 * an earlier one; drop-offs are then never negative.
 */
export function buildStages(
  stages: readonly StageIn[],
  opts: { below: readonly boolean[]; hide: boolean; withholdCounts: boolean; perturbed: boolean },
): StageOut[] {
  const shown = stages.map((_, i) => !(opts.hide && opts.below[i]));
  const viewers = stages[0]?.visitors ?? 0;
  const lost = (before: number, after: number) =>
    opts.perturbed ? Math.max(0, before - after) : before - after;
  return stages.map((s, i) => {
    const prev = i > 0 ? stages[i - 1] : undefined;
    const pairShown = prev !== undefined && shown[i] === true && shown[i - 1] === true;
    const status = opts.below[i] ? 'below_k' : opts.withholdCounts ? 'withheld' : 'ok';
    const counts = shown[i] && !opts.withholdCounts;
    return {
      stage: s.stage,
      step: s.step,
      stepName: s.stepName,
      visitors: counts ? s.visitors : null,
      shareOfViewers: shown[i] && shown[0] ? shareOf(s.visitors, viewers, opts.perturbed) : null,
      dropOff: counts && pairShown && prev ? lost(prev.visitors, s.visitors) : null,
      dropOffRate: pairShown && prev ? ratio(lost(prev.visitors, s.visitors), prev.visitors) : null,
      status,
    };
  });
}

function shareOf(part: number, whole: number, perturbed: boolean): number | null {
  return perturbed ? rate(part, whole) : ratio(part, whole);
}
