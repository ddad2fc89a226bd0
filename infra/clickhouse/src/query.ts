/*
 * A query as the services run it: a name (the latency metric's label), the `sql` it renders to, and the zod schema
 * every row it returns is parsed with. Whoever runs it gets `z.output` of that schema, checked, never a cast.
 */
import type { z } from 'zod';
import type { Sql } from './sql.ts';

const QUERY: unique symbol = Symbol('godonu.query');

export interface Query<Row> {
  readonly [QUERY]: true;
  readonly name: string;
  readonly query: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly schema: z.ZodType<Row>;
}

/** The row type of a query. */
export type RowOf<Q> = Q extends Query<infer Row> ? Row : never;

export function defineQuery<Row>(name: string, statement: Sql, schema: z.ZodType<Row>): Query<Row> {
  return Object.freeze({
    [QUERY]: true as const,
    name,
    query: statement.query,
    params: statement.params,
    schema,
  });
}

/** A row that does not match its query's schema: names the query, the row and the path, never the value. */
export class QueryRowError extends Error {
  constructor(
    readonly query: string,
    readonly row: number,
    readonly issues: readonly { path: string; code: string }[],
  ) {
    super(
      `query ${query}: row ${row} does not match its schema (${issues
        .map((i) => `${i.path || '(row)'}: ${i.code}`)
        .join('; ')})`,
    );
    this.name = 'QueryRowError';
  }
}

/** Parses every row with the query's schema; the first row that does not match throws a `QueryRowError`. */
export function parseRows<Row>(q: Query<Row>, rows: readonly unknown[]): Row[] {
  return rows.map((row, i) => {
    const r = q.schema.safeParse(row);
    if (r.success) return r.data;
    throw new QueryRowError(
      q.name,
      i,
      r.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        // Column names the schema does not know are named; they are the query's, not the data's.
        code: issue.code === 'unrecognized_keys' ? `unrecognized_keys ${issue.keys.join(', ')}` : issue.code,
      })),
    );
  });
}
