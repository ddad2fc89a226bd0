import type { EngineConnection } from './connection.ts';
import type { ChdbEngine } from './engine.ts';
import { ERROR, engineError } from './native.ts';

/** As a server: 60 s unless the request says otherwise, at most an hour. */
const DEFAULT_TIMEOUT_S = 60;
const MAX_TIMEOUT_S = 3600;

interface Session {
  conn: EngineConnection;
  busy: boolean;
  timeoutMs: number;
  expiry?: NodeJS.Timeout;
}

/** HTTP sessions (`session_id`): each its own engine connection, so its SETs and temporary tables stay its own. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly engine: ChdbEngine,
    private readonly maxSessions: number,
  ) {}

  acquire(id: string, timeoutParam: string | null, check: boolean): EngineConnection {
    const timeoutS = timeoutParam === null ? DEFAULT_TIMEOUT_S : Number(timeoutParam);
    if (!Number.isInteger(timeoutS) || timeoutS < 0 || timeoutS > MAX_TIMEOUT_S) {
      throw engineError(
        ERROR.BAD_ARGUMENTS,
        'INVALID_SESSION_TIMEOUT',
        `Invalid session timeout: '${timeoutParam}', max: ${MAX_TIMEOUT_S}`,
      );
    }
    let session = this.byId.get(id);
    if (session?.busy) {
      throw engineError(
        ERROR.SESSION_IS_LOCKED,
        'SESSION_IS_LOCKED',
        `Session ${id} is locked by a concurrent client`,
      );
    }
    if (!session) {
      if (check) throw engineError(ERROR.SESSION_NOT_FOUND, 'SESSION_NOT_FOUND', `Session ${id} not found`);
      if (this.byId.size >= this.maxSessions) {
        throw engineError(
          ERROR.TOO_MANY_SIMULTANEOUS_QUERIES,
          'TOO_MANY_SIMULTANEOUS_QUERIES',
          `Too many sessions: ${this.maxSessions} are open; close some or wait for their session_timeout`,
        );
      }
      session = { conn: this.engine.connect(), busy: false, timeoutMs: timeoutS * 1000 };
      this.byId.set(id, session);
    }
    clearTimeout(session.expiry);
    session.busy = true;
    session.timeoutMs = timeoutS * 1000;
    return session.conn;
  }

  /** The session lives on for its timeout after each request. */
  release(id: string): void {
    const session = this.byId.get(id);
    if (!session) return;
    session.busy = false;
    session.expiry = setTimeout(() => this.end(id), session.timeoutMs);
    session.expiry.unref();
  }

  get size(): number {
    return this.byId.size;
  }

  private end(id: string): void {
    const session = this.byId.get(id);
    if (!session || session.busy) return;
    this.byId.delete(id);
    void session.conn.close();
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.byId.values()];
    this.byId.clear();
    for (const s of sessions) clearTimeout(s.expiry);
    await Promise.all(sessions.map((s) => s.conn.close()));
  }
}
