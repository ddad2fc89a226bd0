import { emit } from './events.ts';
import { identifier, steps } from './sanitize.ts';
import { formSelector } from './settings.ts';

/*
 * A followed form is an element matching the form selector. Its name comes from `data-godonu-form`, else its
 * `name` or `id`. A form spread over several pages carries `data-godonu-step="2/3/adresse"` (step 2 of 3, step
 * name optional) on each page: it starts on its first step and is submitted from its last one. Time to
 * complete is left to downstream, which sees the timestamps of start and submit even across pages.
 */

/** Forms whose start was seen on this page. */
const started: Element[] = [];
/** The step last reported on this page, which validation errors refer to. */
let currentStep: number | undefined;

const attribute = (e: Element | null, name: string): string | null | undefined => e?.getAttribute(name);

const formName = (f: Element | null): string =>
  identifier(attribute(f, 'data-godonu-form') || attribute(f, 'name') || attribute(f, 'id')) || 'form';

const stepOf = (f: Element | null) =>
  (attribute(f, 'data-godonu-step') || '').split('/') as [string, string?, string?];

/** Step `index` of `count` reached, in form `f` (the page's first followed form unless given). */
export const reportStep = (
  index: unknown,
  count: unknown,
  name?: unknown,
  f = document.querySelector(formSelector),
): void => {
  const [step, of] = steps(index, count);
  if (step) {
    currentStep = step;
    emit({ type: 'form_step', form: formName(f), step, steps: of as number, stepName: identifier(name) });
  }
};

/**
 * On a page view: the step of a form spread over pages, and a confirmation (`data-godonu-confirm="form"`).
 * A page shows one form (and one confirmation) at a time, so the first of each is looked at.
 */
export const scanForms = (): void => {
  const f = document.querySelector(formSelector);
  const confirmation = document.querySelector('[data-godonu-confirm]');
  currentStep = undefined;
  reportStep(...stepOf(f), f);
  if (confirmation)
    emit({ type: 'form_confirm', form: identifier(attribute(confirmation, 'data-godonu-confirm')) });
};

/**
 * `input`: the first interaction with a form on its first step starts it. `invalid`: the browser's constraint
 * validation rejected a field, whose name travels and whose value never does. `submit` from the last step (or
 * of a form without steps): the citizen completed it.
 */
export const onForm = (e: Event): void => {
  const t = e.target as HTMLInputElement;
  const f = t.closest(formSelector);
  if (!f) return;
  const form = formName(f);
  const [i, n] = stepOf(f);
  const field = identifier(t.name || t.id);
  if (e.type === 'submit') i === n && emit({ type: 'form_submit', form });
  else if (e.type === 'invalid') field && emit({ type: 'form_error', form, field, step: currentStep });
  else if (!started.includes(f) && !(+i > 1)) {
    started.push(f);
    emit({ type: 'form_start', form });
  }
};
