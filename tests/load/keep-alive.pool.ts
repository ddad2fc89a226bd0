/**
 * A lean HTTP/1.1 client for the load driver: a fixed pool of keep-alive sockets, one request at a time per
 * socket, each request written with one `write` and each answer read by its Content-Length. It costs a fraction
 * of `node:http`'s client per request, so the driver takes less CPU from the services it measures. It knows only
 * what the collector answers (always a Content-Length, never chunked); anything else fails the request.
 */
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
/** How often requests waiting longer than the timeout are failed. */
const SWEEP_MS = 250;

/**
 * The first complete response in `buffer`: its status, body and length in bytes; undefined while incomplete;
 * `unsupported` without a Content-Length (chunked or close-delimited), which the collector never sends.
 */
export function readResponse(
  buffer: Buffer,
): { status: number; body: string; length: number } | 'unsupported' | undefined {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headerEnd);
  const contentLength = CONTENT_LENGTH.exec(head);
  if (!contentLength) return 'unsupported';
  const bodyStart = headerEnd + HEADER_END.length;
  const length = bodyStart + Number(contentLength[1]);
  if (buffer.length < length) return undefined;
  // `HTTP/1.1 202 Accepted`: the status code sits at a fixed place.
  return { status: Number(head.slice(9, 12)), body: buffer.toString('utf8', bodyStart, length), length };
}

export interface PoolRequest {
  /** Request line, headers and body, ready to write. */
  bytes: string;
  done: (status: number | 'error' | 'timeout', body: string) => void;
}

interface Connection {
  socket: net.Socket | undefined;
  current: PoolRequest | undefined;
  startedAt: number;
  buffer: Buffer;
}

export class KeepAlivePool {
  private readonly queue: PoolRequest[] = [];
  private queueHead = 0;
  private readonly idle: Connection[] = [];
  private readonly connections: Connection[] = [];
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly host: string,
    private readonly port: number,
    size: number,
    private readonly timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) {
      const c: Connection = { socket: undefined, current: undefined, startedAt: 0, buffer: Buffer.alloc(0) };
      this.connections.push(c);
      this.idle.push(c);
    }
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
  }

  /** Requests waiting for a free connection. */
  get queued(): number {
    return this.queue.length - this.queueHead;
  }

  request(req: PoolRequest): void {
    const c = this.idle.pop();
    if (c) this.send(c, req);
    else this.queue.push(req);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.connections) c.socket?.destroy();
  }

  private send(c: Connection, req: PoolRequest): void {
    c.current = req;
    c.startedAt = performance.now();
    c.socket ??= this.connect(c);
    c.socket.write(req.bytes);
  }

  private connect(c: Connection): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.onData(c, chunk));
    const fail = () => {
      if (c.socket !== socket) return;
      c.socket = undefined;
      c.buffer = Buffer.alloc(0);
      this.finish(c, 'error', '');
    };
    socket.on('error', fail);
    socket.on('close', fail);
    return socket;
  }

  private onData(c: Connection, chunk: Buffer): void {
    c.buffer = c.buffer.length === 0 ? chunk : Buffer.concat([c.buffer, chunk]);
    const response = readResponse(c.buffer);
    if (response === undefined) return;
    if (response === 'unsupported') {
      c.socket?.destroy();
      return;
    }
    c.buffer = c.buffer.subarray(response.length);
    this.finish(c, response.status, response.body);
  }

  private finish(c: Connection, status: number | 'error' | 'timeout', body: string): void {
    const req = c.current;
    if (!req) return;
    c.current = undefined;
    req.done(status, body);
    const next = this.dequeue();
    if (next) this.send(c, next);
    else this.idle.push(c);
  }

  private dequeue(): PoolRequest | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const req = this.queue[this.queueHead++];
    // Compact now and then instead of shifting on every request.
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return req;
  }

  private sweep(): void {
    const now = performance.now();
    for (const c of this.connections) {
      if (!c.current || now - c.startedAt < this.timeoutMs) continue;
      const socket = c.socket;
      c.socket = undefined;
      c.buffer = Buffer.alloc(0);
      socket?.destroy();
      this.finish(c, 'timeout', '');
    }
  }
}
