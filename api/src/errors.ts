/** Every error the api answers with, by code; one error handler maps them (see http/error.handler.ts). */
export const ERRORS = {
  API_UNAUTHORIZED: {
    status: 401,
    message: 'a valid API key (Authorization: Bearer <key>) or a signed-in dashboard session is required',
  },
  API_FORBIDDEN: { status: 403, message: 'this API key may not read this resource' },
  API_UNKNOWN_CITY: { status: 404, message: 'unknown city' },
  API_UNKNOWN_SERVICE: { status: 404, message: 'unknown service' },
  API_UNKNOWN_ANNOTATION: { status: 404, message: 'this city has no such annotation, or it was deleted' },
  API_NOT_FOUND: { status: 404, message: 'no such route' },
  API_UNKNOWN_RELEASE: { status: 404, message: 'no open-data release for this month' },
  API_RELEASE_EXISTS: {
    status: 409,
    message:
      'this month has been released already: a release is never recomputed or replaced (see /open-data/)',
  },
  API_METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'this route does not take this method; see the Allow header',
  },
  API_BAD_REQUEST: { status: 400, message: 'invalid request parameters' },
  API_PERIOD_NOT_PUBLISHED: {
    status: 400,
    message:
      'numbers of other cities are published only for whole, closed calendar periods: period=2026-W47 (ISO week), 2026-11 (month), 2026-Q4 (quarter) or 2026 (year), ended before today; from/to only where they equal one such period',
  },
  API_INTERVAL_NOT_PUBLISHED: {
    status: 400,
    message:
      'a series others may read has whole calendar periods as buckets: interval=week for a week, interval=month for a month, quarter or year',
  },
  API_OFFLINE_CASES_INVALID: {
    status: 422,
    message: 'the file has problems (details.issues, each with its line); nothing was imported',
  },
  API_MONTH_NOT_BEGUN: { status: 400, message: 'the month has not begun yet' },
  API_RATE_LIMITED: {
    status: 429,
    message: 'too many requests for this API key; wait as Retry-After says',
  },
  API_WAREHOUSE_UNAVAILABLE: { status: 503, message: 'the warehouse did not answer; retry shortly' },
  API_INTERNAL: { status: 500, message: 'internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}
