/**
 * Every refusal the collector can answer, with its HTTP status. The body is always
 * `{ error: code, message, details? }`, the api's shape, so that SDKs and city backends can branch on `error`;
 * schema violations are listed in `details.issues`.
 */
export const ERROR_STATUS = {
  COLLECTOR_INVALID_JSON: 400,
  COLLECTOR_INVALID_BATCH: 400,
  COLLECTOR_UNKNOWN_SITE: 400,
  COLLECTOR_BAD_REQUEST: 400,
  COLLECTOR_UNAUTHORIZED: 401,
  COLLECTOR_ORIGIN_NOT_ALLOWED: 403,
  COLLECTOR_SITE_NOT_ALLOWED: 403,
  COLLECTOR_NOT_FOUND: 404,
  COLLECTOR_PAYLOAD_TOO_LARGE: 413,
  COLLECTOR_BATCH_TOO_LARGE: 413,
  COLLECTOR_UNSUPPORTED_MEDIA_TYPE: 415,
  COLLECTOR_RATE_LIMITED: 429,
  COLLECTOR_INTERNAL: 500,
  COLLECTOR_KAFKA_UNAVAILABLE: 503,
  COLLECTOR_BUFFER_FULL: 503,
  COLLECTOR_SALT_UNAVAILABLE: 503,
  COLLECTOR_SHUTTING_DOWN: 503,
  COLLECTOR_NOT_READY: 503,
  COLLECTOR_SDK_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorIssue {
  path: string;
  message: string;
}

export class CollectorError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { issues?: ErrorIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'CollectorError';
    this.statusCode = ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: { issues: ErrorIssue[] };
}

export function errorBody(code: ErrorCode, message: string, issues?: ErrorIssue[]): ErrorBody {
  return issues ? { error: code, message, details: { issues } } : { error: code, message };
}

/** Fastify's own error codes for bad input, mapped onto ours so that no bad request ever becomes a 5xx. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['COLLECTOR_PAYLOAD_TOO_LARGE', 'request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'COLLECTOR_UNSUPPORTED_MEDIA_TYPE',
    'send the batch as text/plain or application/json',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['COLLECTOR_BAD_REQUEST', 'content-length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['COLLECTOR_INVALID_JSON', 'request body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['COLLECTOR_INVALID_JSON', 'request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_TYPE: ['COLLECTOR_UNSUPPORTED_MEDIA_TYPE', 'content-type is empty'],
  FST_ERR_CTP_INVALID_TYPE: ['COLLECTOR_UNSUPPORTED_MEDIA_TYPE', 'content-type is invalid'],
  FST_ERR_BAD_URL: ['COLLECTOR_BAD_REQUEST', 'request URL is malformed'],
  FST_ERR_ASYNC_CONSTRAINT: ['COLLECTOR_BAD_REQUEST', 'request could not be routed'],
};

/** Turns any thrown value into our coded error; unknown errors become COLLECTOR_INTERNAL. */
export function toCollectorError(err: unknown): CollectorError {
  if (err instanceof CollectorError) return err;
  const e = err as { code?: unknown; statusCode?: unknown; name?: unknown };
  const mapped = typeof e?.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return new CollectorError(mapped[0], mapped[1]);
  // JSON.parse and secure-json-parse throw SyntaxError (prototype poisoning included).
  if (e?.name === 'SyntaxError')
    return new CollectorError('COLLECTOR_INVALID_JSON', 'request body is not valid JSON');
  const status = typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413) return new CollectorError('COLLECTOR_PAYLOAD_TOO_LARGE', 'request body is too large');
  if (status === 415)
    return new CollectorError(
      'COLLECTOR_UNSUPPORTED_MEDIA_TYPE',
      'send the batch as text/plain or application/json',
    );
  if (status >= 400 && status < 500) return new CollectorError('COLLECTOR_BAD_REQUEST', 'malformed request');
  return new CollectorError('COLLECTOR_INTERNAL', 'internal error');
}
