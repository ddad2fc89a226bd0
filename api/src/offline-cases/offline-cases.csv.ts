/*
 * Reads the CSV file in which a city hands over its offline case numbers (api/README.md "Offline case numbers"):
 * the text into records of named fields, each with its line number in the file. What the fields must hold is
 * checked in offline-cases.validate.ts; here only the file's shape.
 *
 * German spreadsheet programs save CSV with `;` (the comma is their decimal mark), others with `,`: the header line
 * decides, and the file must keep to it. Fields may be quoted ("…", with "" for a quote), as spreadsheets do when
 * they like; a quoted field never spans lines (no value here can hold a line break). A byte order mark is ignored,
 * lines end in LF or CRLF, and lines that are empty or hold only separators (a spreadsheet's trailing empty rows)
 * are skipped.
 */
export const CHANNELS = ['counter', 'post', 'phone', 'email', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const COLUMNS = ['month', 'service', ...CHANNELS] as const;
export type Column = (typeof COLUMNS)[number];

/** Header names, compared without case: the German ones a city's staff write, and the API's English ones. */
export const HEADER_NAMES: Readonly<Record<Column, readonly string[]>> = {
  month: ['Monat', 'month'],
  service: ['LeiKa', 'LeiKa-Schlüssel', 'service'],
  counter: ['Schalter', 'counter'],
  post: ['Post', 'post'],
  phone: ['Telefon', 'phone'],
  email: ['E-Mail', 'email'],
  other: ['Sonstige', 'other'],
};

/** A catalog of about 600 services over a year is 7,200 lines; more is a mistake or an attack. */
export const MAX_DATA_LINES = 10_000;
/** Every problem of a file is reported, up to this many (the rest only counted). */
export const MAX_ISSUES = 100;
/** An echoed field value is cut here: enough to find it in the file. */
const ECHO_CHARS = 40;

export interface CsvIssue {
  /** Line in the file, 1 = the header. */
  line: number;
  column: Column | null;
  message: string;
}

export interface CsvRecord {
  line: number;
  fields: Record<Column, string>;
}

export interface CsvReading {
  separator: ';' | ',' | null;
  records: CsvRecord[];
  issues: CsvIssue[];
}

const byHeaderName = new Map<string, Column>(
  COLUMNS.flatMap((c) => HEADER_NAMES[c].map((name) => [name.toLowerCase(), c] as const)),
);

/** A field value as an issue quotes it. */
export function echo(value: string): string {
  const cut = value.length > ECHO_CHARS ? `${value.slice(0, ECHO_CHARS)}…` : value;
  return JSON.stringify(cut);
}

/** The fields of one line, or null when a quote is not closed. */
export function splitFields(line: string, separator: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === separator) {
      fields.push(field.trim());
      field = '';
    } else field += ch;
    i++;
  }
  if (quoted) return null;
  fields.push(field.trim());
  return fields;
}

const isBlank = (line: string) => /^[\s;,]*$/.test(line);

function headerColumns(fields: string[]): { columns: Column[]; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  const columns: Column[] = [];
  for (const name of fields) {
    const column = byHeaderName.get(name.toLowerCase());
    if (!column) {
      issues.push({ line: 1, column: null, message: `unknown column ${echo(name)}` });
      continue;
    }
    if (columns.includes(column))
      issues.push({
        line: 1,
        column,
        message: `column ${column} (${HEADER_NAMES[column][0]}) appears twice`,
      });
    columns.push(column);
  }
  for (const column of COLUMNS) {
    if (!columns.includes(column))
      issues.push({
        line: 1,
        column,
        message: `column ${column} is missing (header ${HEADER_NAMES[column].map((n) => `"${n}"`).join(' or ')})`,
      });
  }
  return { columns, issues };
}

export function readOfflineCasesCsv(text: string): CsvReading {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => !isBlank(l));
  if (headerAt !== 0) {
    const message =
      headerAt < 0
        ? `the file is empty; its first line names the columns: ${COLUMNS.map((c) => HEADER_NAMES[c][0]).join(';')}`
        : 'the first line must name the columns';
    return { separator: null, records: [], issues: [{ line: 1, column: null, message }] };
  }
  const header = lines[0] as string;
  const separator = header.includes(';') ? ';' : ',';
  const headerFields = splitFields(header, separator);
  if (headerFields === null)
    return {
      separator,
      records: [],
      issues: [{ line: 1, column: null, message: 'a quote in the header line is not closed' }],
    };
  const { columns, issues } = headerColumns(headerFields);
  if (issues.length > 0) return { separator, records: [], issues };

  const records: CsvRecord[] = [];
  for (const [index, text] of lines.entries()) {
    const line = index + 1;
    if (index === 0 || isBlank(text)) continue;
    if (records.length === MAX_DATA_LINES) {
      issues.push({
        line,
        column: null,
        message: `more than ${MAX_DATA_LINES} data lines: split the file (each import replaces only its own months)`,
      });
      break;
    }
    const fields = splitFields(text, separator);
    if (fields === null) {
      issues.push({ line, column: null, message: 'a quote is not closed' });
      continue;
    }
    // A spreadsheet may append empty fields after the last column; anything else must match the header.
    while (fields.length > columns.length && fields.at(-1) === '') fields.pop();
    if (fields.length !== columns.length) {
      issues.push({
        line,
        column: null,
        message: `has ${fields.length} fields, the header ${columns.length} (separator "${separator}", as in the header)`,
      });
      continue;
    }
    const named = {} as Record<Column, string>;
    for (const [i, column] of columns.entries()) named[column] = fields[i] as string;
    records.push({ line, fields: named });
  }
  if (records.length === 0 && issues.length === 0)
    issues.push({ line: 2, column: null, message: 'the file has a header but no data lines' });
  return { separator, records, issues };
}
