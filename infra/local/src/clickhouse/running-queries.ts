import type { EngineConnection } from './connection.ts';
import { ERROR, engineError } from './native.ts';

/** A statement on its way through the engine, by the client's query_id. */
export class RunningQuery {
  /** Set when the client went away, KILL QUERY named it, or the server stops: the handler stops fetching. */
  cancelled = false;
  private killing: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly sql: string,
    readonly conn: EngineConnection,
    /** Inserts may finish on shutdown; reads are cancelled at once. */
    readonly writes: boolean,
    readonly settled: Promise<void>,
    private readonly kill: (conn: EngineConnection) => Promise<void>,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.killing = this.kill(this.conn).catch(() => undefined);
  }

  /** The connection may serve another statement only after a kill aimed at this one has run. */
  async afterKill(): Promise<void> {
    await this.killing;
  }
}

/** Queries by the client's query_id, as KILL QUERY and shutdown need them. */
export class RunningQueries {
  private readonly byId = new Map<string, RunningQuery>();

  constructor(private readonly kill: (conn: EngineConnection) => Promise<void>) {}

  start(
    id: string,
    sql: string,
    conn: EngineConnection,
    writes: boolean,
  ): { query: RunningQuery; finish(): void } {
    if (this.byId.has(id)) {
      throw engineError(
        ERROR.QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING,
        'QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING',
        `Query with id = ${id} is already running`,
      );
    }
    let settle = () => {};
    const settled = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const query = new RunningQuery(id, sql, conn, writes, settled, this.kill);
    this.byId.set(id, query);
    return {
      query,
      finish: () => {
        this.byId.delete(id);
        settle();
      },
    };
  }

  get(id: string): RunningQuery | undefined {
    return this.byId.get(id);
  }

  all(): RunningQuery[] {
    return [...this.byId.values()];
  }
}
