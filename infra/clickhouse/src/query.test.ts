import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineQuery, parseRows, type Query, QueryRowError } from './query.ts';
import { param, sql } from './sql.ts';

const row = z
  .object({
    site: z.string(),
    visitors: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]),
  })
  .strict();
const q = defineQuery(
  'visitors',
  sql`SELECT site, visitors WHERE site = ${param.string('site', 'giessen')}`,
  row,
);

describe('defineQuery', () => {
  it('carries the name, the rendered SQL, its parameters and the row schema', () => {
    expect([q.name, q.query, q.params, q.schema]).toEqual([
      'visitors',
      'SELECT site, visitors WHERE site = {site:String}',
      { site: 'giessen' },
      row,
    ]);
  });

  it('types its rows by the schema, and has no free-form form', () => {
    const rows: { site: string; visitors: number }[] = parseRows(q, [{ site: 'a', visitors: '7' }]);
    expect(rows).toEqual([{ site: 'a', visitors: 7 }]);
    // @ts-expect-error a query is made by defineQuery, from `sql`, never from a string
    const forged: Query<unknown> = { name: 'x', query: 'SELECT 1', params: {}, schema: z.unknown() };
    expect(forged.name).toBe('x');
  });
});

describe('parseRows', () => {
  it('names the query, the row and the path of a mismatch, never the value', () => {
    const secret = 'visitor 0b7c6f1e of giessen';
    const bad = [
      { site: 'a', visitors: 1 },
      { site: 'b', visitors: secret },
    ];
    expect(() => parseRows(q, bad)).toThrow(QueryRowError);
    expect(() => parseRows(q, bad)).toThrow(
      'query visitors: row 1 does not match its schema (visitors: invalid_union)',
    );
    try {
      parseRows(q, bad);
    } catch (err) {
      expect(JSON.stringify(err, Object.getOwnPropertyNames(err))).not.toContain(secret);
    }
  });

  it('names a missing column and a column the schema does not know', () => {
    expect(() => parseRows(q, [{ site: 'a' }])).toThrow(
      'query visitors: row 0 does not match its schema (visitors:',
    );
    expect(() => parseRows(q, [{ site: 'a', visitors: 1, extra: 'x' }])).toThrow(
      'query visitors: row 0 does not match its schema ((row): unrecognized_keys extra)',
    );
  });
});
