/*
 * "Was andere über Ihre Stadt erfahren können": the guarantee of the disclosure layer in words, with the parameters
 * in force as `/v1/me` states them. Linked from every view's footer; readable before sign-in too, then with the
 * parameters' symbols instead of their values.
 */
import type { DisclosureParams } from '../api.client.ts';
import { CALENDAR_LEVELS } from '../calendar.ts';
import { dataTable } from '../components/data-table.ts';
import type { Format } from '../format.ts';
import { GUARANTEE_TEXTS, type GuaranteeValues } from '../guarantee.i18n.ts';
import { h } from '../html.ts';
import { type Language, LOCALES, type Texts } from '../i18n.ts';
import { viewHeader } from './view-shell.ts';

/** Durations shown to other parties are rounded to this step (api/src/disclosure/policy.ts SECONDS_STEP). */
const DURATION_STEP_SECONDS = 10;
/** A median scroll depth shown to other parties is rounded to this step (policy.ts PERCENT_STEP). */
const PERCENT_STEP = 10;

function values(lang: Language, f: Format, p: DisclosureParams | null): GuaranteeValues {
  const levels = CALENDAR_LEVELS.length;
  const seconds = f.count(DURATION_STEP_SECONDS);
  const points = f.count(PERCENT_STEP);
  if (!p)
    return {
      k: 'k',
      kIs: 'k',
      epsilon: 'ε',
      epsilonIs: 'ε',
      levels: String(levels),
      totalIs: `${levels}ε`,
      scale: '1/ε',
      sd: null,
      seconds,
      points,
    };
  const decimals = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 3 });
  const total = decimals.format(Math.round(levels * p.epsilonPerCell * 1000) / 1000);
  return {
    k: f.count(p.k),
    kIs: `k = ${f.count(p.k)}`,
    epsilon: decimals.format(p.epsilonPerCell),
    epsilonIs: `ε = ${decimals.format(p.epsilonPerCell)}`,
    levels: String(levels),
    totalIs: `${levels}ε = ${total}`,
    scale: decimals.format(p.noiseScale),
    sd: decimals.format(p.noiseStandardDeviation),
    seconds,
    points,
  };
}

function section(title: string, id: string, ...content: Node[]): HTMLElement {
  return h(
    'section',
    { class: 'guarantee-section', 'aria-labelledby': id },
    h('h2', { id }, title),
    ...content,
  );
}

function list(items: string[]): HTMLElement {
  return h('ul', { class: 'guarantee-list' }, ...items.map((text) => h('li', {}, text)));
}

export function guaranteeView(
  opts: { lang: Language; t: Texts; f: Format; params: DisclosureParams | null },
  root: HTMLElement,
): void {
  const { lang, t, f, params } = opts;
  const g = GUARANTEE_TEXTS[lang];
  const v = values(lang, f, params);
  const table = params
    ? dataTable({
        t,
        caption: g.valuesCaption,
        captionHidden: true,
        className: 'guarantee-values',
        columns: [{ label: g.valueSetting }, { label: g.valueName, numeric: true }],
        rows: [
          [g.valueRows.k, v.k],
          [g.valueRows.epsilon, v.epsilon],
          [g.valueRows.noise, g.noiseName],
          [g.valueRows.scale, v.scale],
          [g.valueRows.sd, v.sd ?? ''],
          [g.valueRows.periods, g.periodsName],
          [g.valueRows.total, v.totalIs],
        ],
      })
    : h('p', { class: 'note' }, g.valuesAfterSignIn);
  root.replaceChildren(
    h(
      'article',
      { class: 'guarantee' },
      viewHeader(g.title),
      h('p', { class: 'lead' }, g.lead),
      section(g.whoHeading, 'guarantee-who', list(g.who)),
      section(g.publishedHeading, 'guarantee-published', list(g.published(v))),
      section(g.lossHeading, 'guarantee-loss', ...g.loss(v).map((text) => h('p', {}, text))),
      section(g.notCoveredHeading, 'guarantee-not-covered', list(g.notCovered)),
      section(g.valuesHeading, 'guarantee-values', table),
      h('p', {}, h('a', { href: '#/', 'data-back': '' }, g.back)),
    ),
  );
}
