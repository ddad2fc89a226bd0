/*
 * The transmissions of a city's SDG datasets to the Commission's API (`sdg send`): the month's latest one beside each
 * dataset, and the whole history with each result in words, never by colour alone.
 */
import type { SdgTransmission } from '../api.client.ts';
import { dataTable } from '../components/data-table.ts';
import { panel } from '../components/panel.ts';
import { h } from '../html.ts';
import type { ReportsTexts } from '../reports.i18n.ts';
import { codeText, commandText, type ReportScope, scrollRegion } from './report-parts.ts';

/** The result of a transmission in words, with a sign beside it: never by colour alone. */
export function statusBadge(r: ReportsTexts, status: SdgTransmission['status']): HTMLElement {
  const sign = { accepted: '✓', alert: '!', failed: '✕' }[status];
  return h(
    'span',
    { class: `send-status send-status-${status}`, 'data-send-status': status },
    h('span', { class: 'send-status-sign', 'aria-hidden': 'true' }, sign),
    r.statuses[status],
  );
}

/** The month's latest transmission of one dataset, and the identifier the Commission's API issued for it. */
export function sentNote(s: ReportScope, dataset: SdgTransmission['dataset']): HTMLElement {
  const { ctx, r } = s;
  const ofMonth = s.transmissions.filter((x) => x.month === s.month && x.dataset === dataset);
  const last = ofMonth[0];
  const id = ofMonth.find((x) => x.uniqueId !== '')?.uniqueId;
  const note = h('p', { class: 'sent-note', 'data-sent': dataset });
  if (last)
    note.append(
      r.sentLast(ctx.f.dateTime(last.attemptedAt), last.correction),
      ' ',
      statusBadge(r, last.status),
      '.',
    );
  else note.append(r.sentNever);
  if (id) note.append(' ', r.uniqueId, ' ', codeText(id, 'identifier'));
  return note;
}

/** The API's answer: its status, and for a refusal or a failure what it said (a confirmation says nothing more). */
function answerText(r: ReportsTexts, x: SdgTransmission): string {
  const head = x.httpStatus === 0 ? r.noAnswer : `HTTP ${x.httpStatus}`;
  return x.status === 'accepted' || x.message === '' ? head : `${head}: ${x.message}`;
}

export function transmissionsPanel(s: ReportScope): HTMLElement {
  const { ctx, r } = s;
  const { t, f } = ctx;
  const c = r.columns;
  const table = dataTable({
    t,
    caption: r.transmissionsTable,
    captionHidden: true,
    className: 'sdg-transmissions',
    columns: [
      { label: c.month },
      { label: c.dataset },
      { label: c.attemptedAt },
      { label: c.kind },
      { label: c.status },
      { label: c.entries, numeric: true },
      { label: c.uniqueId },
      { label: c.answer },
      { label: c.actor },
    ],
    rows: s.transmissions.map((x) => [
      f.bucket(`${x.month}-01`, 'month'),
      r.datasets[x.dataset],
      h('span', { class: 'nowrap' }, f.dateTime(x.attemptedAt)),
      x.correction ? r.kinds.correction : r.kinds.first,
      statusBadge(r, x.status),
      f.count(x.entries),
      x.uniqueId === '' ? '–' : codeText(x.uniqueId, 'identifier'),
      h('span', { class: 'send-answer' }, answerText(r, x)),
      x.actor,
    ]),
  });
  return panel(
    ctx,
    {
      title: r.transmissionsHeading,
      className: 'sdg-transmissions-panel',
      intro: r.transmissionsIntro,
      csv: [{ label: r.transmissionsFile, path: `/v1/cities/${s.city}/sdg/transmissions`, query: {} }],
    },
    h(
      'div',
      { class: 'report-hint' },
      h('p', {}, r.sendHint),
      h('p', {}, commandText(r.sendCommand(s.city, s.month))),
    ),
    s.transmissions.length === 0
      ? h('p', { class: 'empty' }, r.noTransmissions)
      : scrollRegion(ctx, r.transmissionsTable, table),
  );
}
