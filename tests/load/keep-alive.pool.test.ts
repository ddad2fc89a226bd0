import { describe, expect, it } from 'vitest';
import { readResponse } from './keep-alive.pool.ts';

const ANSWER =
  'HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 26\r\n\r\n{"accepted":5,"dropped":0}';

describe('readResponse', () => {
  it('reads a complete answer and its length in bytes', () => {
    expect(readResponse(Buffer.from(ANSWER))).toEqual({
      status: 202,
      body: '{"accepted":5,"dropped":0}',
      length: ANSWER.length,
    });
  });

  it('waits while the head or the body is incomplete', () => {
    expect(readResponse(Buffer.from(ANSWER.slice(0, 40)))).toBeUndefined();
    expect(readResponse(Buffer.from(ANSWER.slice(0, -1)))).toBeUndefined();
  });

  it('reads only the first of two answers in one chunk', () => {
    const refused = 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\nretry-after: 10\r\n\r\n{}';
    const buffer = Buffer.from(refused + ANSWER);
    expect(readResponse(buffer)).toEqual({ status: 503, body: '{}', length: refused.length });
    expect(readResponse(buffer.subarray(refused.length))).toMatchObject({
      status: 202,
      length: ANSWER.length,
    });
  });

  it('refuses answers without a Content-Length', () => {
    const chunked = 'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n';
    expect(readResponse(Buffer.from(chunked))).toBe('unsupported');
  });
});
