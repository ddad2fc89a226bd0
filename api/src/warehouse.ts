import { type ClickHouseClient, createClient } from '@clickhouse/client';

/**
 * A query as the builders in `queries/` return it: SQL with `{name:Type}` placeholders only, the values bound by
 * the server. `name` labels the latency metric.
 */
export interface BuiltQuery {
  name: string;
  query: string;
  params: Record<string, unknown>;
}

export interface Warehouse {
  rows<T>(q: BuiltQuery): Promise<T[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
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

export function clickhouseWarehouse(opts: {
  url: string;
  database: string;
  observe?: (name: string, seconds: number) => void;
}): Warehouse {
  const client: ClickHouseClient = createClient({
    url: opts.url,
    database: opts.database,
    request_timeout: 30_000,
    // 64-bit integers as JSON numbers: every count here is far below 2^53.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return {
    async rows<T>(q: BuiltQuery): Promise<T[]> {
      const started = performance.now();
      try {
        const rs = await client.query({ query: q.query, query_params: q.params, format: 'JSONEachRow' });
        return (await rs.json()) as T[];
      } catch (err) {
        if (isNetworkError(err))
          throw new WarehouseUnavailableError('ClickHouse unreachable', { cause: err });
        throw err;
      } finally {
        opts.observe?.(q.name, (performance.now() - started) / 1000);
      }
    },
    async ping() {
      const r = await client.ping();
      return r.success;
    },
    close: () => client.close(),
  };
}
