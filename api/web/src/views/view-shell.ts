/*
 * What every view has: its title (the focus target after navigation), the period line, and loading with a status
 * message, an error message and a retry.
 */
import { ApiError } from '../api.client.ts';
import { errorNote, loadingNote } from '../components/panel.ts';
import { h } from '../html.ts';
import type { ViewContext } from '../view-context.ts';

export const VIEW_TITLE_ID = 'view-title';

export function viewHeader(title: string): HTMLElement {
  return h('div', { class: 'view-header' }, h('h1', { id: VIEW_TITLE_ID, tabindex: '-1' }, title));
}

export function periodLine(
  ctx: ViewContext,
  period: { from: string; to: string },
  previous: { from: string; to: string } | null,
  publishedK: number | null,
): HTMLElement {
  const { t, f } = ctx;
  return h(
    'div',
    { class: 'period-line' },
    h(
      'p',
      {},
      h('strong', { 'data-period': '' }, t.periodText(f.day(period.from), f.day(period.to))),
      previous ? ` · ${t.comparedWith(f.day(previous.from), f.day(previous.to))}` : null,
    ),
    publishedK !== null ? h('p', { class: 'note' }, t.accessPublished(publishedK)) : null,
  );
}

/** Shows a loading status in `target`, then the nodes `load` builds, or an error with a retry. */
export function loadInto(ctx: ViewContext, target: HTMLElement, load: () => Promise<Node[]>): void {
  const { t } = ctx;
  target.setAttribute('aria-busy', 'true');
  target.replaceChildren(loadingNote(ctx));
  load()
    .then((nodes) => {
      target.replaceChildren(...nodes);
      ctx.announce(t.loaded);
    })
    .catch((err: unknown) => {
      if (!(err instanceof ApiError)) console.error(err);
      const message =
        err instanceof ApiError
          ? err.status === 403
            ? t.errorForbidden
            : err.status === 400
              ? t.errorPeriod
              : t.errorLoad
          : t.errorNetwork;
      target.replaceChildren(errorNote(ctx, message, () => loadInto(ctx, target, load)));
    })
    .finally(() => target.removeAttribute('aria-busy'));
}
