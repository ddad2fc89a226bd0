/*
 * The audit log (0007_open_data.sql), newest entry first. `action` '' reads every action.
 */
import { defineQuery, param, type Query, sql } from '@godonu/warehouse';
import { z } from 'zod';
import { WRITABLE_TABLES } from '../warehouse.ts';

export const AUDIT_ACTIONS = [
  'release_created',
  'export',
  'annotation_created',
  'annotation_updated',
  'annotation_deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditRow = z
  .object({
    at_ms: z.number().int(),
    action: z.enum(AUDIT_ACTIONS),
    key_id: z.string(),
    actor: z.string(),
    role: z.string(),
    target: z.string(),
    parameters: z.record(z.string(), z.string()),
  })
  .strict();
export type AuditRow = z.infer<typeof auditRow>;

export function auditLogQuery(p: { action: AuditAction | null; limit: number }): Query<AuditRow> {
  const action = param.string('action', p.action ?? '');
  return defineQuery(
    'audit_log',
    sql`SELECT toUnixTimestamp64Milli(at) AS at_ms, toString(action) AS action, key_id, actor,
  toString(role) AS role, target, parameters
FROM ${WRITABLE_TABLES.auditLog}
WHERE ${action} = '' OR action = ${action}
ORDER BY at DESC, action
LIMIT ${param.uint32('limit', p.limit)}`,
    auditRow,
  );
}
