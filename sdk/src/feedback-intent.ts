/*
 * The moment the EU Single Digital Gateway asks a procedure for feedback besides submission: "when the user
 * leaves without submitting". A page cannot ask while it unloads (no dialogs in `beforeunload`, and none that
 * would hold the citizen back), so the widget watches for the intent instead:
 *
 * - started: the first input into a followed form on this page (what the core reports as `form_start` on a
 *   form's first step; on later steps the form was started on an earlier page);
 * - submitted: a submit from the form's last step (or of a form without steps), as the core's `form_submit`;
 * - leaving: the pointer leaves the page through the top edge of the viewport, towards the tabs, the address
 *   bar and the back button. Only a mouse does that, so touch and keyboard users get a visible button instead.
 */

export interface FormWatch {
  started(): void;
  submitted(): void;
  leaving(): void;
}

/** Calls `on` for the followed forms (`forms`, the core's selector) of the page. */
export const watchForms = (forms: string, on: FormWatch): void => {
  const form = (e: Event) => (e.target as Element).closest?.(forms);
  addEventListener('input', (e) => form(e) && on.started(), true);
  addEventListener(
    'submit',
    (e) => {
      const f = form(e);
      const [step, steps] = (f?.getAttribute('data-godonu-step') || '').split('/');
      // Written as the core writes it: without steps, `+steps` is NaN and the comparison false.
      if (f) +(step as string) < +(steps as string) || on.submitted();
    },
    true,
  );
  document.addEventListener('mouseout', (e) => e.relatedTarget || e.clientY > 0 || on.leaving());
};
