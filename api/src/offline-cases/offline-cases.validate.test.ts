/*
 * Reading and checking an offline-cases file, as a city's staff would write it: every problem with its line (1 = the
 * header) and column, in the order of the file; a file with any problem yields no line at all.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DATA_LINES, readOfflineCasesCsv } from './offline-cases.csv.ts';
import { checkOfflineCasesFile, type ValidationContext } from './offline-cases.validate.ts';

const WOHNSITZ = '99115001000000';
const HUND = '99036010000000';
const CTX: ValidationContext = {
  inhabitants: 92_000,
  catalog: new Set([WOHNSITZ, HUND]),
  today: '2025-04-10',
};
const HEADER = 'Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige';
const file = (...lines: string[]) => [HEADER, ...lines].join('\n');
const cases = (counter: number, post: number, phone: number, email: number, other: number) => ({
  counter,
  post,
  phone,
  email,
  other,
});

describe('an offline-cases file', () => {
  it('yields its lines: German header and months, `;`, a byte order mark, CRLF, trailing empty rows and fields', () => {
    const text = `\uFEFF${HEADER}\r\n02.2025;${WOHNSITZ};412;23;0;17;5;;\r\n2025-3;"${HUND}";30;2;0;0;0\r\n;;;;;;\r\n\r\n`;
    expect(checkOfflineCasesFile(text, CTX)).toEqual({
      ok: true,
      lines: [
        { month: '2025-02', service: WOHNSITZ, cases: cases(412, 23, 0, 17, 5) },
        { month: '2025-03', service: HUND, cases: cases(30, 2, 0, 0, 0) },
      ],
    });
  });

  it('takes the English header with `,` in any column order', () => {
    const text = `service,month,other,email,phone,post,counter\n${WOHNSITZ},2025-01,1,2,3,4,5\n`;
    expect(checkOfflineCasesFile(text, CTX)).toEqual({
      ok: true,
      lines: [{ month: '2025-01', service: WOHNSITZ, cases: cases(5, 4, 3, 2, 1) }],
    });
  });

  it('names line 7 for an unknown service, and yields nothing of the other lines', () => {
    const text = file(
      `2025-01;${WOHNSITZ};400;20;10;5;1`,
      `2025-01;${HUND};30;2;0;0;0`,
      `2025-02;${WOHNSITZ};380;18;9;4;0`,
      `2025-02;${HUND};28;1;0;1;0`,
      `2025-03;${WOHNSITZ};350;15;8;3;2`,
      '2025-03;99999999999999;10;0;0;0;0',
    );
    expect(checkOfflineCasesFile(text, CTX)).toEqual({
      ok: false,
      issues: [
        { line: 7, column: 'service', message: 'service 99999999999999 is not in the service catalog' },
      ],
    });
  });

  it('reports every wrong value with its line and column, in the order of the file', () => {
    const text = file(
      `2025-05;${WOHNSITZ};1;0;0;0;0`,
      `2025-04;${WOHNSITZ};1;0;0;0;0`,
      `1999-12;${WOHNSITZ};1;0;0;0;0`,
      `März 2025;${WOHNSITZ};1;0;0;0;0`,
      `2025-01;${WOHNSITZ};-3;0;;1.234;2,5`,
      `2025-02;${WOHNSITZ};90000;2001;0;0;0`,
      '2025-02;9,9115E+13;1;0;0;0;0',
      '2025-02;9911500100000;1;0;0;0;0',
      `2025-02;${HUND};1;0;0;0;0`,
      `02.2025;${HUND};2;0;0;0;0`,
    );
    expect(checkOfflineCasesFile(text, CTX)).toEqual({
      ok: false,
      issues: [
        { line: 2, column: 'month', message: 'month 2025-05 is in the future' },
        {
          line: 3,
          column: 'month',
          message: 'month 2025-04 is not over yet: import a month once it has ended',
        },
        { line: 4, column: 'month', message: 'month 1999-12 is before 2000-01' },
        { line: 5, column: 'month', message: 'month "März 2025" must be a month as 2025-03 or 03.2025' },
        { line: 6, column: 'counter', message: 'counter "-3" must not be negative' },
        { line: 6, column: 'phone', message: 'phone is empty: write 0 when there were no cases' },
        {
          line: 6,
          column: 'email',
          message: 'email "1.234" must be written without thousands separators',
        },
        { line: 6, column: 'other', message: 'other "2,5" must be a whole number of cases' },
        {
          line: 7,
          column: null,
          message: "92001 cases in one month are more than the city's 92000 inhabitants: check the numbers",
        },
        {
          line: 8,
          column: 'service',
          message:
            'service "9,9115E+13" is a number in scientific notation: format the column as text so the 14-digit LeiKa key stays whole',
        },
        { line: 9, column: 'service', message: 'service "9911500100000" must be a 14-digit LeiKa key' },
        {
          line: 11,
          column: null,
          message: `repeats line 10: month 2025-02 and service ${HUND} once per file`,
        },
      ],
    });
  });

  it('reports lines of the wrong shape together with wrong values, by line', () => {
    const text = file(
      `2025-13;${WOHNSITZ};1;0;0;0;0`,
      `2025-01;${WOHNSITZ};1;0;0;0`,
      `"2025-01;${HUND};1;0;0;0;0`,
    );
    expect(checkOfflineCasesFile(text, CTX)).toEqual({
      ok: false,
      issues: [
        { line: 2, column: 'month', message: 'month "2025-13" must be a month as 2025-03 or 03.2025' },
        {
          line: 3,
          column: null,
          message: 'has 6 fields, the header 7 (separator ";", as in the header)',
        },
        { line: 4, column: null, message: 'a quote is not closed' },
      ],
    });
  });

  it('names every problem of the header, and then reads no line', () => {
    expect(
      readOfflineCasesCsv('Monat;LeiKa;Schalter;Schalter;Fax;E-Mail;Sonstige\n2025-01;x;1;1;1;1;1'),
    ).toEqual({
      separator: ';',
      records: [],
      issues: [
        { line: 1, column: 'counter', message: 'column counter (Schalter) appears twice' },
        { line: 1, column: null, message: 'unknown column "Fax"' },
        { line: 1, column: 'post', message: 'column post is missing (header "Post" or "post")' },
        { line: 1, column: 'phone', message: 'column phone is missing (header "Telefon" or "phone")' },
      ],
    });
  });

  it('refuses an empty file, a file without data lines, and one that is too long', () => {
    expect(checkOfflineCasesFile('\n \n', CTX)).toEqual({
      ok: false,
      issues: [
        {
          line: 1,
          column: null,
          message:
            'the file is empty; its first line names the columns: Monat;LeiKa;Schalter;Post;Telefon;E-Mail;Sonstige',
        },
      ],
    });
    expect(checkOfflineCasesFile(`\n${HEADER}`, CTX)).toEqual({
      ok: false,
      issues: [{ line: 1, column: null, message: 'the first line must name the columns' }],
    });
    expect(checkOfflineCasesFile(`${HEADER}\n`, CTX)).toEqual({
      ok: false,
      issues: [{ line: 2, column: null, message: 'the file has a header but no data lines' }],
    });
    const long = file(...Array.from({ length: MAX_DATA_LINES + 1 }, () => `2025-01;${WOHNSITZ};1;0;0;0;0`));
    const r = readOfflineCasesCsv(long);
    expect([r.records.length, r.issues]).toEqual([
      MAX_DATA_LINES,
      [
        {
          line: MAX_DATA_LINES + 2,
          column: null,
          message: `more than ${MAX_DATA_LINES} data lines: split the file (each import replaces only its own months)`,
        },
      ],
    ]);
  });
});
