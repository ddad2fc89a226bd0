/*
 * The selection form above each view. Changes take effect on "Anzeigen" (submit), not on every keystroke or
 * option change: keyboard and screen-reader users move through a select without reloading the page under them.
 */
import type { Interval } from '../../../src/routes/params.schema.ts';
import { fromDateField, toDateField } from '../date-input.ts';
import { h, uid } from '../html.ts';
import {
  readableCities,
  SERVICE_METRICS,
  type Selection,
  type ServiceMetric,
  serviceName,
  type ViewContext,
} from '../view-context.ts';

export interface FilterFields {
  city?: boolean;
  service?: boolean;
  metric?: boolean;
  interval?: readonly Interval[];
  intervalKey?: 'interval' | 'funnelInterval';
}

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = uid('f');
  control.id = id;
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute('aria-describedby', hintNode.id);
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'label-row' }, h('label', { for: id }, label), hintNode),
    control,
  );
}

function dateField(ctx: ViewContext, name: 'from' | 'to', label: string): HTMLElement {
  const input = h('input', {
    type: 'text',
    name,
    value: toDateField(ctx.selection[name], ctx.lang),
    inputmode: 'numeric',
    autocomplete: 'off',
    size: 10,
    class: 'date-field',
  });
  return field(label, input, ctx.t.dateHint);
}

function select(name: string, value: string, options: [string, string][]): HTMLSelectElement {
  return h(
    'select',
    { name },
    ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)),
  );
}

export function filterForm(ctx: ViewContext, fields: FilterFields, onApply: () => void): HTMLFormElement {
  const { t, selection: sel, session } = ctx;
  const controls: HTMLElement[] = [];
  if (fields.city) {
    const cities = readableCities(session);
    if (cities.length > 1)
      controls.push(
        field(
          t.cityLabel,
          select(
            'city',
            sel.city ?? '',
            cities.map((c) => [c.key, c.name]),
          ),
        ),
      );
  }
  if (fields.service)
    controls.push(
      field(
        t.serviceLabel,
        select(
          'service',
          sel.service ?? '',
          session.services.map((s) => [s.key, serviceName(ctx.lang, s)]),
        ),
      ),
    );
  if (fields.metric)
    controls.push(
      field(
        t.metricLabel,
        select(
          'metric',
          sel.metric,
          SERVICE_METRICS.map((m) => [m, t.metrics[m]]),
        ),
      ),
    );
  controls.push(
    h(
      'fieldset',
      { class: 'period' },
      h('legend', {}, t.periodLabel),
      h(
        'div',
        { class: 'period-fields' },
        dateField(ctx, 'from', t.fromLabel),
        dateField(ctx, 'to', t.toLabel),
      ),
    ),
  );
  const intervalKey = fields.intervalKey ?? 'interval';
  if (fields.interval)
    controls.push(
      field(
        t.intervalLabel,
        select(
          intervalKey,
          sel[intervalKey],
          fields.interval.map((i) => [i, t.intervals[i]]),
        ),
      ),
    );

  const error = h('p', { class: 'field-error filters-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'filters', 'aria-label': t.filtersLabel, novalidate: true },
    ...controls,
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', class: 'button' }, t.apply)),
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const invalid = invalidDate(form);
    for (const input of form.querySelectorAll('.date-field')) input.removeAttribute('aria-invalid');
    if (invalid) {
      const label = invalid.name === 'from' ? t.fromLabel : t.toLabel;
      error.textContent = t.errorDate(label);
      invalid.setAttribute('aria-invalid', 'true');
      invalid.focus();
      return;
    }
    error.textContent = '';
    applyForm(form, sel);
    onApply();
  });
  return form;
}

/** The first date field whose text is not empty and not a date. */
function invalidDate(form: HTMLFormElement): HTMLInputElement | null {
  for (const input of form.querySelectorAll<HTMLInputElement>('.date-field'))
    if (input.value.trim() !== '' && fromDateField(input.value) === null) return input;
  return null;
}

function applyForm(form: HTMLFormElement, sel: Selection): void {
  const data = new FormData(form);
  const str = (name: string) => {
    const v = data.get(name);
    return typeof v === 'string' ? v : null;
  };
  const city = str('city');
  if (city) sel.city = city;
  const service = str('service');
  if (service) sel.service = service;
  const metric = str('metric');
  if (metric) sel.metric = metric as ServiceMetric;
  sel.from = fromDateField(str('from') ?? '') ?? '';
  sel.to = fromDateField(str('to') ?? '') ?? '';
  const interval = str('interval');
  if (interval) sel.interval = interval as Selection['interval'];
  const funnelInterval = str('funnelInterval');
  if (funnelInterval) sel.funnelInterval = funnelInterval as Selection['funnelInterval'];
}

/** Fills empty period inputs with the period the API chose, so the next "Anzeigen" keeps it. */
export function adoptPeriod(
  ctx: ViewContext,
  form: HTMLFormElement,
  period: { from: string; to: string },
): void {
  const sel = ctx.selection;
  if (sel.from && sel.to) return;
  sel.from = period.from;
  sel.to = period.to;
  const from = form.elements.namedItem('from');
  const to = form.elements.namedItem('to');
  if (from instanceof HTMLInputElement) from.value = toDateField(period.from, ctx.lang);
  if (to instanceof HTMLInputElement) to.value = toDateField(period.to, ctx.lang);
}
