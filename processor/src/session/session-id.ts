import { createHash } from 'node:crypto';

/**
 * A visit's id: the first 8 bytes of SHA-256 over what identifies its first event. The same records always give
 * the same id, so a replay writes rows identical to the first attempt's.
 */
export function sessionId(site: string, visitor: string, saltDay: string, firstEventMs: number): string {
  const digest = createHash('sha256').update(`${site}\n${visitor}\n${saltDay}\n${firstEventMs}`).digest();
  return digest.readBigUInt64BE(0).toString();
}
