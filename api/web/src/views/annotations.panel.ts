/*
 * A city's annotations in a view: the numbered markers on its time series, the list beneath each chart, and the
 * panel "Anmerkungen" of the city view where the city's own team writes, edits and deletes them (everyone else reads
 * the list). One `ViewAnnotations` per view holds what the api answered for the view's period; after a change it
 * asks again and redraws every part that shows them, so the markers always match the list.
 */
import type { Annotation, AnnotationList } from '../../../src/annotations/annotation.schema.ts';
import {
  characters,
  MAX_TEXT_CHARACTERS,
  storedText,
  TEXT_PATTERN,
  wellFormed,
} from '../../../src/annotations/annotation-text.ts';
import { ANNOTATION_TEXTS, type AnnotationTexts } from '../annotations.i18n.ts';
import { ApiError } from '../api.client.ts';
import { chosenPeriod, reportDay } from '../calendar.ts';
import type { ChartMarker } from '../charts/line.chart.ts';
import { panel } from '../components/panel.ts';
import { fromDateField, toDateField } from '../date-input.ts';
import { h, uid } from '../html.ts';
import { serviceName, type ViewContext } from '../view-context.ts';

/** What a view shows: one city, a service's annotations with the whole portal's (or all), over its period. */
export interface AnnotationScope {
  city: string;
  service: string | null;
  /** Empty: the api's default, the 30 days up to today, as for the reports. */
  from: string;
  to: string;
}

const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

/**
 * The bucket of a series an annotation's day falls in: the bucket that starts on or before it (a day, a week's
 * Monday, a month's first day), or for hourly series the first hour of that day in Berlin. Null outside the series.
 */
export function bucketIndex(buckets: readonly string[], interval: string, day: string): number | null {
  if (interval === 'hour') {
    const at = buckets.findIndex((b) => reportDay(new Date(b)) === day);
    return at < 0 ? null : at;
  }
  let at: number | null = null;
  for (const [i, b] of buckets.entries()) if (b <= day) at = i;
  return at;
}

export class ViewAnnotations {
  list: Annotation[] = [];
  failed = false;
  /** The period the api answered for (its default filled in). */
  period: { from: string; to: string } | null = null;
  readonly #listeners: (() => void)[] = [];

  constructor(
    readonly ctx: ViewContext,
    readonly scope: AnnotationScope,
  ) {}

  get path(): string {
    return `/v1/cities/${this.scope.city}/annotations`;
  }

  get a(): AnnotationTexts {
    return ANNOTATION_TEXTS[this.ctx.lang];
  }

  /** Only a key of the city itself writes its annotations (admins and the consortium read). */
  get writable(): boolean {
    const me = this.ctx.session.me;
    return me.role === 'city' && me.city === this.scope.city;
  }

  /** Never fails: without annotations the view's numbers are still worth showing. */
  async load(): Promise<this> {
    try {
      const answer = await this.ctx.session.api.json<AnnotationList>(this.path, {
        from: this.scope.from,
        to: this.scope.to,
        service: this.scope.service ?? undefined,
      });
      this.list = answer.annotations;
      this.period = answer.period;
      this.failed = false;
    } catch (err) {
      if (!(err instanceof ApiError)) console.error(err);
      this.list = [];
      this.failed = true;
    }
    for (const fn of this.#listeners) fn();
    return this;
  }

  onChange(fn: () => void): void {
    this.#listeners.push(fn);
  }

  scopeName(a: Annotation): string {
    if (a.service === null) return this.a.wholePortal;
    const service = this.ctx.session.services.find((s) => s.key === a.service);
    return service ? serviceName(this.ctx.lang, service) : a.service;
  }

  /** "3. März 2025 – Wohnsitz anmelden: Formular überarbeitet". */
  describe(a: Annotation): string {
    return this.a.noteTitle(this.ctx.f.day(a.day), this.scopeName(a), a.text);
  }

  /** The chart's markers: one per bucket with notes, labelled with their numbers in the list. */
  markers(buckets: readonly string[], interval: string): ChartMarker[] {
    const at = new Map<number, number[]>();
    this.list.forEach((a, i) => {
      const index = bucketIndex(buckets, interval, a.day);
      if (index !== null) at.set(index, [...(at.get(index) ?? []), i]);
    });
    return [...at].map(([index, notes]) => ({
      index,
      label: notes.map((i) => String(i + 1)).join(', '),
      title: notes.map((i) => this.describe(this.list[i] as Annotation)).join('\n'),
    }));
  }

  /** The list beneath a chart, numbered as its markers; nothing when the period has no annotation. */
  chartList(): HTMLElement {
    const host = h('div', { class: 'annotation-notes' });
    const render = () => {
      if (this.failed) host.replaceChildren(h('p', { class: 'note' }, this.a.loadFailed));
      else if (this.list.length === 0) host.replaceChildren();
      else
        host.replaceChildren(
          h('h3', {}, this.a.chartListHeading),
          h(
            'ol',
            { class: 'annotation-notes-list' },
            ...this.list.map((a, i) =>
              h(
                'li',
                { class: 'annotation-note', 'data-annotation': a.id },
                h('span', { class: 'note-number' }, String(i + 1)),
                ' ',
                h('span', {}, this.describe(a)),
              ),
            ),
          ),
        );
    };
    this.onChange(render);
    render();
    return host;
  }

  /** The panel "Anmerkungen": the period's list, with the form and the item actions for the city's team. */
  panel(): HTMLElement {
    const a = this.a;
    const status = h('p', { class: 'annotation-status', role: 'status', tabindex: '-1' });
    const list = h('div', { class: 'annotation-list-host' });
    const form = this.writable ? new AnnotationForm(this, status) : null;
    const renderList = () => list.replaceChildren(this.#manageList(status, form));
    this.onChange(renderList);
    renderList();
    const period = this.period ?? this.scope;
    return panel(
      this.ctx,
      {
        title: a.heading,
        className: 'annotations-panel',
        intro: this.writable
          ? a.introWriter
          : this.ctx.session.me.role === 'admin'
            ? a.introAdmin
            : a.introReader,
        csv: [{ label: a.csvLabel, path: this.path, query: { from: period.from, to: period.to } }],
      },
      status,
      list,
      ...(form ? [form.element] : []),
    );
  }

  #manageList(status: HTMLElement, form: AnnotationForm | null): Node {
    const a = this.a;
    if (this.failed) return h('p', { class: 'note' }, a.loadFailed);
    if (this.list.length === 0) return h('p', { class: 'empty' }, a.none);
    return h(
      'ol',
      { class: 'annotation-list' },
      ...this.list.map((note, i) => {
        const item = h(
          'li',
          { class: 'annotation-item', 'data-annotation': note.id },
          h(
            'p',
            { class: 'annotation-head' },
            // Spaces between the parts, which the flex layout spaces out: screen readers read them apart.
            h('span', { class: 'note-number' }, String(i + 1)),
            ' ',
            h('span', { class: 'annotation-day' }, this.ctx.f.day(note.day)),
            ' ',
            h('span', { class: 'annotation-scope' }, this.scopeName(note)),
            ' ',
            h('span', { class: 'annotation-sharing' }, note.shared ? a.shared : a.notShared),
          ),
          h('p', { class: 'annotation-text' }, note.text),
        );
        if (form) item.append(this.#actions(note, status, form));
        return item;
      }),
    );
  }

  /** Edit and delete; deleting asks first (WCAG 3.3.4), in place, without a dialog. */
  #actions(note: Annotation, status: HTMLElement, form: AnnotationForm): HTMLElement {
    const a = this.a;
    const what = `${this.ctx.f.day(note.day)}, ${note.text}`;
    const actions = h('div', { class: 'annotation-actions' });
    const edit = h(
      'button',
      { type: 'button', class: 'button button-quiet button-small', 'data-edit': note.id },
      a.edit,
    );
    edit.setAttribute('aria-label', a.editOf(what));
    edit.addEventListener('click', () => form.edit(note));
    const remove = h(
      'button',
      { type: 'button', class: 'button button-quiet button-small', 'data-remove': note.id },
      a.remove,
    );
    remove.setAttribute('aria-label', a.removeOf(what));
    const idle = () => actions.replaceChildren(edit, remove);
    remove.addEventListener('click', () => {
      const question = h('p', { class: 'annotation-confirm', tabindex: '-1' }, a.confirmRemove(what));
      const yes = h(
        'button',
        { type: 'button', class: 'button button-small', 'data-confirm-remove': note.id },
        a.confirmYes,
      );
      const no = h('button', { type: 'button', class: 'button button-quiet button-small' }, a.cancel);
      no.addEventListener('click', () => {
        idle();
        remove.focus();
      });
      yes.addEventListener('click', () => {
        // The focus stays here until the status takes it; a disabled button would drop it.
        if (yes.getAttribute('aria-disabled') === 'true') return;
        yes.setAttribute('aria-disabled', 'true');
        status.textContent = '';
        this.ctx.session.api
          .delete(`${this.path}/${note.id}`)
          .then(
            () => a.removed,
            (err: unknown) => (err instanceof ApiError && err.status === 404 ? a.errorGone : a.errorSave),
          )
          .then(async (message) => {
            if (form.editing === note.id) form.reset();
            await this.load();
            status.textContent = message;
            status.focus();
          });
      });
      actions.replaceChildren(question, yes, no);
      question.focus();
    });
    idle();
    return actions;
  }
}

/** The form of the city's team: a new annotation, or the one being edited. */
class AnnotationForm {
  readonly element: HTMLFormElement;
  editing: string | null = null;
  #saving = false;
  readonly #notes: ViewAnnotations;
  readonly #status: HTMLElement;
  readonly #heading: HTMLElement;
  readonly #day: HTMLInputElement;
  readonly #service: HTMLSelectElement;
  readonly #text: HTMLInputElement;
  readonly #shared: HTMLInputElement;
  readonly #error: HTMLElement;
  readonly #submit: HTMLButtonElement;
  readonly #cancel: HTMLButtonElement;

  constructor(notes: ViewAnnotations, status: HTMLElement) {
    this.#notes = notes;
    this.#status = status;
    const { ctx, a } = notes;
    const ids = {
      day: uid('note-day'),
      service: uid('note-service'),
      text: uid('note-text'),
      shared: uid('note-shared'),
    };
    const hint = (id: string) => `${id}-hint`;
    const errorId = uid('note-error');
    this.#heading = h('h3', { id: uid('note-form') }, a.newHeading);
    this.#day = h('input', {
      id: ids.day,
      name: 'day',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      class: 'date-field',
      'aria-describedby': `${hint(ids.day)} ${errorId}`,
      value: toDateField(reportDay(new Date()), ctx.lang),
    });
    this.#service = h(
      'select',
      { id: ids.service, name: 'service' },
      h('option', { value: '' }, a.wholePortal),
      ...ctx.session.services.map((s) => h('option', { value: s.key }, serviceName(ctx.lang, s))),
    );
    this.#text = h('input', {
      id: ids.text,
      name: 'text',
      type: 'text',
      autocomplete: 'off',
      class: 'annotation-text-input',
      'aria-describedby': `${hint(ids.text)} ${errorId}`,
    });
    this.#shared = h('input', {
      id: ids.shared,
      name: 'shared',
      type: 'checkbox',
      'aria-describedby': hint(ids.shared),
    });
    this.#error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
    this.#submit = h('button', { type: 'submit', class: 'button button-primary' }, a.save);
    this.#cancel = h('button', { type: 'button', class: 'button button-quiet', hidden: true }, a.cancel);
    this.#cancel.addEventListener('click', () => {
      const id = this.editing;
      this.reset();
      focusEdit(id);
    });
    const field = (id: string, label: string, control: HTMLElement, hintText: string | null) =>
      h(
        'div',
        { class: 'field' },
        h(
          'span',
          { class: 'label-row' },
          h('label', { for: id }, label),
          hintText ? h('span', { class: 'hint note-hint', id: hint(id) }, ` ${hintText}`) : null,
        ),
        control,
      );
    this.element = h(
      'form',
      { class: 'annotation-form', novalidate: true, 'aria-labelledby': this.#heading.id },
      this.#heading,
      h(
        'div',
        { class: 'annotation-fields' },
        field(ids.day, a.day, this.#day, a.dayHint),
        field(ids.service, a.service, this.#service, null),
      ),
      field(ids.text, a.text, this.#text, a.textHint(MAX_TEXT_CHARACTERS)),
      h(
        'div',
        { class: 'confirm-field' },
        this.#shared,
        h(
          'label',
          { for: ids.shared },
          a.share,
          h('span', { class: 'hint note-hint', id: hint(ids.shared) }, ` ${a.shareHint}`),
        ),
      ),
      this.#error,
      h('div', { class: 'annotation-form-buttons' }, this.#submit, this.#cancel),
    );
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.#save();
    });
  }

  /** Fills the form with an annotation and moves there. */
  edit(note: Annotation): void {
    const { ctx, a } = this.#notes;
    this.editing = note.id;
    this.#heading.textContent = a.editHeading;
    this.#submit.textContent = a.saveEdit;
    this.#cancel.hidden = false;
    this.#day.value = toDateField(note.day, ctx.lang);
    this.#service.value = note.service ?? '';
    this.#text.value = note.text;
    this.#shared.checked = note.shared;
    this.#clearError();
    this.#status.textContent = '';
    this.#day.focus();
  }

  /** Back to a new annotation; the day and service stay for the next one. */
  reset(): void {
    const a = this.#notes.a;
    this.editing = null;
    this.#heading.textContent = a.newHeading;
    this.#submit.textContent = a.save;
    this.#cancel.hidden = true;
    this.#text.value = '';
    this.#shared.checked = false;
    this.#clearError();
  }

  #clearError(): void {
    this.#error.textContent = '';
    for (const el of [this.#day, this.#text]) el.removeAttribute('aria-invalid');
  }

  #fail(message: string, field: HTMLInputElement | null): void {
    this.#error.textContent = message;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  /** The body as the api takes it, or null after saying what is wrong. */
  #body(): { day: string; service: string | null; text: string; shared: boolean } | null {
    const a = this.#notes.a;
    this.#clearError();
    const day = fromDateField(this.#day.value);
    const year = day === null ? 0 : Number(day.slice(0, 4));
    if (day === null || year < FIRST_YEAR || year > LAST_YEAR) {
      this.#fail(a.errorDay, this.#day);
      return null;
    }
    const text = this.#text.value;
    if (storedText(text) === '') {
      this.#fail(a.errorText, this.#text);
      return null;
    }
    if (!TEXT_PATTERN.test(text) || !wellFormed(text)) {
      this.#fail(a.errorTextCharacters, this.#text);
      return null;
    }
    if (characters(text) > MAX_TEXT_CHARACTERS) {
      this.#fail(a.errorTextLong(MAX_TEXT_CHARACTERS), this.#text);
      return null;
    }
    return { day, service: this.#service.value || null, text, shared: this.#shared.checked };
  }

  async #save(): Promise<void> {
    const notes = this.#notes;
    const { ctx, a } = notes;
    if (this.#saving) return;
    const body = this.#body();
    if (!body) return;
    const editing = this.editing;
    this.#status.textContent = '';
    // Not `disabled`: a disabled button loses the focus, and the keyboard user their place in the form.
    this.#saving = true;
    this.#submit.setAttribute('aria-disabled', 'true');
    try {
      const saved = editing
        ? await ctx.session.api.put<Annotation>(`${notes.path}/${editing}`, body)
        : await ctx.session.api.post<Annotation>(notes.path, body);
      this.reset();
      await notes.load();
      this.#status.textContent = editing ? a.updated : a.created;
      // After an edit the focus returns to the annotation's own button; after a new one it stays in the form.
      if (editing) focusEdit(saved.id);
    } catch (err) {
      if (!(err instanceof ApiError)) console.error(err);
      if (err instanceof ApiError && err.status === 404 && editing) {
        this.reset();
        await notes.load();
        this.#status.textContent = a.errorGone;
        this.#status.focus();
      } else this.#fail(a.errorSave, null);
    } finally {
      this.#saving = false;
      this.#submit.removeAttribute('aria-disabled');
    }
  }
}

/** The edit button of an annotation in the panel's list, if it is there. */
function focusEdit(id: string | null): void {
  if (id === null) return;
  document.querySelector<HTMLButtonElement>(`.annotations-panel [data-edit="${id}"]`)?.focus();
}

/** The view's annotations, loaded; failures leave the list empty and say so where it is shown. */
export function loadAnnotations(ctx: ViewContext, scope: AnnotationScope): Promise<ViewAnnotations> {
  return new ViewAnnotations(ctx, scope).load();
}

/**
 * The scope of a view: its own range where the key reads the city exactly (empty: the api's default), else the
 * calendar period the view's numbers are published for.
 */
export function viewScope(
  ctx: ViewContext,
  city: string,
  service: string | null,
  exact: boolean,
): AnnotationScope {
  if (exact) return { city, service, from: ctx.selection.from, to: ctx.selection.to };
  const p = chosenPeriod(ctx.selection.calendar, ctx.latestClosed());
  return { city, service, from: p.from, to: p.to };
}
