import type { SiteIndex } from './site.step.ts';
import { type EventContext, OK, type Step, type StepResult } from './step.ts';

/**
 * The catalog key makes the same service comparable across cities: the page's own key when it declared one,
 * otherwise the first of the city's URL rules that matches the path.
 */
export function serviceKeyStep(sites: SiteIndex): Step {
  return {
    name: 'service-key',
    run(ctx: EventContext): StepResult {
      const declared = ctx.record.event.service;
      if (declared) {
        ctx.derived.service = declared;
        return OK;
      }
      const rule = sites.serviceRules(ctx.city.key).find((r) => r.pattern.test(ctx.rawPath));
      ctx.derived.service = rule?.service ?? '';
      return OK;
    },
  };
}
