/*
 * The funnel of one service: a bar per stage (share of those who viewed the service) and, between stages, how
 * many dropped out. HTML rather than SVG so that long step names wrap; the table behind it is read instead.
 */
import type { StageOut } from '../../../src/reports/stages.ts';
import { APPROX } from '../components/data-table.ts';
import { cellView, type Format } from '../format.ts';
import { h } from '../html.ts';
import type { Texts } from '../i18n.ts';

export function stageLabel(t: Texts, s: StageOut): string {
  return s.stage === 'step' ? t.stepN(s.step ?? 0, s.stepName) : (t.stages[s.stage] ?? s.stage);
}

/** `perturbed`: the stages are another city's, with noise: their numbers read "≈ 1.234". */
export function funnelChart(
  t: Texts,
  f: Format,
  k: number,
  stages: StageOut[],
  perturbed = false,
): HTMLElement {
  const list = h('ol', { class: 'funnel' });
  const approx = perturbed ? `${APPROX} ` : '';
  stages.forEach((s, i) => {
    if (i > 0) {
      const drop =
        s.dropOff !== null && s.dropOffRate !== null
          ? t.dropOffText(`${approx}${f.count(s.dropOff)}`, f.rate(s.dropOffRate))
          : s.dropOffRate !== null
            ? `${approx}${f.rate(s.dropOffRate)}`
            : null;
      if (drop)
        list.append(h('li', { class: 'funnel-drop' }, h('span', { class: 'arrow' }, '↘'), ` ${drop}`));
    }
    const visitors = cellView(t, k, s.visitors, s.status, f.count);
    const share = s.shareOfViewers ?? 0;
    const value = visitors.shown ? `${approx}${visitors.text}` : visitors.text;
    const text = s.shareOfViewers !== null ? `${value} · ${f.rate(s.shareOfViewers)}` : value;
    list.append(
      h(
        'li',
        { class: `funnel-stage${s.status === 'below_k' ? ' is-suppressed' : ''}` },
        h('span', { class: 'funnel-label' }, stageLabel(t, s)),
        h(
          'span',
          { class: 'funnel-track' },
          s.shareOfViewers !== null
            ? h('span', { class: 'funnel-fill', style: `width:${(Math.min(1, share) * 100).toFixed(1)}%` })
            : null,
        ),
        h('span', { class: 'funnel-value' }, text),
      ),
    );
  });
  return list;
}
