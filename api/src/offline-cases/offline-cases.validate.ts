/*
 * What the fields of an offline-cases file must hold, checked line by line against the city and the service catalog
 * before anything is written: every problem of the file is reported with its line, and a file with any problem
 * changes nothing.
 *
 * - month: `2025-03` or `03.2025` (how German spreadsheets show a month), a month that is over (ended before today,
 *   Europe/Berlin) and not before 2000;
 * - service: a 14-digit LeiKa key of the service catalog (sites configuration);
 * - counter, post, phone, email, other: whole numbers of cases, 0 where there were none (an empty cell is refused:
 *   "no number" and "no cases" must not look alike, as a missing channel would inflate digital take-up);
 * - a line whose cases add up to more than the city's inhabitants in one month is refused as a typing error;
 * - each month and service once per file.
 */
import {
  CHANNELS,
  type Channel,
  type CsvIssue,
  type CsvRecord,
  echo,
  readOfflineCasesCsv,
} from './offline-cases.csv.ts';

export interface OfflineCaseLine {
  /** `YYYY-MM`. */
  month: string;
  service: string;
  cases: Record<Channel, number>;
}

export interface ValidationContext {
  /** The city's inhabitants (sites configuration): no service has more cases than that in one month. */
  inhabitants: number;
  /** LeiKa keys of the service catalog. */
  catalog: ReadonlySet<string>;
  /** Today in Europe/Berlin, `YYYY-MM-DD`: months up to the one before are over. */
  today: string;
}

export type Validated = { ok: true; lines: OfflineCaseLine[] } | { ok: false; issues: CsvIssue[] };

const FIRST_MONTH = '2000-01';
const ISO_MONTH = /^(\d{4})-(\d{1,2})$/;
const GERMAN_MONTH = /^(\d{1,2})[./](\d{4})$/;
const LEIKA = /^\d{14}$/;
/** What a spreadsheet makes of a 14-digit number it did not keep as text: 9,9115E+13. */
const SCIENTIFIC = /^\d([.,]\d+)?e\+?\d+$/i;
const THOUSANDS = /^\d{1,3}([. ']\d{3})+$/;

function parseMonth(text: string): string | null {
  const iso = ISO_MONTH.exec(text);
  const german = GERMAN_MONTH.exec(text);
  const [year, month] = iso ? [iso[1], iso[2]] : german ? [german[2], german[1]] : [null, null];
  if (year === null || month === null) return null;
  const m = Number(month);
  return m >= 1 && m <= 12 ? `${year}-${String(m).padStart(2, '0')}` : null;
}

function monthIssue(text: string, today: string): { month: string | null; message: string | null } {
  const month = parseMonth(text);
  if (month === null) return { month, message: `month ${echo(text)} must be a month as 2025-03 or 03.2025` };
  const current = today.slice(0, 7);
  if (month < FIRST_MONTH) return { month, message: `month ${month} is before ${FIRST_MONTH}` };
  if (month > current) return { month, message: `month ${month} is in the future` };
  if (month === current)
    return { month, message: `month ${month} is not over yet: import a month once it has ended` };
  return { month, message: null };
}

function serviceIssue(text: string, catalog: ReadonlySet<string>): string | null {
  if (SCIENTIFIC.test(text))
    return `service ${echo(text)} is a number in scientific notation: format the column as text so the 14-digit LeiKa key stays whole`;
  if (!LEIKA.test(text)) return `service ${echo(text)} must be a 14-digit LeiKa key`;
  if (!catalog.has(text)) return `service ${text} is not in the service catalog`;
  return null;
}

function countIssue(column: Channel, text: string): { value: number | null; message: string | null } {
  if (/^\d+$/.test(text)) return { value: Number(text), message: null };
  if (text === '') return { value: null, message: `${column} is empty: write 0 when there were no cases` };
  if (/^-\s*\d/.test(text)) return { value: null, message: `${column} ${echo(text)} must not be negative` };
  if (THOUSANDS.test(text))
    return { value: null, message: `${column} ${echo(text)} must be written without thousands separators` };
  return { value: null, message: `${column} ${echo(text)} must be a whole number of cases` };
}

export function validateOfflineCases(records: readonly CsvRecord[], ctx: ValidationContext): Validated {
  const issues: CsvIssue[] = [];
  const lines: OfflineCaseLine[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const before = issues.length;
    const { month, message: badMonth } = monthIssue(fields.month, ctx.today);
    if (badMonth) issues.push({ line, column: 'month', message: badMonth });
    const badService = serviceIssue(fields.service, ctx.catalog);
    if (badService) issues.push({ line, column: 'service', message: badService });
    const cases = {} as Record<Channel, number>;
    for (const channel of CHANNELS) {
      const { value, message } = countIssue(channel, fields[channel]);
      if (message) issues.push({ line, column: channel, message });
      cases[channel] = value ?? 0;
    }
    const total = CHANNELS.reduce((sum, c) => sum + cases[c], 0);
    if (issues.length === before && total > ctx.inhabitants)
      issues.push({
        line,
        column: null,
        message: `${total} cases in one month are more than the city's ${ctx.inhabitants} inhabitants: check the numbers`,
      });
    if (month !== null && !badService) {
      const key = `${month}|${fields.service}`;
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({
          line,
          column: null,
          message: `repeats line ${first}: month ${month} and service ${fields.service} once per file`,
        });
      else seen.set(key, line);
    }
    if (issues.length === before && month !== null) lines.push({ month, service: fields.service, cases });
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, lines };
}

/** The file as read and checked: its lines, or every problem found (nothing of it may then be written). */
export function checkOfflineCasesFile(text: string, ctx: ValidationContext): Validated {
  const reading = readOfflineCasesCsv(text);
  const checked = validateOfflineCases(reading.records, ctx);
  // Lines of the wrong shape and lines with wrong values are reported together, in the order of the file.
  const issues = [...reading.issues, ...(checked.ok ? [] : checked.issues)].sort((a, b) => a.line - b.line);
  return issues.length > 0 ? { ok: false, issues } : checked;
}
