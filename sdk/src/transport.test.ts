import { describe, expect, it } from 'vitest';
import { outcome } from './transport.ts';

const response = (status: number, retryAfter?: string): Response =>
  new Response(null, { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} });

describe('outcome', () => {
  it('settles accepted and rejected batches: retrying a 4xx cannot help', () => {
    expect([202, 200, 400, 403, 413].map((s) => outcome(response(s)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('asks for a retry after 429 and 5xx, after Retry-After seconds when given', () => {
    expect(outcome(response(429, '3'))).toBe(3000);
    expect(outcome(response(503, '1'))).toBe(1000);
  });

  it('leaves the delay to the backoff without a usable Retry-After', () => {
    expect(outcome(response(503))).toBe(0);
    expect(outcome(response(502))).toBe(0);
    // An HTTP-date is not understood: NaN, falsy like 0.
    expect(outcome(response(503, 'Wed, 21 Oct 2026 07:28:00 GMT'))).toBeNaN();
  });
});
