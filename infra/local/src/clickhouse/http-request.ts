import type http from 'node:http';
import { createGunzip } from 'node:zlib';
import { DEFAULT_DATABASE, type RequestContext } from './connection.ts';
import { ERROR, engineError } from './native.ts';
import { isInsert, splitInlineInsert } from './statement.ts';

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

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface HttpQuery {
  /** The statement's text. */
  sql: string;
  /** Rows for an INSERT, as bytes; undefined when the statement carries no data of its own. */
  data: Buffer | undefined;
  queryId: string;
  session: { id: string; timeout: string | null; check: boolean } | undefined;
  defaultFormat: string;
  context: RequestContext;
  params: Record<string, string>;
  gzipResponse: boolean;
  /** The client wants the whole result before the first byte (a server buffers it then). */
  waitEndOfQuery: boolean;
}

/** The request body as bytes, decompressed, in one buffer (chunks are joined once, never decoded). */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const source = req.headers['content-encoding'] === 'gzip' ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

export function parseHttpQuery(req: http.IncomingMessage, url: URL, body: Buffer): HttpQuery {
  if (String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    throw engineError(ERROR.STD_EXCEPTION, 'STD_EXCEPTION', 'multipart parameters are not supported here');
  }
  const search = url.searchParams;
  const params: Record<string, string> = {};
  const settings: [string, string][] = [];
  for (const [key, value] of search) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
    else if (!PROTOCOL_PARAMS.has(key)) {
      if (!SETTING_NAME.test(key))
        throw engineError(ERROR.UNKNOWN_SETTING, 'UNKNOWN_SETTING', `Unknown setting '${key}'`);
      settings.push([key, value]);
    }
  }
  const sessionId = search.get('session_id');
  return {
    ...statementOf(search.get('query'), body),
    queryId: search.get('query_id') || crypto.randomUUID(),
    session: sessionId
      ? { id: sessionId, timeout: search.get('session_timeout'), check: search.get('session_check') === '1' }
      : undefined,
    defaultFormat: search.get('default_format') ?? 'TabSeparated',
    context: { database: search.get('database') || DEFAULT_DATABASE, settings },
    params,
    gzipResponse:
      search.get('enable_http_compression') === '1' &&
      String(req.headers['accept-encoding'] ?? '').includes('gzip'),
    waitEndOfQuery: search.get('wait_end_of_query') === '1' || search.get('http_wait_end_of_query') === '1',
  };
}

/**
 * As a server reads it: with `query` in the URL, the body is an INSERT's rows or the statement's continuation;
 * without it, the body is the statement, possibly followed by an INSERT's rows.
 */
function statementOf(query: string | null, body: Buffer): { sql: string; data: Buffer | undefined } {
  if (query !== null) {
    if (body.length === 0) return { sql: query, data: undefined };
    if (isInsert(query)) return { sql: query, data: body };
    return { sql: `${query}\n${body.toString('utf8')}`, data: undefined };
  }
  const inline = splitInlineInsert(body);
  if (inline) return { sql: inline.prefix, data: inline.data.length > 0 ? inline.data : undefined };
  return { sql: body.toString('utf8'), data: undefined };
}
