/*
 * "Offene Daten" (consortium only): publish a closed month as an open-data release and see every release with its
 * parameters and files. The list is read from /open-data/index.json without the key, as the public reads it; a
 * release is created with POST /v1/open-data/releases. Creating one is final, so the form asks for a confirmation
 * first (WCAG 3.3.4) and offers only closed months that have no release yet.
 */
import { ApiError, type ReleaseEntry, type ReleaseIndex } from '../api.client.ts';
import { type CalendarPeriod, closedChoices, parseCalendarPeriod } from '../calendar.ts';
import { dataTable } from '../components/data-table.ts';
import { panel } from '../components/panel.ts';
import { calendarPeriodName } from '../format.ts';
import { h, srOnly, uid } from '../html.ts';
import { LOCALES } from '../i18n.ts';
import { OPEN_DATA_TEXTS, type OpenDataTexts } from '../open-data.i18n.ts';
import type { ViewContext } from '../view-context.ts';
import { loadInto, viewHeader } from './view-shell.ts';

const INDEX_JSON = '/open-data/index.json';
const OPEN_DATA_PAGE = '/open-data/';
const RELEASES = '/v1/open-data/releases';
/** Where the confirmation of a new release is shown; the focus goes there after it. */
const STATUS_ID = 'open-data-status';

function monthName(ctx: ViewContext, label: string): string {
  const p = parseCalendarPeriod(label);
  return p ? calendarPeriodName(ctx.t, ctx.f, p) : label;
}

function decimals(ctx: ViewContext, x: number): string {
  return new Intl.NumberFormat(LOCALES[ctx.lang], { maximumFractionDigits: 3 }).format(x);
}

function releaseTable(ctx: ViewContext, o: OpenDataTexts, releases: readonly ReleaseEntry[]): Node {
  if (releases.length === 0) return h('p', { class: 'empty' }, o.none);
  const created = new Intl.DateTimeFormat(LOCALES[ctx.lang], {
    dateStyle: 'long',
    timeZone: 'Europe/Berlin',
  });
  const rows = releases.map((r) => {
    const name = monthName(ctx, r.release);
    const cities = r.cities.named.map((c) => c.name).join(', ');
    const others =
      r.cities.notNamed.count > 0 ? o.notNamed(r.cities.notNamed.count, r.cities.notNamed.aggregated) : '';
    const p = r.disclosure;
    return [
      name,
      created.format(new Date(r.createdAt)),
      [cities, others].filter((x) => x !== '').join('; '),
      o.protection(
        ctx.f.count(p.k),
        decimals(ctx, p.epsilonPerCell),
        decimals(ctx, p.privacyBudget.epsilonPerVisitorDay),
      ),
      h(
        'ul',
        { class: 'release-files' },
        ...r.files.map((file) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: file.url, 'data-release-file': file.name },
              o.files[file.name as keyof OpenDataTexts['files']] ?? file.name,
              srOnly(`, ${name}`),
            ),
          ),
        ),
      ),
    ];
  });
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': ctx.t.tableOf(o.listHeading), tabindex: '0' },
    dataTable({
      t: ctx.t,
      caption: o.listHeading,
      captionHidden: true,
      className: 'release-list',
      columns: [
        { label: o.columns.month },
        { label: o.columns.created },
        { label: o.columns.cities },
        { label: o.columns.protection },
        { label: o.columns.files },
      ],
      rows,
    }),
  );
}

function releaseForm(
  ctx: ViewContext,
  o: OpenDataTexts,
  open: readonly CalendarPeriod[],
  onCreated: (entry: ReleaseEntry) => void,
): Node {
  const params = ctx.session.me.disclosure;
  const intro = h(
    'p',
    { class: 'panel-intro' },
    o.parameters(ctx.f.count(params.k), decimals(ctx, params.epsilonPerCell)),
  );
  if (open.length === 0) return h('div', {}, intro, h('p', { class: 'empty' }, o.allReleased));
  const selectId = uid('release-month');
  const hintId = `${selectId}-hint`;
  const month = h(
    'select',
    { id: selectId, name: 'month', 'aria-describedby': hintId },
    ...open.map((p, i) =>
      h('option', { value: p.label, selected: i === 0 }, calendarPeriodName(ctx.t, ctx.f, p)),
    ),
  );
  const confirmId = uid('release-confirm');
  const errorId = uid('release-error');
  const confirm = h('input', {
    type: 'checkbox',
    id: confirmId,
    name: 'confirm',
    'aria-describedby': errorId,
  });
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, o.submit);
  const form = h(
    'form',
    { class: 'release-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h(
        'span',
        { class: 'label-row' },
        h('label', { for: selectId }, o.monthLabel),
        h('span', { class: 'hint release-hint', id: hintId }, o.monthHint),
      ),
      month,
    ),
    h('div', { class: 'confirm-field' }, confirm, h('label', { for: confirmId }, o.confirm)),
    error,
    submit,
  );
  const fail = (message: string, focus: HTMLElement) => {
    error.textContent = message;
    focus.focus();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!confirm.checked) {
      confirm.setAttribute('aria-invalid', 'true');
      fail(o.confirmMissing, confirm);
      return;
    }
    confirm.removeAttribute('aria-invalid');
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = o.working;
    ctx.session.api
      .post<ReleaseEntry>(RELEASES, { month: month.value })
      .then(onCreated)
      .catch((err: unknown) => {
        if (!(err instanceof ApiError)) console.error(err);
        const message =
          err instanceof ApiError
            ? err.code === 'API_RELEASE_EXISTS'
              ? o.errorExists
              : err.code === 'API_PERIOD_NOT_PUBLISHED'
                ? o.errorNotClosed
                : err.status === 403
                  ? ctx.t.errorForbidden
                  : ctx.t.errorLoad
            : ctx.t.errorNetwork;
        fail(message, month);
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = o.submit;
      });
  });
  return h('div', {}, intro, form);
}

export function openDataView(ctx: ViewContext, root: HTMLElement): void {
  const o = OPEN_DATA_TEXTS[ctx.lang];
  const results = h('div', { class: 'results open-data' });
  const render = (created: ReleaseEntry | null) =>
    loadInto(ctx, results, async () => {
      const index = await ctx.session.api.publicJson<ReleaseIndex>(INDEX_JSON);
      const released = new Set(index.releases.map((r) => r.release));
      const open = closedChoices(ctx.latestClosed(), 'month').filter((p) => !released.has(p.label));
      const status = h(
        'p',
        { id: STATUS_ID, class: 'release-status', tabindex: '-1' },
        created ? o.created(monthName(ctx, created.release)) : '',
      );
      if (created) setTimeout(() => document.getElementById(STATUS_ID)?.focus(), 0);
      return [
        status,
        panel(
          ctx,
          { title: o.newHeading, className: 'release-new' },
          releaseForm(ctx, o, open, (entry) => render(entry)),
        ),
        panel(
          ctx,
          { title: o.listHeading, className: 'release-releases' },
          releaseTable(ctx, o, index.releases),
        ),
      ];
    });
  root.replaceChildren(
    viewHeader(o.title),
    h('p', { class: 'lead' }, o.lead, ' ', h('a', { href: OPEN_DATA_PAGE }, o.publicPage), '.'),
    results,
  );
  render(null);
}
