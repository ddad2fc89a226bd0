/*
 * The chDB addon's entry points that the server uses, typed. The package's JS wrappers add a process-wide
 * connection registry and re-escape parameters; an HTTP server needs neither: it owns its connections and receives
 * parameters already in ClickHouse's text form (an Array(String) arrives as `['a','b\'c']`), which a real server
 * binds verbatim.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type NativeConnection = { readonly __brand: 'chdb-connection' };
export type NativeStream = { readonly __brand: 'chdb-stream' };

export interface NativeQueryResult {
  bytes: Buffer;
  elapsed: number;
  rowsRead: number;
  bytesRead: number;
}
export interface NativeInsertResult {
  elapsed: number;
  rowsWritten: number;
  bytesWritten: number;
}
export interface NativeChunk {
  bytes: Buffer;
  numRows: number;
  done: boolean;
}

interface ChdbNative {
  CreateConnection(dataPath: string, args: string[]): NativeConnection;
  CloseConnection(conn: NativeConnection): void;
  QueryAsyncConnection(
    conn: NativeConnection,
    sql: string,
    format: string,
    params?: Record<string, string>,
  ): Promise<NativeQueryResult>;
  InsertRawAsyncConnection(
    conn: NativeConnection,
    prefix: string,
    data: Buffer,
    countLines: boolean,
  ): Promise<NativeInsertResult>;
  StreamQuery(
    conn: NativeConnection,
    sql: string,
    format: string,
    params?: Record<string, string>,
  ): NativeStream;
  StreamFetch(stream: NativeStream): Promise<NativeChunk>;
  StreamCancel(stream: NativeStream): void;
}

export const native: ChdbNative = require(
  path.join(path.dirname(require.resolve('chdb')), 'dist/loader.js'),
).loadNative();

/** A ClickHouse exception as the server reports it: numeric code and message. */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  static from(err: unknown): EngineError {
    if (err instanceof EngineError) return err;
    const message = err instanceof Error ? err.message : String(err);
    const code = Number(/^Code: (\d+)\./.exec(message)?.[1] ?? 1001);
    return new EngineError(code, code === 1001 ? `Code: 1001. DB::Exception: ${message}` : message);
  }
}

/** Codes a real server uses for conditions this server detects itself. */
export const ERROR = {
  BAD_ARGUMENTS: 36,
  SYNTAX_ERROR: 62,
  UNKNOWN_SETTING: 115,
  QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING: 216,
  SESSION_NOT_FOUND: 372,
  SESSION_IS_LOCKED: 373,
  TOO_MANY_SIMULTANEOUS_QUERIES: 202,
  STD_EXCEPTION: 1001,
} as const;

export function engineError(code: number, name: string, message: string): EngineError {
  return new EngineError(code, `Code: ${code}. DB::Exception: ${message}. (${name})`);
}
