import { createRequire } from 'node:module';
import path from 'node:path';
import { Session } from 'chdb';

const require = createRequire(import.meta.url);

interface NativeResult {
  bytes: Buffer;
  elapsed: number;
  rowsRead: number;
  bytesRead: number;
}
interface ChdbNative {
  QueryAsyncConnection(
    conn: unknown,
    sql: string,
    format: string,
    params?: Record<string, string>,
  ): Promise<NativeResult>;
}

/*
 * chdb's public queryBindAsync re-escapes every string parameter, but an HTTP client sends parameters already in
 * ClickHouse's text form (an Array(String) arrives as `['a','b\'c']`). Binding that text verbatim is what a real
 * server does, so we call the addon's parameter entry point directly with the session's own connection.
 */
const native: ChdbNative = require(
  path.join(path.dirname(require.resolve('chdb')), 'dist/loader.js'),
).loadNative();

export interface EngineResult {
  body: Buffer;
  rowsRead: number;
  bytesRead: number;
  elapsedSeconds: number;
}

/** A ClickHouse exception as the server reports it: numeric code, symbolic name, message. */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const CODE_PATTERN = /^Code: (\d+)\./;

/** One chDB session on disk. chDB allows one query at a time per session, so every call is queued. */
export class ChdbEngine {
  private readonly session: Session;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.session = new Session(dataDir);
  }

  /** Runs `work` alone on the session; queued behind any earlier call. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Must be called inside `exclusive`. */
  async run(sql: string, format: string, params: Record<string, string> = {}): Promise<EngineResult> {
    try {
      const r = await native.QueryAsyncConnection(this.session.connection, sql, format, params);
      return { body: r.bytes, rowsRead: r.rowsRead, bytesRead: r.bytesRead, elapsedSeconds: r.elapsed };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code = Number(CODE_PATTERN.exec(message)?.[1] ?? 1001);
      throw new EngineError(code, message);
    }
  }

  close(): void {
    this.session.close();
  }
}
