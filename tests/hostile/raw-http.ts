/*
 * Malformed HTTP that no client library would send, over plain sockets: invalid bytes in the request line and
 * headers, conflicting lengths, broken chunking, smuggling attempts, oversized heads, pipelining into garbage.
 * Every body here is refused by the contract, so nothing sent this way may ever be accepted.
 */
import { connect } from 'node:net';
import type { Random } from '@godonu/infra/seeded-random';

export interface RawTarget {
  port: number;
  /** A route that takes a POST body, and headers that get it past everything but the body. */
  post: { path: string; headers: string };
  /** A route that answers a GET. */
  get: string;
}

export interface RawAnswer {
  statuses: number[];
  /** No answer before the server closed the connection. */
  closedSilently: boolean;
  /** Neither an answer nor a close within the deadline. */
  timedOut: boolean;
}

const DEADLINE_MS = 2_000;

function templates(t: RawTarget, r: Random): (() => string)[] {
  const { path: P, headers: H } = t.post;
  const G = t.get;
  const body = r.pick(['{"v":1}', '{}', '[]', 'null', '{"v":1,"site":"giessen","events":"x"}']);
  const post = (extra: string, payload = body) =>
    `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}${extra}Content-Length: ${Buffer.byteLength(payload, 'latin1')}\r\n\r\n${payload}`;
  const chunked = (chunks: string) =>
    `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Transfer-Encoding: chunked\r\n\r\n${chunks}`;
  return [
    () => 'GARBAGE\r\n\r\n',
    () => 'GET\r\n\r\n',
    () => `GET ${G} HTTP/9.9\r\nHost: x\r\n\r\n`,
    () => `GET ${G} HTTP/1.1 extra\r\nHost: x\r\n\r\n`,
    () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    () => `GET http://evil.example${G} HTTP/1.1\r\nHost: evil.example\r\n\r\n`,
    () => 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n',
    () => `get ${G} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${G}\u00ff\u00fe\u00c0\u00af HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${G}/a b HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${G}\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-Tab\t: x\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\nHost: x\n\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-Bytes: \u00ff\u00fe\u00ed\u00a0\u0080\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n`,
    () => `GET ${G} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000 + r.int(60_000))}\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\n${'a: b\r\n'.repeat(1_000 + r.int(1_500))}\r\n`,
    () => `GET ${G}?${'q'.repeat(17_000 + r.int(10_000))} HTTP/1.1\r\nHost: x\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    () =>
      `GET ${G} HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n`,
    () => `GET ${G} HTTP/1.1\r\nHost: x\r\n\r\nGET ${G} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n`,
    () => post('Content-Length: 7\r\n'),
    () => post('Transfer-Encoding: chunked\r\n'),
    () => post('Expect: 100-continue\r\n'),
    () => post('Expect: the-unexpected\r\n'),
    () => post('Content-Type: application/json\r\nContent-Type: text/html\r\n'),
    () => post('', `{"v":1,"site":"gi\u00ff\u00feessen"}`),
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: -1\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: abc\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: 1e3\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: 99999999999999999999\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: 4294967296\r\n\r\n{}`,
    () =>
      `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`,
    () => chunked('zz\r\nxx\r\n0\r\n\r\n'),
    () => chunked('-1\r\nx\r\n0\r\n\r\n'),
    () => chunked('ffffffffffffffffff\r\nx\r\n0\r\n\r\n'),
    () => chunked(`2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`),
    () => chunked('2\r\n{}abcdef\r\n0\r\n\r\n'),
    () => chunked('2\r\n{}\r\n0\r\nX-Trailer: \u0000\r\n\r\n'),
    () =>
      `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Transfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    () =>
      `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}Content-Length: 100\r\n\r\n{"v":1`,
    () => `POST ${P} HTTP/1.1\r\nHost: x\r\n${H}`,
    () => chunked('5\r\n{"v":'),
  ];
}

/** One malformed request per call, chosen and varied by `r`. */
export function rawRequest(t: RawTarget, r: Random): Buffer {
  return Buffer.from(r.pick(templates(t, r))(), 'latin1');
}

/** Writes the bytes, half-closes, and collects every status line until the server closes (or a deadline). */
export function sendRaw(port: number, bytes: Buffer, localAddress: string): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let answer = '';
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const statuses = [...answer.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      resolve({ statuses, closedSilently: !timedOut && statuses.length === 0, timedOut });
    };
    const timer = setTimeout(() => finish(true), DEADLINE_MS);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.end(bytes);
  });
}
