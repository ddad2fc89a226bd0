/*
 * The selection form above each view. Changes take effect on "Anzeigen" (submit), not on every keystroke or
 * option change: keyboard and screen-reader users move through a select without reloading the page under them.
 */
import type { Interval } from '../../../src/routes/params.schema.ts';
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

function field(label: string, control: HTMLElement): HTMLElement {
  const id = uid('f');
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
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
          SERVICE_METRICS.map((m) => [m, t.metrics[m] ?? m]),
        ),
      ),
    );
  controls.push(
    h(
      'fieldset',
      { class: 'period' },
      h('legend', {}, t.periodLabel),
      field(t.fromLabel, h('input', { type: 'date', name: 'from', value: sel.from })),
      field(t.toLabel, h('input', { type: 'date', name: 'to', value: sel.to })),
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

  const form = h(
    'form',
    { class: 'filters', 'aria-label': t.filtersLabel },
    ...controls,
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit', class: 'button' }, t.apply)),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyForm(form, sel);
    onApply();
  });
  return form;
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
  sel.from = str('from') ?? sel.from;
  sel.to = str('to') ?? sel.to;
  const interval = str('interval');
  if (interval) sel.interval = interval as Selection['interval'];
  const funnelInterval = str('funnelInterval');
  if (funnelInterval) sel.funnelInterval = funnelInterval as Selection['funnelInterval'];
}

/** Fills empty period inputs with the period the API chose, so the next "Anzeigen" keeps it. */
export function adoptPeriod(
  form: HTMLFormElement,
  sel: Selection,
  period: { from: string; to: string },
): void {
  if (sel.from && sel.to) return;
  sel.from = period.from;
  sel.to = period.to;
  const from = form.elements.namedItem('from');
  const to = form.elements.namedItem('to');
  if (from instanceof HTMLInputElement) from.value = period.from;
  if (to instanceof HTMLInputElement) to.value = period.to;
}
