import { h, renderForm } from './feedback-form.ts';
import { watchForms } from './feedback-intent.ts';
import { optedOut } from './opt-out.ts';
import type { FeedbackContext, Rating } from './types.ts';

/*
 * Entry of `dist/feedback.js`, the optional feedback widget a gateway page includes after the script tag. It
 * renders into every `[data-godonu-feedback]` container (also those a single-page app adds later):
 *
 * - `page`: an information page; `submitted`: a procedure's confirmation page; both show the form at once;
 * - `abandoned`: a form page; once the citizen has started the form, a "Feedback geben" button appears, and
 *   the first time the pointer leaves the page through its top (see `feedback-intent.ts`) the form floats in
 *   once, without blocking anything, until the citizen answers or closes it.
 *
 * Answers travel through the core's `godonu('track', 'rating', …)`, so they wait for consent and leave the page
 * as every other event does. Under Global Privacy Control or Do Not Track the core never sends, so the widget
 * shows nothing rather than thank the citizen for an answer that stays on the page.
 */

type Call = unknown[];
type Global = ((...call: Call) => void) & { q?: Call[] };

const w = window as unknown as { godonu?: Global };

/** The core's stub (see README): should the widget run first, the core replays what it queued. */
const stub: Global = Object.assign((...call: Call) => stub.q?.push(call), { q: [] as Call[] });

const send = (rating: Rating): void => {
  w.godonu ||= stub;
  w.godonu('track', 'rating', rating);
};

/** The followed forms: the script tag's `data-forms`, else the core's default. */
const forms = (): string =>
  document.querySelector<HTMLScriptElement>('script[data-forms]')?.dataset.forms || '[data-godonu-form]';

/** The offer on a form page: a button once the form was started, and a floating panel once when leaving. */
const offerOnLeaving = (root: ShadowRoot, panel: HTMLElement, close: HTMLButtonElement): (() => void) => {
  let started = false;
  let offered = false;
  let answered = false;
  const button = h('button', { type: 'button', 'aria-controls': 'p', hidden: '' }, 'Feedback geben');
  const show = (floating: boolean) => {
    panel.hidden = false;
    panel.classList.toggle('f', floating);
    close.hidden = !floating;
    button.hidden = floating;
    button.setAttribute('aria-expanded', 'true');
  };
  const hide = () => {
    panel.hidden = true;
    panel.classList.remove('f');
    close.hidden = true;
    button.hidden = answered || !started;
    button.setAttribute('aria-expanded', 'false');
  };
  panel.id = 'p';
  root.prepend(button);
  hide();
  button.addEventListener('click', () => (panel.hidden ? show(false) : hide()));
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', (e) => e.key === 'Escape' && panel.classList.contains('f') && hide());
  watchForms(forms(), {
    started() {
      started = true;
      if (panel.hidden) hide();
    },
    submitted() {
      started = false;
      if (panel.hidden) hide();
    },
    leaving() {
      if (started && !offered && !answered && panel.hidden) {
        offered = true;
        show(true);
      }
    },
  });
  return () => {
    answered = true;
    button.hidden = true;
  };
};

const setUp = (container: HTMLElement): void => {
  // A container that has a shadow root already got its widget (from this copy of the script or another).
  if (container.shadowRoot) return;
  const value = container.getAttribute('data-godonu-feedback');
  const context: FeedbackContext = value === 'submitted' || value === 'abandoned' ? value : 'page';
  const root = container.attachShadow({ mode: 'open' });
  let answered: (() => void) | undefined;
  const { panel, close } = renderForm(root, context, (rating) => {
    answered?.();
    send(rating);
  });
  if (context === 'abandoned') answered = offerOnLeaving(root, panel, close);
};

const scan = (): void => {
  for (const container of document.querySelectorAll<HTMLElement>('[data-godonu-feedback]')) {
    try {
      setUp(container);
    } catch {
      // An element that cannot host a shadow root gets no widget; nothing reaches the page.
    }
  }
};

if (!optedOut) {
  scan();
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
}
