import type { FeedbackContext, FoundAnswer, Rating } from './types.ts';

/*
 * The feedback form of the EU Single Digital Gateway (Implementing Regulation (EU) 2020/1121, Art. 6 and
 * Annex I), in German, without its free-text field: an optional "found what you were looking for?" and a
 * required 1–5 star rating, sent once.
 *
 * It lives in a shadow root: the page's font and colour are inherited, the page's other rules (a portal's
 * `input { width: 100% }`) do not reach it. Its rules are a constructed stylesheet and its elements are built
 * one by one, so neither a style-src without 'unsafe-inline' nor Trusted Types refuse anything.
 */

/**
 * Minimal rules: the page's font and colour, visible focus, 44 px high buttons, one column at 320 px.
 * A floating panel (the offer when a started form is being left) needs its own background; a city may set
 * `--godonu-feedback-background`, `--godonu-feedback-color` and `--godonu-feedback-accent` on the container.
 */
const STYLE = `
:host{display:block}
[hidden]{display:none!important}
.p{box-sizing:border-box;max-width:32rem;margin:1em 0;padding:1em;border:1px solid;border-radius:.5em}
.p.f{position:fixed;z-index:2147483647;right:1em;bottom:1em;width:calc(100% - 2em);margin:0;
max-height:calc(100% - 2em);overflow:auto;background:var(--godonu-feedback-background,#fff);
color:var(--godonu-feedback-color,#1b1b1b);box-shadow:0 .25em 1em #0006}
.t{margin:0 0 .25em;font-weight:bold}
.n{margin:0 0 1em}
fieldset{min-width:0;margin:0 0 1em;padding:0;border:0}
legend{padding:0;margin-bottom:.25em;font-weight:bold}
label{display:flex;align-items:center;gap:.5em;padding:.25em 0;cursor:pointer}
.y label{display:inline-flex;margin-right:1.5em}
input{flex:none;width:1.25em;height:1.25em;margin:0;accent-color:var(--godonu-feedback-accent,currentColor)}
.s{letter-spacing:.1em}
.e{margin:.5em 0 0;padding-left:.5em;border-left:4px solid;font-weight:bold}
.e:empty{display:none}
button{min-height:2.75em;padding:.5em 1em;border:2px solid;border-radius:.25em;background:none;color:inherit;
font:inherit;cursor:pointer}
.x{float:right;margin:0 0 .5em .5em}
:focus-visible{outline:3px solid;outline-offset:2px}
`;

const FOUND: [FoundAnswer, string][] = [
  ['yes', 'Ja'],
  ['no', 'Nein'],
  ['partly', 'Teilweise'],
];

/** Text of each star, which names it for screen readers (the stars themselves are hidden from them). */
const STARS = [
  '1 Stern – sehr schlecht',
  '2 Sterne – schlecht',
  '3 Sterne – mittel',
  '4 Sterne – gut',
  '5 Sterne – sehr gut',
];

let sheet: CSSStyleSheet | undefined;

type Attributes = Record<string, string>;

/** An element with attributes and children; `hidden` and friends are attributes too (`''`). */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  for (const name in attributes) e.setAttribute(name, attributes[name] as string);
  e.append(...children);
  return e;
};

const radio = (name: string, value: string, label: (Node | string)[], extra: Attributes = {}) =>
  h('label', {}, h('input', { type: 'radio', name, value, ...extra }), ...label);

export interface FeedbackForm {
  /** The panel: title, form, thanks and (for `abandoned`) a close button. */
  panel: HTMLElement;
  /** "Schließen", shown while the panel floats. */
  close: HTMLButtonElement;
}

/**
 * Renders the form for `context` into `root` and calls `send` once, with the citizen's answers, when the form
 * is submitted with a star rating; until then "Absenden" says that the rating is missing.
 */
export const renderForm = (
  root: ShadowRoot,
  context: FeedbackContext,
  send: (rating: Rating) => void,
): FeedbackForm => {
  if (!sheet && 'adoptedStyleSheets' in root) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  if (sheet) root.adoptedStyleSheets = [sheet];

  const page = context === 'page';
  const error = h('p', { id: 'e', class: 'e' });
  const stars = STARS.map((text, i) => {
    const glyphs = h('span', { class: 's', 'aria-hidden': 'true' }, '★★★★★☆☆☆☆'.slice(4 - i, 9 - i));
    // One text with the glyphs, so that a narrow column wraps it under them rather than beside them.
    return radio('score', `${i + 1}`, [h('span', {}, glyphs, ' ', text)], { required: '' });
  });
  const submit = h('button', { type: 'submit' }, 'Absenden');
  const form = h(
    'form',
    { novalidate: '' },
    // Whether the citizen found what was looked for says nothing once a procedure was completed.
    context === 'submitted'
      ? ''
      : h(
          'fieldset',
          { class: 'y' },
          h('legend', {}, 'Haben Sie gefunden, was Sie gesucht haben?'),
          ...FOUND.map(([value, text]) => radio('found', value, [text])),
        ),
    h(
      'fieldset',
      { 'aria-describedby': 'e' },
      h('legend', {}, page ? 'Wie bewerten Sie diese Seite?' : 'Wie bewerten Sie diesen Online-Dienst?'),
      ...stars,
      error,
    ),
    submit,
  );
  const thanks = h('p', { role: 'status', tabindex: '-1', class: 't' });
  const close = h('button', { type: 'button', class: 'x', hidden: '' }, 'Schließen');
  const panel = h(
    'section',
    { class: 'p', 'aria-labelledby': 'h' },
    close,
    h('p', { id: 'h', class: 't' }, `Ihre Meinung zu ${page ? 'dieser Seite' : 'diesem Online-Dienst'}`),
    h('p', { class: 'n' }, 'Anonym: Ihre Antworten enthalten keine persönlichen Daten.'),
    form,
    thanks,
  );
  root.append(panel);

  const value = (name: string) => (form.elements.namedItem(name) as RadioNodeList | null)?.value;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const score = +(value('score') as string);
    if (!score) {
      error.textContent = 'Bitte wählen Sie 1 bis 5 Sterne.';
      stars[0]?.querySelector('input')?.focus();
      return;
    }
    form.remove();
    thanks.textContent = 'Vielen Dank für Ihre Rückmeldung!';
    thanks.focus();
    send({ score, found: (value('found') as FoundAnswer) || undefined, context });
  });
  return { panel, close };
};
