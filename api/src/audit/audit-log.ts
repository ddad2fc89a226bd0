/*
 * The audit log of releases, exports and annotation changes, in ClickHouse (audit_log_v1). An entry is stored
 * before the answer it records is sent: an export that cannot be recorded is not delivered, a change that cannot be
 * recorded is not made. Entries that arrive while one insert is under way are written together by the next (a
 * group commit), so a burst of exports makes a few inserts, not one part per download.
 */
import { type AuditAction, auditLogQuery } from '../queries/audit-log.query.ts';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import type { Actor } from './actor.ts';

/** Entries written by one insert at most. */
const MAX_BATCH = 1000;

export interface AuditEntry {
  at: Date;
  action: AuditAction;
  actor: Actor;
  /** Route template of an export; the month of a release; the id of an annotation. */
  target: string;
  /** Request parameters (keys, periods, tables): never personal data. */
  parameters: Readonly<Record<string, string>>;
}

interface Pending {
  row: object;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class AuditLog {
  #queue: Pending[] = [];
  #writing = false;

  constructor(private readonly warehouse: Warehouse) {}

  /** Resolves once the entry is stored. */
  record(e: AuditEntry): Promise<void> {
    const row = {
      at: clickhouseTime(e.at),
      action: e.action,
      key_id: e.actor.keyId,
      actor: e.actor.label,
      role: e.actor.role,
      target: e.target,
      parameters: e.parameters,
    };
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, resolve, reject });
      this.#write();
    });
  }

  async list(q: { action: AuditAction | null; limit: number }): Promise<AuditEntry[]> {
    const rows = await this.warehouse.rows(auditLogQuery(q));
    return rows.map((r) => ({
      at: new Date(r.at_ms),
      action: r.action,
      actor: { keyId: r.key_id, label: r.actor, role: r.role as Actor['role'] },
      target: r.target,
      parameters: r.parameters,
    }));
  }

  #write(): void {
    if (this.#writing || this.#queue.length === 0) return;
    this.#writing = true;
    const batch = this.#queue.splice(0, MAX_BATCH);
    this.warehouse
      .insert(
        'auditLog',
        batch.map((p) => p.row),
      )
      .then(
        () => {
          for (const p of batch) p.resolve();
        },
        (err: unknown) => {
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
        this.#writing = false;
        this.#write();
      });
  }
}
