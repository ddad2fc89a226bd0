/*
 * CSV as RFC 4180 with a header row, comma-separated, CRLF line ends, UTF-8 with BOM so spreadsheet programs in
 * German locales read umlauts correctly. Cells that a spreadsheet would evaluate (leading = + - @, tab, CR) are
 * prefixed with an apostrophe: page paths and field names come from the web and must not become formulas.
 * Suppressed and absent values are empty cells, never 0.
 */
export type CsvValue = string | number | boolean | null;

export interface CsvTable {
  columns: readonly string[];
  rows: readonly (readonly CsvValue[])[];
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: CsvValue): string {
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = FORMULA_START.test(v) && !/^-?\d/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(table: CsvTable): string {
  const lines = [table.columns, ...table.rows].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
