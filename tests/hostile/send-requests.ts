/*
 * Sends generated requests over keep-alive connections with undici, many at once, and tallies the answers per
 * category and status. A request may come from one of several loopback addresses (127.0.0.0/8 is all local):
 * the collector limits requests per client address, and real traffic comes from many.
 */
import { Readable } from 'node:stream';
import { Pool } from 'undici';
import { type Category, eventsIngested, type HostileRequest, meets } from './hostile-request.ts';

const CONNECTIONS_PER_ADDRESS = 4;
const MAX_REPORTED_VIOLATIONS = 20;

export interface Tally {
  sent: number;
  byCategory: Map<Category, Map<number, number>>;
  /** Requests the connection ended before an answer came. */
  unanswered: Map<Category, number>;
  serverErrors: number;
  /** Events the 202 answers say were accepted. */
  acceptedEvents: number;
  /** Events the generator meant to be accepted. */
  expectedEvents: number;
  /** Events accepted from `tolerated` requests: the collector repaired them, its answer counts them. */
  repairedEvents: number;
  /** Answers that contained text they must not. */
  leaks: number;
  /** Answers that were not what the request expected; the first few are in `violations`. */
  violationCount: number;
  violations: string[];
}

export function emptyTally(): Tally {
  return {
    sent: 0,
    byCategory: new Map(),
    unanswered: new Map(),
    serverErrors: 0,
    acceptedEvents: 0,
    expectedEvents: 0,
    repairedEvents: 0,
    leaks: 0,
    violationCount: 0,
    violations: [],
  };
}

/**
 * How long one request may wait for its answer. The flood is judged by its answers (status, body, memory), not
 * their speed, which the benchmarks measure: on a busy 2-core machine the local ClickHouse, one query at a time,
 * made api answers wait up to 14.5 s, and a 15 s deadline failed runs that had nothing wrong.
 */
const ANSWER_DEADLINE_MS = 60_000;

export class RequestSender {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly origin: string,
    private readonly addresses: readonly string[] = ['127.0.0.1'],
  ) {}

  private pool(address: string): Pool {
    let pool = this.pools.get(address);
    if (!pool) {
      pool = new Pool(this.origin, {
        connections: CONNECTIONS_PER_ADDRESS,
        localAddress: address,
        headersTimeout: ANSWER_DEADLINE_MS,
        bodyTimeout: ANSWER_DEADLINE_MS,
      });
      this.pools.set(address, pool);
    }
    return pool;
  }

  /** Sends `count` requests from `requests` with `concurrency` in flight, round-robin over the addresses. */
  async send(
    requests: Iterator<HostileRequest>,
    count: number,
    concurrency: number,
    tally: Tally,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const item = requests.next();
        if (item.done) return;
        const address = this.addresses[(tally.sent + i) % this.addresses.length] as string;
        await this.one(item.value, address, tally);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    tally.sent += count;
  }

  private async one(req: HostileRequest, address: string, tally: Tally): Promise<void> {
    tally.expectedEvents += eventsIngested(req.expect);
    const body =
      req.body === undefined || typeof req.body === 'string' || Buffer.isBuffer(req.body)
        ? req.body
        : Readable.from(req.body.chunks);
    let status: number;
    let text: string;
    try {
      const res = await this.pool(address).request({
        method: req.method,
        path: req.path,
        headers: req.headers,
        body,
        // A server may close a connection whose request body it did not read: no later request may ride on it.
        reset: req.mayClose === true,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
        tally.unanswered.set(req.category, (tally.unanswered.get(req.category) ?? 0) + 1);
        if (!req.mayClose) this.violation(tally, req, `no answer (${code})`);
        return;
      }
      throw new Error(
        `undici would not send a ${req.category} request ${req.method} ${req.path.slice(0, 80)}`,
        {
          cause: err,
        },
      );
    }
    const statuses = tally.byCategory.get(req.category) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    tally.byCategory.set(req.category, statuses);
    if (status >= 500) tally.serverErrors++;
    if (status === 202) {
      const { accepted } = JSON.parse(text) as { accepted: number };
      tally.acceptedEvents += accepted;
      if (req.expect.kind === 'tolerated') tally.repairedEvents += accepted;
    }
    const leaked = req.mustNotContain?.find((secret) => text.includes(secret));
    if (leaked !== undefined) tally.leaks++;
    if (leaked === undefined && meets(req.expect, status, text)) return;
    this.violation(tally, req, `${status} ${text.slice(0, 200)}`);
  }

  private violation(tally: Tally, req: HostileRequest, answer: string): void {
    tally.violationCount++;
    if (tally.violations.length < MAX_REPORTED_VIOLATIONS) {
      tally.violations.push(
        `${req.category} ${req.method} ${req.path.slice(0, 120)} expected ${JSON.stringify(req.expect)}, got ${answer}; sent ${describeBody(req.body)}`,
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}

function describeBody(body: HostileRequest['body']): string {
  if (body === undefined) return 'no body';
  if (typeof body === 'string') return body.slice(0, 300);
  if (Buffer.isBuffer(body)) return `${body.length} bytes: ${body.subarray(0, 300).toString('latin1')}`;
  return `${body.chunks.length} chunks`;
}

/** `{ category: { status: count } }` for printing. */
export function tallyTable(tally: Tally): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [category, statuses] of tally.byCategory) {
    const row: Record<string, number> = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    const unanswered = tally.unanswered.get(category);
    if (unanswered) row.unanswered = unanswered;
    row.total = [...statuses.values()].reduce((a, b) => a + b, 0) + (unanswered ?? 0);
    out[category] = row;
  }
  return out;
}
