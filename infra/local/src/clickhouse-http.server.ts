/*
 * The part of ClickHouse's HTTP interface that @clickhouse/client uses, served by an in-process chDB engine.
 * It exists only because no ClickHouse server can be installed on the development machines; with
 * CLICKHOUSE_URL set, everything talks to a real server instead.
 */
import http from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type ChdbEngine, EngineError, type EngineResult } from './chdb-engine.ts';

/** URL parameters that are part of the HTTP protocol, not ClickHouse settings. */
const PROTOCOL_PARAMS = new Set([
  'query',
  'query_id',
  'session_id',
  'session_timeout',
  'session_check',
  'database',
  'default_format',
  'user',
  'password',
  'quota_key',
  'role',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'enable_http_compression',
  'http_zlib_compression_level',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_wait_end_of_query',
  'http_response_buffer_size',
  'cancel_http_readonly_queries_on_client_close',
]);

/** What a server defaults to but chDB (an embedded engine) does not. */
const SERVER_DEFAULT_SETTINGS: Record<string, string> = { output_format_json_quote_64bit_integers: '1' };

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const VERSION_SUFFIX = ' (version chDB)';
const DEFAULT_DATABASE = 'default';

function settingLiteral(value: string): string {
  // Setting values come from URL parameters; they are literals of the SET statement, never query text.
  return NUMERIC.test(value) ? value : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function httpStatusFor(code: number): number {
  if (code === 62 || code === 27 || code === 36 || code === 456 || code === 457) return 400;
  if (code === 60 || code === 81) return 404;
  if (code === 516) return 403;
  return 500;
}

interface ParsedRequest {
  sql: string;
  format: string;
  database: string;
  queryId: string;
  params: Record<string, string>;
  settings: [string, string][];
  gzipResponse: boolean;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

function parse(req: http.IncomingMessage, url: URL, body: Buffer): ParsedRequest {
  if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    throw new EngineError(
      1001,
      'Code: 1001. DB::Exception: multipart parameters are not supported here. (STD_EXCEPTION)',
    );
  }
  const params: Record<string, string> = {};
  const settings: [string, string][] = [];
  for (const [key, value] of url.searchParams) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
    else if (!PROTOCOL_PARAMS.has(key)) {
      if (!SETTING_NAME.test(key)) {
        throw new EngineError(115, `Code: 115. DB::Exception: Unknown setting '${key}'. (UNKNOWN_SETTING)`);
      }
      settings.push([key, value]);
    }
  }
  const query = url.searchParams.get('query');
  // With `query` in the URL the body is data (an INSERT's rows); ClickHouse reads it right after the statement.
  const sql =
    query === null ? body.toString('utf8') : body.length > 0 ? `${query}\n${body.toString('utf8')}` : query;
  return {
    sql,
    format: url.searchParams.get('default_format') ?? 'TabSeparated',
    database: url.searchParams.get('database') ?? DEFAULT_DATABASE,
    queryId: url.searchParams.get('query_id') ?? crypto.randomUUID(),
    params,
    settings,
    gzipResponse:
      url.searchParams.get('enable_http_compression') === '1' &&
      String(req.headers['accept-encoding'] ?? '').includes('gzip'),
  };
}

async function execute(engine: ChdbEngine, r: ParsedRequest): Promise<EngineResult> {
  return engine.exclusive(async () => {
    const changed: string[] = [];
    try {
      if (r.database !== DEFAULT_DATABASE)
        await engine.run(`USE \`${r.database.replaceAll('`', '')}\``, 'TSV');
      for (const [name, value] of r.settings) {
        await engine.run(`SET ${name} = ${settingLiteral(value)}`, 'TSV');
        changed.push(name);
      }
      return await engine.run(r.sql, r.format, r.params);
    } finally {
      // The session is shared by all requests: restore what this one changed.
      for (const name of changed) {
        const base = SERVER_DEFAULT_SETTINGS[name];
        await engine.run(`SET ${name} = ${base === undefined ? 'DEFAULT' : settingLiteral(base)}`, 'TSV');
      }
      if (r.database !== DEFAULT_DATABASE) await engine.run(`USE ${DEFAULT_DATABASE}`, 'TSV');
    }
  });
}

export async function applyServerDefaults(engine: ChdbEngine): Promise<void> {
  await engine.exclusive(async () => {
    for (const [name, value] of Object.entries(SERVER_DEFAULT_SETTINGS)) {
      await engine.run(`SET ${name} = ${settingLiteral(value)}`, 'TSV');
    }
  });
}

function exceptionName(message: string): string {
  return /\(([A-Z_]+)\)\s*$/.exec(message)?.[1] ?? 'UNKNOWN_EXCEPTION';
}

export function createClickHouseHttpServer(engine: ChdbEngine): http.Server {
  return http.createServer(async (req, res) => {
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
      const parsed = parse(req, url, await readBody(req));
      queryId = parsed.queryId;
      const result = await execute(engine, parsed);
      const headers: Record<string, string> = {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-ClickHouse-Query-Id': parsed.queryId,
        'X-ClickHouse-Format': parsed.format,
        'X-ClickHouse-Summary': JSON.stringify({
          read_rows: String(result.rowsRead),
          read_bytes: String(result.bytesRead),
          elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)),
        }),
      };
      let body = result.body;
      if (parsed.gzipResponse) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
      res.writeHead(200, headers).end(body);
    } catch (err) {
      const e =
        err instanceof EngineError ? err : new EngineError(1001, `Code: 1001. DB::Exception: ${String(err)}`);
      res
        .writeHead(httpStatusFor(e.code), {
          'Content-Type': 'text/plain; charset=UTF-8',
          'X-ClickHouse-Exception-Code': String(e.code),
          'X-ClickHouse-Query-Id': queryId,
        })
        .end(`${e.message}${e.message.endsWith(')') ? VERSION_SUFFIX : ` (${exceptionName(e.message)})`}\n`);
    }
  });
}
