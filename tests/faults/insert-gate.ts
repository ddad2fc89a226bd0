/*
 * An HTTP pass-through in front of ClickHouse that lets a test choose the worst moment to kill the processor:
 * armed, it lets the next INSERT into a table reach ClickHouse and be stored, then holds the answer back. The
 * processor is then inside its insert, the rows are stored, and their offsets are not committed — the
 * "mid-batch" a crash must survive without losing or doubling anything. Everything else passes unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface HeldInsert {
  /** Rows the held insert stored (lines of its TabSeparated body). */
  rows: number;
  /** Delivers the answer (to nobody, if the processor is gone by then). */
  release(): void;
}

/** Request and response headers that belong to one connection, not to the message. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export class InsertGate {
  private armed: { table: string; onStored: (held: HeldInsert) => void } | undefined;
  private readonly agent = new http.Agent({ keepAlive: true });

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: URL,
  ) {}

  static async open(upstreamUrl: string): Promise<InsertGate> {
    const server = http.createServer();
    const gate = new InsertGate(server, new URL(upstreamUrl));
    server.on('request', (req, res) => void gate.pass(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Arms the gate for the next insert into `table` that ClickHouse accepts; resolves once it is stored, or fails
   * (and disarms) when none came within `deadlineMs`.
   */
  holdNextStoredInsert(table: string, deadlineMs: number): Promise<HeldInsert> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.armed = undefined;
        reject(new Error(`no insert into ${table} within ${deadlineMs} ms`));
      }, deadlineMs);
      this.armed = {
        table,
        onStored: (held) => {
          clearTimeout(timer);
          resolve(held);
        },
      };
    });
  }

  async close(): Promise<void> {
    this.armed = undefined;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.agent.destroy();
  }

  private async pass(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const body = await readAll(req);
      const answer = await this.forward(req, body);
      const armed = this.armed;
      const query = new URL(req.url ?? '/', 'http://gate').searchParams.get('query') ?? '';
      if (armed && answer.status === 200 && isInsertInto(query, armed.table)) {
        this.armed = undefined;
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        armed.onStored({ rows: countRows(req, body), release });
        await released;
      }
      if (res.destroyed) return;
      res
        .writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length })
        .end(answer.body);
    } catch {
      res.destroy();
    }
  }

  private forward(
    req: http.IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        new URL(req.url ?? '/', this.upstream),
        {
          method: req.method,
          agent: this.agent,
          headers: { ...withoutHopByHop(req.headers), 'content-length': body.length },
        },
        (answer) => {
          readAll(answer).then(
            (data) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: withoutHopByHop(answer.headers),
                body: data,
              }),
            reject,
          );
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function isInsertInto(query: string, table: string): boolean {
  return new RegExp(`^\\s*INSERT\\s+INTO\\s+\`?${table}\`?\\s`, 'i').test(query);
}

function countRows(req: http.IncomingMessage, body: Buffer): number {
  const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
