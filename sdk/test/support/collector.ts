import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BrowserBatch, browserEvents, type Event } from '@godonu/contract';

/** One request as it arrived, before anything interprets it. */
export interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  /** `cors` for `fetch`, `no-cors` for `sendBeacon` (a text/plain beacon is a no-cors request). */
  fetchMode: string | undefined;
  cookie: string | undefined;
  body: string;
  /** Milliseconds since the collector started. */
  at: number;
}

/**
 * How the collector answers the next request: a status, optionally a `Retry-After` and a promise to wait for
 * before answering (the request is recorded at once), or a dropped socket.
 */
export type Reply = { status: number; retryAfter?: string; after?: Promise<unknown> } | 'drop';

export interface TestCollector {
  endpoint: string;
  received: Received[];
  /** Answers for the next requests, in order; afterwards every request gets 202. */
  reply(...replies: Reply[]): void;
  /** Batches of the requests answered 202, in arrival order. */
  accepted(): BrowserBatch[];
  /**
   * Events of the accepted batches in arrival order, each id once, read as the real collector reads them
   * (`browserEvents` of the contract: coerced, invalid ones dropped). Delivery is at least once: a batch whose
   * `fetch` failed as the page went away is sent again by beacon, and downstream de-duplicates by id as here.
   * A repeated id must carry the identical event, or this throws.
   */
  events(): Event[];
  /** How many events of the accepted batches the real collector would drop as invalid. */
  invalid(): number;
  /** Resolves once `count` events were accepted in total; fails after `timeoutMs`. */
  waitForEvents(count: number, timeoutMs?: number): Promise<Event[]>;
  /** Forgets everything received so far. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the collector's `POST /v1/events` that records exactly what arrives. It answers CORS the way
 * the real collector must for the SDK to read the status and `Retry-After` of a `fetch`.
 */
export const startCollector = async (): Promise<TestCollector> => {
  const started = Date.now();
  const received: Received[] = [];
  const acceptedBodies: string[] = [];
  const replies: Reply[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      contentType: req.headers['content-type'],
      fetchMode: req.headers['sec-fetch-mode'] as string | undefined,
      cookie: req.headers.cookie,
      body,
      at: Date.now() - started,
    });
    const reply = replies.shift() ?? { status: 202 };
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-expose-headers': 'Retry-After',
    };
    if (reply.retryAfter) headers['retry-after'] = reply.retryAfter;
    if (reply.status === 202) acceptedBodies.push(body);
    const answer = (): void => void res.writeHead(reply.status, headers).end();
    if (reply.after) reply.after.then(answer, answer);
    else answer();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const accepted = (): BrowserBatch[] => acceptedBodies.map((b) => JSON.parse(b) as BrowserBatch);
  const events = (): Event[] => {
    const seen = new Map<string, string>();
    return accepted()
      .flatMap((b) => browserEvents(b).events)
      .filter((e) => {
        const json = JSON.stringify(e);
        const first = seen.get(e.id);
        if (first !== undefined && first !== json) throw new Error(`event id ${e.id} re-used for ${json}`);
        seen.set(e.id, json);
        return first === undefined;
      });
  };

  return {
    endpoint: `http://127.0.0.1:${port}/v1/events`,
    received,
    reply: (...r) => {
      replies.push(...r);
    },
    accepted,
    events,
    invalid: () => accepted().reduce((n, b) => n + browserEvents(b).invalid, 0),
    async waitForEvents(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events().length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} events, got ${events().length}: ${JSON.stringify(events())}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return events();
    },
    clear() {
      received.length = 0;
      acceptedBodies.length = 0;
      replies.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
};
