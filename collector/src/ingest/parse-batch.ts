import { MAX_EVENTS_PER_BATCH } from '@godonu/contract';
import type { z } from 'zod';
import { CollectorError, type ErrorIssue } from '../errors.ts';

/** Enough to fix a batch; a hostile body with thousands of issues does not get them all echoed back. */
const MAX_REPORTED_ISSUES = 10;

/** Validates a parsed body against a contract schema, or throws the precise 4xx. */
export function parseBatch<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new CollectorError('COLLECTOR_INVALID_BATCH', 'the body must be a JSON object (a batch)');
  }
  const events = (body as { events?: unknown }).events;
  if (Array.isArray(events) && events.length > MAX_EVENTS_PER_BATCH) {
    throw new CollectorError(
      'COLLECTOR_BATCH_TOO_LARGE',
      `a batch carries at most ${MAX_EVENTS_PER_BATCH} events, this one ${events.length}`,
    );
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues: ErrorIssue[] = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new CollectorError('COLLECTOR_INVALID_BATCH', 'the batch does not match the contract', { issues });
}
