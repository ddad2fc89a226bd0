/** One generated request and the answer it must get. */

/**
 * - `accepted`: 202 with `{ accepted: events, dropped: 0 }` (a valid batch, however odd its content);
 * - `dropped`: 202 with `{ accepted: 0, dropped: events }` (a valid batch from a bot, or under Do Not Track or GPC);
 * - `served`: 200 (a valid api request with a key that may read it);
 * - `refused`: a 4xx;
 * - `unharmed`: anything below 500 but 202: nothing may be ingested;
 * - `nothing`: below 500, and a 202 only with `accepted: 0`: a browser batch whose every event is beyond repair
 *   (the browser route may drop bad events one by one instead of refusing the batch);
 * - `tolerated`: below 500; a browser batch with events the collector may repair (a name with odd characters,
 *   a number sent as a string), so that how many it stores is its answer's to say;
 * - `status`: exactly this status (the api, whose answer the OpenAPI document and the key's role decide), and with
 *   `error` this error code in the JSON body.
 */
export type Expectation =
  | { kind: 'accepted'; events: number }
  | { kind: 'dropped'; events: number }
  | { kind: 'served' }
  | { kind: 'refused' }
  | { kind: 'unharmed' }
  | { kind: 'nothing' }
  | { kind: 'tolerated' }
  | { kind: 'status'; status: number; error?: string };

export const CATEGORIES = [
  'valid',
  'wrong-types',
  'huge-bodies',
  'deep-nesting',
  'invalid-utf8',
  'injection',
  'header-abuse',
  'wrong-methods',
  'random-paths',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface HostileRequest {
  category: Category;
  method: string;
  /** Path and query, already percent-encoded where undici needs it. */
  path: string;
  /** An array sends the header once per value. */
  headers: Record<string, string | string[]>;
  /** A string or buffer goes with Content-Length; chunks go with Transfer-Encoding: chunked. */
  body?: string | Buffer | { chunks: readonly Buffer[] };
  expect: Expectation;
  /** Text that must not appear in the answer (a file outside the web root, another city's data). */
  mustNotContain?: readonly string[];
  /**
   * The server may close the connection instead of answering: it refused a body or header it would not read
   * to its end, and the client was still writing it.
   */
  mayClose?: boolean;
}

export const REFUSED: Expectation = { kind: 'refused' };
export const UNHARMED: Expectation = { kind: 'unharmed' };
export const SERVED: Expectation = { kind: 'served' };
export const NOTHING: Expectation = { kind: 'nothing' };
export const TOLERATED: Expectation = { kind: 'tolerated' };

/** Whether an answer meets the expectation; `accepted`/`dropped` also check the body's counts. */
export function meets(expect: Expectation, status: number, body: string): boolean {
  switch (expect.kind) {
    case 'accepted':
    case 'dropped': {
      if (status !== 202) return false;
      const result = JSON.parse(body) as { accepted: number; dropped: number };
      return expect.kind === 'accepted'
        ? result.accepted === expect.events && result.dropped === 0
        : result.accepted === 0 && result.dropped === expect.events;
    }
    case 'served':
      return status === 200;
    case 'refused':
      return status >= 400 && status < 500;
    case 'unharmed':
      return status < 500 && status !== 202;
    case 'nothing':
      return status < 500 && (status !== 202 || (JSON.parse(body) as { accepted: number }).accepted === 0);
    case 'tolerated':
      return status < 500;
    case 'status':
      return status === expect.status && (expect.error === undefined || errorCode(body) === expect.error);
  }
}

function errorCode(body: string): string | null {
  try {
    return (JSON.parse(body) as { error?: string }).error ?? null;
  } catch {
    return null;
  }
}

/** Events the request must put into Kafka. */
export function eventsIngested(expect: Expectation): number {
  return expect.kind === 'accepted' ? expect.events : 0;
}
