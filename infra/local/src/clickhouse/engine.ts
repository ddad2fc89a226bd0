import { EngineConnection } from './connection.ts';
import { native } from './native.ts';

export interface EngineOptions {
  dataDir: string;
  /** Connections for requests without a session: this many statements run at once, more wait their turn. */
  connections: number;
  /** `max_memory_usage` of every query, in bytes (0: no limit). */
  maxMemoryUsage: number;
}

/**
 * chDB's local mode changes a few settings from what a server defaults to (`SELECT name FROM system.settings
 * WHERE changed` on a bare connection lists them). Code must meet here what it meets on a real server.
 */
const SERVER_DEFAULTS = [
  '--implicit_select=0',
  '--allow_introspection_functions=0',
  '--storage_file_read_method=pread',
  '--output_format_arrow_use_native_writer=1',
];

/** The engine behind one data directory: a pool of connections for requests, and one to control them. */
export class ChdbEngine {
  private nextId = 0;
  private readonly control: EngineConnection;
  private readonly idle: EngineConnection[] = [];
  private pooled = 0;
  private readonly waiters: Array<(conn: EngineConnection) => void> = [];

  constructor(private readonly opts: EngineOptions) {
    this.control = this.connect();
  }

  /** A connection of its own, with the server's defaults, e.g. for a session. */
  connect(): EngineConnection {
    const tag = `chdb-http#${this.nextId++};`;
    const args = [
      ...SERVER_DEFAULTS,
      `--max_memory_usage=${this.opts.maxMemoryUsage}`,
      `--log_comment=${tag}`,
    ];
    return new EngineConnection(native.CreateConnection(this.opts.dataDir, args), tag);
  }

  /** A pooled connection; waits while all of them are busy. */
  lease(): Promise<EngineConnection> {
    const conn = this.idle.pop();
    if (conn) return Promise.resolve(conn);
    if (this.pooled < this.opts.connections) {
      this.pooled++;
      return Promise.resolve(this.connect());
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Returns a leased connection; `retire` closes it instead (its session state is not a pool's to share). */
  release(conn: EngineConnection, retire: boolean): void {
    let next = conn;
    if (retire) {
      void conn.close();
      next = this.connect();
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(next);
    else this.idle.push(next);
  }

  /** Ends what `conn` runs now: the engine's KILL QUERY, on the control connection so it never waits for the pool. */
  async kill(conn: EngineConnection): Promise<void> {
    await this.control.query(
      "KILL QUERY WHERE startsWith(Settings['log_comment'], {tag:String}) ASYNC",
      'TSV',
      { tag: conn.tag },
    );
  }

  /** Formats a small answer of this server's own (e.g. KILL QUERY's) in any output format the engine knows. */
  answer(sql: string, format: string, params: Record<string, string>) {
    return this.control.query(sql, format, params);
  }

  get busyConnections(): number {
    return this.pooled - this.idle.length;
  }

  async close(): Promise<void> {
    await Promise.all([...this.idle.splice(0), this.control].map((c) => c.close()));
  }
}
