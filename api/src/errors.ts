/** Every error the api answers with, by code; one error handler maps them (see http/error.handler.ts). */
export const ERRORS = {
  API_UNAUTHORIZED: { status: 401, message: 'a valid API key is required (Authorization: Bearer <key>)' },
  API_FORBIDDEN: { status: 403, message: 'this API key may not read this resource' },
  API_UNKNOWN_CITY: { status: 404, message: 'unknown city' },
  API_UNKNOWN_SERVICE: { status: 404, message: 'unknown service' },
  API_NOT_FOUND: { status: 404, message: 'no such route' },
  API_METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'this route does not take this method; see the Allow header',
  },
  API_BAD_REQUEST: { status: 400, message: 'invalid request parameters' },
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
