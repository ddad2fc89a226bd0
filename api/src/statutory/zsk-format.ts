/*
 * The export for the Zentrale Statistik-Komponente (ZSK) of the IT-Planungsrat: its indicator is the monthly number
 * of transactions — an application, notification or report submitted to an authority — per online service, broken
 * down by region (Kreis / Gemeinde), delivered by API or CSV upload (shared/DOMAIN.md, "The programme and the
 * reports cities owe"). The component's own interface description was not at hand when this was written: the
 * columns below carry the fields the indicator names, under the names of the federal catalogues (LeiKa key, AGS).
 * They are defined here and nowhere else, so the export follows the published format by changing this module.
 *
 * What counts as a transaction: a `form_confirm` event — the city's confirmation page after the authority accepted
 * the submission — stored once (the processor drops a repeated event id within a visit). A `form_submit` without
 * a confirmation is not one: the authority may have refused it.
 */
export const ZSK_COLUMNS = [
  'leikaKey',
  'serviceName',
  'ags',
  'municipality',
  'month',
  'transactions',
  'status',
] as const;
export type ZskColumn = (typeof ZSK_COLUMNS)[number];

export const ZSK_STATUSES = ['exact', 'published', 'below_k'] as const;
export type ZskStatus = (typeof ZSK_STATUSES)[number];

export interface ZskRow {
  leikaKey: string;
  serviceName: string;
  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  ags: string;
  municipality: string;
  /** `YYYY-MM` */
  month: string;
  /** null where the number may not be shown (`below_k`). */
  transactions: number | null;
  /**
   * `exact`: form confirmations as stored (the city itself, admins). `published`: for the consortium, the month's
   * completions (visitor-days that reached a confirmation: a person's repeated submissions of one service on one day
   * count once, which bounds what one person adds) as the disclosure layer publishes them — the same cell the
   * comparison shows. `below_k`: not shown.
   */
  status: ZskStatus;
}

export function zskCsvRows(rows: readonly ZskRow[]): (string | number | null)[][] {
  return rows.map((r) => ZSK_COLUMNS.map((c) => r[c]));
}
