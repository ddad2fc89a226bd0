import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, ERRORS, type ErrorCode } from '../errors.ts';
import { WarehouseUnavailableError } from '../warehouse.ts';

interface Issue {
  in: string;
  path: string;
  code: string;
  message: string;
}

function body(code: ErrorCode, details?: unknown) {
  return details === undefined
    ? { error: code, message: ERRORS[code].message }
    : { error: code, message: ERRORS[code].message, details };
}

/** The one place where errors become responses: a stable code, a sentence, and (for 400) every zod issue. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(body('API_NOT_FOUND')));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.code(err.status).send(body(err.code, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues: Issue[] = err.validation.map((v) => ({
        in: err.validationContext ?? 'request',
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        code: v.keyword,
        message: v.message ?? 'invalid',
      }));
      return reply.code(400).send(body('API_BAD_REQUEST', { issues }));
    }
    if (err instanceof WarehouseUnavailableError) {
      req.log.error({ err }, 'warehouse unavailable');
      return reply.code(503).header('retry-after', '5').send(body('API_WAREHOUSE_UNAVAILABLE'));
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: err.code ?? 'API_BAD_REQUEST', message: err.message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send(body('API_INTERNAL'));
  });
}
