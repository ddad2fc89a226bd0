/*
 * The selection form above each view. Changes take effect on "Anzeigen" (submit), not on every keystroke or
 * option change: keyboard and screen-reader users move through a select without reloading the page under them.
 */
import type { Interval } from '../../../src/routes/params.schema.ts';
import {
  CALENDAR_LEVELS,
  type CalendarLevel,
  chosenPeriod,
  closedChoices,
  intervalOfLevel,
  type LatestClosed,
  publishedInterval,
} from '../calendar.ts';
import { fromDateField, toDateField } from '../date-input.ts';
import { calendarPeriodName } from '../format.ts';
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
  /**
   * `free`: "Von"/"Bis" (views of exact numbers); `calendar`: one closed calendar period (views with numbers of
   * other cities), whose series intervals are only those the api publishes; `month`: one month of `months`
   * (the statutory reports).
   */
  period: 'free' | 'calendar' | 'month';
  /** The months offered (value, name), newest first, and the one shown. */
  months?: { choices: [string, string][]; value: string };
  /** A view of exact numbers with a comparison panel: a calendar period of the comparison's own. */
  comparisonPeriod?: boolean;
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

function options(value: string, list: [string, string][]): HTMLOptionElement[] {
  return list.map(([v, label]) => h('option', { value: v, selected: v === value }, label));
}

function select(name: string, value: string, list: [string, string][]): HTMLSelectElement {
  return h('select', { name }, ...options(value, list));
}

function periodOptions(ctx: ViewContext, latest: LatestClosed, level: CalendarLevel): [string, string][] {
  return closedChoices(latest, level).map((p) => [p.label, calendarPeriodName(ctx.t, ctx.f, p)]);
}

/**
 * The choice of a closed calendar period: its kind (week, month, quarter, year) and which one, newest first. A
 * new kind offers its periods at once; nothing is loaded before "Anzeigen".
 */
function calendarFieldset(
  ctx: ViewContext,
  legend: string,
  onLevel: (level: CalendarLevel) => void,
): HTMLFieldSetElement {
  const { t } = ctx;
  const latest = ctx.latestClosed();
  const chosen = chosenPeriod(ctx.selection.calendar, latest);
  const level = select(
    'calendarLevel',
    chosen.level,
    CALENDAR_LEVELS.map((l) => [l, t.calendarLevels[l]]),
  );
  const which = select('calendar', chosen.label, periodOptions(ctx, latest, chosen.level));
  level.addEventListener('change', () => {
    const l = level.value as CalendarLevel;
    which.replaceChildren(...options('', periodOptions(ctx, latest, l)));
    which.selectedIndex = 0;
    onLevel(l);
  });
  const hintId = uid('calendar-hint');
  return h(
    'fieldset',
    { class: 'period period-calendar', 'aria-describedby': hintId },
    h('legend', {}, legend),
    h('p', { class: 'period-hint', id: hintId }, t.calendarHint),
    h(
      'div',
      { class: 'period-fields' },
      field(t.calendarLevelLabel, level),
      field(t.calendarPeriodLabel, which),
    ),
  );
}

function dateFieldset(ctx: ViewContext, legend: string): HTMLFieldSetElement {
  const { t } = ctx;
  return h(
    'fieldset',
    { class: 'period' },
    h('legend', {}, legend),
    h(
      'div',
      { class: 'period-fields' },
      dateField(ctx, 'from', t.fromLabel),
      dateField(ctx, 'to', t.toLabel),
    ),
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
  const intervalKey = fields.intervalKey ?? 'interval';
  const calendarInterval = (level: CalendarLevel): [string, string][] => {
    const only = intervalOfLevel(level);
    return [[only, t.intervals[only]]];
  };
  // Published series have whole calendar periods as buckets: the interval follows the kind of period.
  const published = select(
    'publishedInterval',
    '',
    calendarInterval(chosenPeriod(sel.calendar, ctx.latestClosed()).level),
  );
  if (fields.period === 'month') {
    controls.push(
      field(t.month, select('reportMonth', fields.months?.value ?? '', fields.months?.choices ?? [])),
    );
  } else if (fields.period === 'calendar') {
    controls.push(
      calendarFieldset(ctx, t.calendarLegend, (level) => {
        published.replaceChildren(...options('', calendarInterval(level)));
      }),
    );
    if (fields.interval) controls.push(field(t.intervalLabel, published));
  } else {
    controls.push(dateFieldset(ctx, fields.comparisonPeriod ? t.ownPeriodLegend : t.periodLabel));
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
    if (fields.comparisonPeriod) controls.push(calendarFieldset(ctx, t.comparisonCalendarLegend, () => {}));
  }

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
  const from = str('from');
  const to = str('to');
  if (from !== null) sel.from = fromDateField(from) ?? '';
  if (to !== null) sel.to = fromDateField(to) ?? '';
  const calendar = str('calendar');
  if (calendar) sel.calendar = calendar;
  const reportMonth = str('reportMonth');
  if (reportMonth) sel.reportMonth = reportMonth;
  const interval = str('interval');
  if (interval) sel.interval = interval as Selection['interval'];
  const funnelInterval = str('funnelInterval');
  if (funnelInterval) sel.funnelInterval = funnelInterval as Selection['funnelInterval'];
}

/** The calendar period a published view asks for, and its series interval. */
export function publishedPeriod(ctx: ViewContext): { period: string; interval: 'week' | 'month' } {
  const p = chosenPeriod(ctx.selection.calendar, ctx.latestClosed());
  return { period: p.label, interval: publishedInterval(p) };
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
