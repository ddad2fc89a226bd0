import type { SaltRecord } from './salt-ledger.ts';

/** An append-only, totally ordered log that every collector replica reads in full: the salts' shared store. */
export interface SaltLog {
  /**
   * Delivers every record from the start of the log, then new ones as they are appended, in log order, with
   * the log's own append time. Resolves once the records that existed at the call have been delivered.
   */
  start(onRecord: (value: unknown, appendedAt: number) => void): Promise<void>;
  /** Appends a record; resolves with its offset once the log acknowledged it. */
  append(record: SaltRecord): Promise<number>;
  /** Resolves once every record up to `offset` has been delivered; rejects after `timeoutMs`. */
  delivered(offset: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
