/**
 * Event kinds by their number in the contract's compact vocabulary (`COMPACT_KINDS`; `kinds.test.ts` proves the
 * two agree). An enum because esbuild inlines its members as numbers: the bundle carries no kind names.
 */
export enum Kind {
  pageview,
  service_view,
  form_start,
  form_step,
  form_error,
  form_submit,
  form_confirm,
  outbound,
  download,
  engagement,
  custom,
  rating,
}
