/*
 * The part of ClickHouse's HTTP interface that @clickhouse/client uses, served by in-process chDB connections.
 * It exists only because no ClickHouse server can be installed on the development machines; with CLICKHOUSE_URL
 * set, everything talks to a real server instead.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import type { EngineConnection, ResultStream } from './connection.ts';
import type { ChdbEngine } from './engine.ts';
import { type HttpQuery, parseHttpQuery, readBody } from './http-request.ts';
import { EngineError, ERROR, engineError } from './native.ts';
import { RunningQueries, type RunningQuery } from './running-queries.ts';
import type { Sessions } from './sessions.ts';
import {
  changesSession,
  isEmptyFormatInsert,
  isInsert,
  type KillQuery,
  outputFormat,
  parseKillQuery,
} from './statement.ts';

const gzipAsync = promisify(gzip);
const VERSION_SUFFIX = ' (version chDB)';

/** Formats whose output is rows only, so chunks of it join into one valid result (no header, no trailer). */
const STREAMED_FORMATS = new Set(
  [
    'TabSeparated',
    'TSV',
    'TabSeparatedRaw',
    'TSVRaw',
    'Raw',
    'CSV',
    'JSONEachRow',
    'JSONLines',
    'NDJSON',
    'JSONStringsEachRow',
    'JSONCompactEachRow',
    'JSONCompactStringsEachRow',
    'RowBinary',
  ].map((f) => f.toLowerCase()),
);

function httpStatusFor(code: number): number {
  if ([27, 36, 62, 202, 216, 372, 373, 456, 457].includes(code)) return 400;
  if (code === 60 || code === 81) return 404;
  if (code === 516) return 403;
  return 500;
}

function exceptionName(message: string): string {
  return /\(([A-Z_]+)\)\s*$/.exec(message)?.[1] ?? 'UNKNOWN_EXCEPTION';
}

function errorText(e: EngineError): string {
  return `${e.message}${e.message.endsWith(')') ? VERSION_SUFFIX : ` (${exceptionName(e.message)})`}`;
}

/** ClickHouse's text form of a String parameter (what a client sends as param_x). */
function textParam(value: string): string {
  return value.replace(
    /[\\'\t\n\r\0]/g,
    (c) => ({ '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' })[c] ?? `\\${c}`,
  );
}

interface Summary {
  read_rows: string;
  read_bytes: string;
  written_rows: string;
  written_bytes: string;
  result_rows: string;
  elapsed_ns: string;
}

function summary(part: Partial<Record<keyof Summary, number>>): string {
  const s = (n: number | undefined) => String(Math.round(n ?? 0));
  return JSON.stringify({
    read_rows: s(part.read_rows),
    read_bytes: s(part.read_bytes),
    written_rows: s(part.written_rows),
    written_bytes: s(part.written_bytes),
    result_rows: s(part.result_rows),
    elapsed_ns: s(part.elapsed_ns),
  } satisfies Summary);
}

/**
 * An error after the first bytes of a result, as servers since 25.11 write it and @clickhouse/client reads it:
 * the response's X-ClickHouse-Exception-Tag frames the message and its length.
 */
function exceptionBlock(tag: string, e: EngineError): Buffer {
  const text = errorText(e);
  return Buffer.from(
    `\r\n__exception__\r\n${tag}\r\n${text}\n${Buffer.byteLength(text) + 1} ${tag}\r\n__exception__\r\n`,
  );
}

export interface ServerLog {
  info(message: string): void;
  error(message: string): void;
}

export class ClickHouseHttpServer {
  readonly http: http.Server;
  private readonly running: RunningQueries;
  private stopping = false;

  constructor(
    private readonly engine: ChdbEngine,
    private readonly sessions: Sessions,
    private readonly log: ServerLog,
  ) {
    this.running = new RunningQueries((conn) => engine.kill(conn));
    this.http = http.createServer((req, res) => void this.handle(req, res));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      url.pathname === '/ping' ||
      (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))
    ) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
      return;
    }
    if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('There is no handle here\n');
      return;
    }
    let queryId = url.searchParams.get('query_id') ?? '';
    try {
      const q = parseHttpQuery(req, url, await readBody(req));
      queryId = q.queryId;
      if (this.stopping) throw engineError(ERROR.STD_EXCEPTION, 'ABORTED', 'Server is shutting down');
      if (q.sql.trim() === '') throw engineError(ERROR.SYNTAX_ERROR, 'SYNTAX_ERROR', 'Empty query');
      const kill = parseKillQuery(q.sql);
      if (kill) await this.answerKill(kill, q, res);
      else await this.withConnection(q, req, res);
    } catch (err) {
      this.fail(res, queryId, EngineError.from(err));
    }
  }

  private async withConnection(
    q: HttpQuery,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const conn = q.session
      ? this.sessions.acquire(q.session.id, q.session.timeout, q.session.check)
      : await this.engine.lease();
    let retire = false;
    const outcome = { cancelled: false };
    try {
      // A client that gave up while waiting for a connection gets nothing run for it.
      if (req.socket.destroyed) return;
      await conn.prepare(q.context);
      await this.execute(conn, q, res, outcome);
      if (changesSession(q.sql)) {
        if (q.session) conn.forgetState();
        else retire = true;
      }
    } finally {
      // After a KILL, chDB may leave a connection unable to cancel its next statement: a pooled one is replaced.
      if (q.session) this.sessions.release(q.session.id);
      else this.engine.release(conn, retire || outcome.cancelled);
    }
  }

  private async execute(
    conn: EngineConnection,
    q: HttpQuery,
    res: http.ServerResponse,
    outcome: { cancelled: boolean },
  ): Promise<void> {
    const { query, finish } = this.running.start(
      q.queryId,
      q.sql,
      conn,
      q.data !== undefined || isInsert(q.sql),
    );
    const onClose = () => {
      if (!res.writableFinished) query.cancel();
    };
    res.on('close', onClose);
    try {
      await this.run(conn, q, query, res);
    } finally {
      res.off('close', onClose);
      await query.afterKill();
      finish();
      outcome.cancelled = query.cancelled;
    }
  }

  private async run(conn: EngineConnection, q: HttpQuery, query: RunningQuery, res: http.ServerResponse) {
    const base = { 'X-ClickHouse-Query-Id': q.queryId, 'Content-Type': 'text/plain; charset=UTF-8' };
    if (q.data) {
      const r = await conn.insert(q.sql, q.data);
      const s = { written_rows: r.rowsWritten, written_bytes: r.bytesWritten, elapsed_ns: r.elapsed * 1e9 };
      res.writeHead(200, { ...base, 'X-ClickHouse-Summary': summary(s) }).end();
      return;
    }
    if (isEmptyFormatInsert(q.sql)) {
      res.writeHead(200, { ...base, 'X-ClickHouse-Summary': summary({}) }).end();
      return;
    }
    const format = outputFormat(q.sql, q.defaultFormat);
    const streamed = !q.waitEndOfQuery && format !== undefined && STREAMED_FORMATS.has(format.toLowerCase());
    const stream = streamed ? conn.stream(q.sql, q.defaultFormat, q.params) : undefined;
    const headers = { ...base, 'X-ClickHouse-Format': format ?? q.defaultFormat };
    if (stream) {
      await this.sendStream(stream, query, headers, q.gzipResponse, res);
      return;
    }
    const r = await conn.query(q.sql, q.defaultFormat, q.params);
    if (query.cancelled) return;
    const s = { read_rows: r.rowsRead, read_bytes: r.bytesRead, elapsed_ns: r.elapsed * 1e9 };
    const out: Record<string, string> = { ...headers, 'X-ClickHouse-Summary': summary(s) };
    let body = r.bytes;
    if (q.gzipResponse) {
      body = await gzipAsync(body);
      out['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, out).end(body);
  }

  /** Chunks go out as the engine produces them; the next is fetched only when the client has taken the last. */
  private async sendStream(
    stream: ResultStream,
    query: RunningQuery,
    headers: Record<string, string>,
    gzipResponse: boolean,
    res: http.ServerResponse,
  ): Promise<void> {
    let chunk = await stream.next().catch((err: unknown) => {
      stream.release();
      throw err;
    });
    const tag = randomBytes(8).toString('hex');
    const out: Writable = gzipResponse ? createGzip() : res;
    res.writeHead(200, {
      ...headers,
      'X-ClickHouse-Summary': summary({ result_rows: chunk?.numRows ?? 0 }),
      'X-ClickHouse-Exception-Tag': tag,
      ...(gzipResponse ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (out !== res) out.pipe(res);
    try {
      while (chunk && !query.cancelled) {
        if (!out.write(chunk.bytes)) await drainedOrClosed(out, res);
        if (query.cancelled) break;
        chunk = await stream.next();
      }
    } catch (err) {
      if (!query.cancelled) out.write(exceptionBlock(tag, EngineError.from(err)));
    } finally {
      stream.release();
      out.end();
    }
  }

  private async answerKill(kill: KillQuery, q: HttpQuery, res: http.ServerResponse): Promise<void> {
    const target = this.running.get(kill.queryId);
    let status = 'waiting';
    if (target && kill.mode !== 'TEST') {
      target.cancel();
      if (kill.mode === 'SYNC') {
        await target.settled;
        status = 'finished';
      }
    }
    const r = await this.engine.answer(
      `SELECT {status:String} AS kill_status, {id:String} AS query_id, 'default' AS user, {query:String} AS query
       WHERE {found:UInt8}`,
      kill.format ?? q.defaultFormat,
      { status, id: textParam(kill.queryId), query: textParam(target?.sql ?? ''), found: target ? '1' : '0' },
    );
    res
      .writeHead(200, { 'X-ClickHouse-Query-Id': q.queryId, 'Content-Type': 'text/plain; charset=UTF-8' })
      .end(r.bytes);
  }

  private fail(res: http.ServerResponse, queryId: string, e: EngineError): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .writeHead(httpStatusFor(e.code), {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Exception-Code': String(e.code),
        'X-ClickHouse-Query-Id': queryId,
      })
      .end(`${errorText(e)}\n`);
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.http.listen(port, '127.0.0.1', resolve));
  }

  /**
   * Refuses new statements, cancels reads at once, lets inserts finish for `graceMs` (an insert whose client got no
   * answer yet is the client's to retry, but one that completes need not be), then cancels the rest.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    this.http.close();
    this.http.closeIdleConnections();
    for (const q of this.running.all()) if (!q.writes) q.cancel();
    await settledWithin(this.running.all(), graceMs);
    const left = this.running.all();
    if (left.length > 0)
      this.log.info(`cancelling ${left.length} statement(s) still running after ${graceMs} ms`);
    for (const q of left) q.cancel();
    await settledWithin(left, 5_000);
    this.http.closeAllConnections();
    await this.sessions.closeAll();
    await this.engine.close();
  }
}

function drainedOrClosed(out: Writable, res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      res.off('close', done);
      resolve();
    };
    out.once('drain', done);
    res.once('close', done);
  });
}

async function settledWithin(queries: RunningQuery[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(queries.map((q) => q.settled)),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
