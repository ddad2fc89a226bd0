/*
 * What every view has: its title (the focus target after navigation), the period line, and loading with a status
 * message, an error message and a retry.
 */
import { ApiError } from '../api.client.ts';
import { latestClosedOf, parseCalendarPeriod } from '../calendar.ts';
import { errorNote, loadingNote } from '../components/panel.ts';
import { calendarPeriodName } from '../format.ts';
import { h } from '../html.ts';
import type { ViewContext } from '../view-context.ts';

export const VIEW_TITLE_ID = 'view-title';

export function viewHeader(title: string): HTMLElement {
  return h('div', { class: 'view-header' }, h('h1', { id: VIEW_TITLE_ID, tabindex: '-1' }, title));
}

/** The period of an answer; `calendar` is its calendar period (`disclosure.calendarPeriod`), named first. */
export function periodLine(
  ctx: ViewContext,
  period: { from: string; to: string },
  previous: { from: string; to: string } | null,
  publishedK: number | null,
  calendar: string | null = null,
): HTMLElement {
  const { t, f } = ctx;
  const named = calendar === null ? null : parseCalendarPeriod(calendar);
  return h(
    'div',
    { class: 'period-line' },
    h(
      'p',
      {},
      named ? h('strong', { 'data-calendar': '' }, calendarPeriodName(t, f, named)) : null,
      named ? ': ' : null,
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
      const notPublished = err instanceof ApiError && err.code === 'API_PERIOD_NOT_PUBLISHED';
      // The browser's clock ran ahead of the api's: offer the periods the api counts as closed, and ask again.
      const latest = notPublished ? latestClosedOf(err.details) : null;
      if (latest && ctx.adoptLatestClosed(latest)) {
        ctx.refresh(document.activeElement?.closest('.filters') ? 'apply' : 'title');
        return;
      }
      const message =
        err instanceof ApiError
          ? err.status === 403
            ? t.errorForbidden
            : notPublished
              ? t.errorPeriodNotPublished
              : err.status === 400
                ? t.errorPeriod
                : t.errorLoad
          : t.errorNetwork;
      target.replaceChildren(errorNote(ctx, message, () => loadInto(ctx, target, load)));
    })
    .finally(() => target.removeAttribute('aria-busy'));
}
