import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { identifiers, parseRows, type Query } from '@godonu/warehouse';

/**
 * The only tables the api writes (its own records: open-data releases, the audit log, the offline case numbers
 * cities import, the record of SDG transmissions, the dashboard's sign-ins, the cities' annotations); every other table is the processor's. Identifiers come from this map only.
 */
export const WRITABLE_TABLES = identifiers({
  releases: 'open_data_releases_v1',
  auditLog: 'audit_log_v1',
  offlineCaseImports: 'offline_case_imports_v1',
  sdgTransmissions: 'sdg_transmissions_v1',
  sessions: 'api_sessions_v1',
  annotations: 'annotations_v1',
});
export type WritableTable = keyof typeof WRITABLE_TABLES;

export interface InsertOptions {
  /**
   * ClickHouse keeps only the first insert carrying a token (the table's non_replicated_deduplication_window):
   * how two concurrent writers of the same record are told apart.
   */
  deduplicationToken?: string;
}

export interface Warehouse {
  /**
   * The rows of a query (the builders in `queries/`), each parsed with the query's row schema: a row that does not
   * match rejects with a `QueryRowError` naming the query and the column. `name` labels the latency metric.
   */
  rows<Row>(q: Query<Row>): Promise<Row[]>;
  /** Inserts rows (JSONEachRow) into one of the api's own tables; resolves once ClickHouse has stored them. */
  insert(table: WritableTable, rows: readonly object[], opts?: InsertOptions): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A `DateTime64(3, 'UTC')` value as ClickHouse reads it from JSONEachRow. */
export function clickhouseTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Thrown when ClickHouse cannot be reached at all (as opposed to rejecting a query). */
export class WarehouseUnavailableError extends Error {}

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    (typeof code === 'string' && NETWORK_ERRORS.has(code)) ||
    (err instanceof Error && /timeout|socket hang up/i.test(err.message))
  );
}

/**
 * 64-bit integers arrive as JSON numbers from ClickHouse 25.8 on and as strings before it (or with
 * output_format_json_quote_64bit_integers=1); both are read. Every count here is far below 2^53.
 */
const WIDE_INTEGER = /^(Nullable\()?U?Int(64|128|256)\)?$/;

/**
 * Rows from JSONCompactEachRowWithNamesAndTypes: names, then types, then one array per row. The types say which
 * strings are 64-bit numbers, so a digit string such as a LeiKa key stays a string. Arrays of 64-bit integers do
 * not occur in the api's queries.
 */
export function parseTypedRows(text: string): Record<string, unknown>[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length < 2) return [];
  const names = JSON.parse(lines[0] as string) as string[];
  const wide = (JSON.parse(lines[1] as string) as string[]).map((t) => WIDE_INTEGER.test(t));
  return lines.slice(2).map((line) => {
    const values = JSON.parse(line) as unknown[];
    const row: Record<string, unknown> = {};
    for (const [i, name] of names.entries()) {
      const v = values[i];
      row[name] = wide[i] && typeof v === 'string' ? Number(v) : v;
    }
    return row;
  });
}

export function clickhouseWarehouse(opts: {
  url: string;
  database: string;
  observe?: (name: string, seconds: number) => void;
  /** The client's own console output off: a command reports a failure itself, in one line. */
  quiet?: boolean;
}): Warehouse {
  const client: ClickHouseClient = createClient({
    url: opts.url,
    database: opts.database,
    request_timeout: 30_000,
    ...(opts.quiet ? { log: { level: ClickHouseLogLevel.OFF } } : {}),
  });
  return {
    async rows(q) {
      const started = performance.now();
      try {
        const rs = await client.query({
          query: q.query,
          query_params: { ...q.params },
          format: 'JSONCompactEachRowWithNamesAndTypes',
        });
        return parseRows(q, parseTypedRows(await rs.text()));
      } catch (err) {
        if (isNetworkError(err))
          throw new WarehouseUnavailableError('ClickHouse unreachable', { cause: err });
        throw err;
      } finally {
        opts.observe?.(q.name, (performance.now() - started) / 1000);
      }
    },
    async insert(table, rows, insertOpts = {}) {
      const started = performance.now();
      try {
        await client.insert({
          table: WRITABLE_TABLES[table].name,
          values: [...rows],
          format: 'JSONEachRow',
          clickhouse_settings:
            insertOpts.deduplicationToken === undefined
              ? {}
              : { insert_deduplication_token: insertOpts.deduplicationToken },
        });
      } catch (err) {
        if (isNetworkError(err))
          throw new WarehouseUnavailableError('ClickHouse unreachable', { cause: err });
        throw err;
      } finally {
        opts.observe?.(`insert_${table}`, (performance.now() - started) / 1000);
      }
    },
    async ping() {
      const r = await client.ping();
      return r.success;
    },
    close: () => client.close(),
  };
}
