import { describe, expect, it } from 'vitest';
import {
  changesSession,
  isEmptyFormatInsert,
  leadingWords,
  outputFormat,
  parseKillQuery,
  splitInlineInsert,
} from './statement.ts';

describe('statement', () => {
  it('reads the first words past comments, whitespace and parentheses', () => {
    expect(leadingWords('  -- note\n/* block */ (select 1)', 2)).toEqual(['SELECT']);
    expect(leadingWords('create temporary table t (x UInt8)', 2)).toEqual(['CREATE', 'TEMPORARY']);
    expect(changesSession('SET max_threads = 1')).toBe(true);
    expect(changesSession('use other')).toBe(true);
    expect(changesSession('/* x */ CREATE TEMPORARY TABLE t (x UInt8)')).toBe(true);
    expect(changesSession('CREATE TABLE t (x UInt8) ENGINE = Memory')).toBe(false);
    expect(changesSession("SELECT 'SET'")).toBe(false);
  });

  it('knows the output format only when it is certain', () => {
    expect(outputFormat('SELECT 1\nFORMAT JSONEachRow', 'TabSeparated')).toBe('JSONEachRow');
    expect(outputFormat('SELECT 1', 'TabSeparated')).toBe('TabSeparated');
    expect(outputFormat('SELECT 1 FORMAT JSON SETTINGS max_threads = 1', 'TabSeparated')).toBeUndefined();
    expect(isEmptyFormatInsert('INSERT INTO t FORMAT RowBinary')).toBe(true);
    expect(isEmptyFormatInsert('INSERT INTO t SELECT 1')).toBe(false);
  });

  it('splits an INSERT sent whole in the body into its statement and its rows, bytes untouched', () => {
    const rows = Buffer.from([0xff, 0x0a, 0x80]);
    expect(splitInlineInsert(Buffer.concat([Buffer.from('INSERT INTO t FORMAT RowBinary\n'), rows]))).toEqual(
      {
        prefix: 'INSERT INTO t FORMAT RowBinary',
        data: rows,
      },
    );
    expect(splitInlineInsert(Buffer.from('INSERT INTO t VALUES (1)'))).toBeUndefined();
    expect(splitInlineInsert(Buffer.from('SELECT 1 FORMAT TSV'))).toBeUndefined();
  });

  it("answers KILL QUERY by the client's query_id and leaves other forms to the engine", () => {
    expect(parseKillQuery("KILL QUERY WHERE query_id = 'a\\'b' SYNC")).toEqual({
      queryId: "a'b",
      mode: 'SYNC',
      format: undefined,
    });
    expect(parseKillQuery("kill query where query_id='x' FORMAT JSONEachRow")).toEqual({
      queryId: 'x',
      mode: 'ASYNC',
      format: 'JSONEachRow',
    });
    expect(parseKillQuery("KILL QUERY WHERE user = 'default'")).toBeUndefined();
  });
});
