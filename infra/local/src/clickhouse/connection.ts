import { EngineError, type NativeChunk, type NativeConnection, type NativeStream, native } from './native.ts';

export const DEFAULT_DATABASE = 'default';

/** What one request asks of the connection it runs on. */
export interface RequestContext {
  database: string;
  settings: ReadonlyArray<readonly [string, string]>;
}

/** Never a value a request asks for: the setting is reset or set again by the next request. */
const UNKNOWN = '\u0000unknown';
const NUMERIC = /^-?\d+(\.\d+)?$/;

function settingLiteral(value: string): string {
  // Setting values come from URL parameters; they are literals of the SET statement, never query text.
  return NUMERIC.test(value) ? value : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function identifier(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/**
 * One chDB connection: an engine session of its own (settings, current database, temporary tables), running one
 * statement at a time. The engine runs statements of different connections in parallel.
 *
 * `tag` is the connection's `log_comment`: system.processes shows it, so the engine's KILL QUERY can find
 * whatever this connection runs (the engine assigns its own query ids, not the client's).
 */
export class EngineConnection {
  private database = DEFAULT_DATABASE;
  /** Settings this connection holds beyond its defaults, as the last request asked for them. */
  private readonly applied = new Map<string, string>();
  private pending: Promise<unknown> = Promise.resolve();
  private closed = false;
  /**
   * chDB keeps the output of a statement that failed or was cancelled midway and hands it out in front of the
   * next statement's result; such a connection runs a throwaway statement before it serves another request.
   */
  private dirty = false;

  constructor(
    private readonly handle: NativeConnection,
    readonly tag: string,
  ) {}

  /** Brings the connection to a request's database and settings with at most one USE and one SET. */
  async prepare(ctx: RequestContext): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      await this.query('SELECT 1', 'TSV');
    }
    if (ctx.database !== this.database) {
      await this.query(`USE ${identifier(ctx.database)}`, 'TSV');
      this.database = ctx.database;
    }
    const wanted = new Map(ctx.settings.map(([name, value]) => [name, this.settingValue(name, value)]));
    const assignments: string[] = [];
    for (const name of this.applied.keys()) {
      if (!wanted.has(name))
        assignments.push(`${name} = ${name === 'log_comment' ? settingLiteral(this.tag) : 'DEFAULT'}`);
    }
    for (const [name, value] of wanted) {
      if (this.applied.get(name) !== value) assignments.push(`${name} = ${settingLiteral(value)}`);
    }
    if (assignments.length === 0) return;
    this.applied.clear();
    try {
      await this.query(`SET ${assignments.join(', ')}`, 'TSV');
    } catch (err) {
      // Part of the assignments may have taken effect: the next request resets every name it touched.
      for (const name of wanted.keys()) this.applied.set(name, UNKNOWN);
      throw err;
    }
    for (const [name, value] of wanted) this.applied.set(name, value);
  }

  /** A client's own log_comment keeps this connection's tag in front, so the query stays killable. */
  private settingValue(name: string, value: string): string {
    return name === 'log_comment' ? `${this.tag}${value}` : value;
  }

  /** Forgets what `prepare` knows, after a statement of the client's own (USE, SET) changed the session. */
  forgetState(): void {
    this.database = '';
    for (const name of this.applied.keys()) this.applied.set(name, UNKNOWN);
  }

  query(sql: string, format: string, params?: Record<string, string>) {
    return this.track(native.QueryAsyncConnection(this.handle, sql, format, params));
  }

  /** Rows in `data` for the statement `prefix` (an INSERT … FORMAT …), bytes as they are. */
  insert(prefix: string, data: Buffer) {
    return this.track(native.InsertRawAsyncConnection(this.handle, prefix, data, false));
  }

  /**
   * The result as the engine produces it, chunk by chunk; undefined when the engine cannot stream this kind of
   * statement (DDL, SHOW, INSERT … SELECT…), which then runs with `query`.
   */
  stream(sql: string, format: string, params?: Record<string, string>): ResultStream | undefined {
    this.assertOpen();
    let handle: NativeStream;
    try {
      handle = native.StreamQuery(this.handle, sql, format, params);
    } catch (err) {
      const e = EngineError.from(err);
      if (e.code === 36 && e.message.includes('Streaming query is not supported')) return undefined;
      throw e;
    }
    return new ResultStream(
      handle,
      (p) => this.track(p),
      () => {
        this.dirty = true;
      },
    );
  }

  /** Waits for what runs on the connection, then releases it; never while the engine still uses it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pending.catch(() => undefined);
    native.CloseConnection(this.handle);
  }

  private track<T>(op: Promise<T>): Promise<T> {
    this.pending = op.catch(() => undefined);
    return op.catch((err: unknown) => {
      this.dirty = true;
      throw EngineError.from(err);
    });
  }

  private assertOpen(): void {
    if (this.closed)
      throw new EngineError(1001, 'Code: 1001. DB::Exception: connection closed. (STD_EXCEPTION)');
  }
}

/** A streamed result. `cancel` is safe at any time: the engine's handle is destroyed only between fetches. */
export class ResultStream {
  private inFlight: Promise<NativeChunk> | undefined;
  private done = false;

  constructor(
    private readonly handle: NativeStream,
    private readonly track: (p: Promise<NativeChunk>) => Promise<NativeChunk>,
    private readonly abandoned: () => void,
  ) {}

  /** The next chunk, or undefined at the end. */
  async next(): Promise<NativeChunk | undefined> {
    if (this.done) return undefined;
    this.inFlight = this.track(native.StreamFetch(this.handle));
    try {
      const chunk = await this.inFlight;
      if (chunk.done) {
        this.finish();
        return undefined;
      }
      return chunk;
    } catch (err) {
      this.release();
      throw err;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Ends the stream before its end: the engine's handle is destroyed, the connection cleaned before reuse. */
  release(): void {
    if (this.done) return;
    this.abandoned();
    this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    const destroy = () => native.StreamCancel(this.handle);
    if (this.inFlight) void this.inFlight.then(destroy, destroy);
    else destroy();
  }
}
