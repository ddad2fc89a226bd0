import { event } from '@godonu/contract';
import { describe, expect, it } from 'vitest';
import { journeyEvent } from './event-load.ts';

const HOSTS = { wwwHost: 'www.giessen.de', formHost: 'formulare.giessen.de' };

describe('journeyEvent', () => {
  it('is ten valid events of the dog-tax service, in journey order', () => {
    const journey = Array.from({ length: 10 }, (_, n) => journeyEvent(HOSTS, `test-id-${n}`, n));
    expect(journey.map((e) => event.safeParse(e).error?.issues ?? [])).toEqual(Array(10).fill([]));
    expect(journey.map((e) => e.type)).toEqual([
      'pageview',
      'service_view',
      'form_start',
      'form_step',
      'form_step',
      'form_error',
      'form_step',
      'form_submit',
      'form_confirm',
      'rating',
    ]);
    expect(new Set(journey.map((e) => e.service))).toEqual(new Set(['99036010000000']));
  });

  it('names each step the same way every time, so a recount of the step roll-up is deterministic', () => {
    const steps = Array.from({ length: 30 }, (_, n) => journeyEvent(HOSTS, `test-id-${n}`, n)).flatMap((e) =>
      e.type === 'form_step' ? [`${e.step}/${e.steps} ${e.stepName}`] : [],
    );
    expect(new Set(steps)).toEqual(new Set(['1/3 halter', '2/3 hund', '3/3 zahlung']));
  });
});
