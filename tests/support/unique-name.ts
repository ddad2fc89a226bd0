import { randomBytes } from 'node:crypto';

/** A topic, database or group name no other run uses; free of Vitest so benchmark commands can use it too. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
