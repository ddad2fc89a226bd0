import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a header, quotes what needs quoting and leaves suppressed values empty', () => {
    const csv = toCsv({
      columns: ['city', 'path', 'views', 'rate'],
      rows: [
        ['Gießen', '/a,b', 12, 0.5],
        ['Fulda', 'say "hi"', null, null],
      ],
    });
    expect(csv).toBe('\uFEFFcity,path,views,rate\r\nGießen,"/a,b",12,0.5\r\nFulda,"say ""hi""",,\r\n');
  });

  it('defuses spreadsheet formulas but keeps negative numbers as text', () => {
    const csv = toCsv({ columns: ['v'], rows: [['=HYPERLINK("x")'], ['@SUM(A1)'], ['-0.25'], [-3]] });
    expect(csv).toBe('\uFEFFv\r\n"\'=HYPERLINK(""x"")"\r\n\'@SUM(A1)\r\n-0.25\r\n-3\r\n');
  });
});
