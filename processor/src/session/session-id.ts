import { createHash } from 'node:crypto';

/** An unsigned 64-bit id as two unsigned 32-bit halves: what the open-visit state keeps of a visit's id. */
export interface Uint64Parts {
  hi: number;
  lo: number;
}

/**
 * A visit's id: the first 8 bytes of SHA-256 over what identifies its first event. The same records always give
 * the same id, so a replay writes rows identical to the first attempt's.
 */
export function sessionId(site: string, visitor: string, saltDay: string, firstEventMs: number): Uint64Parts {
  const digest = createHash('sha256').update(`${site}\n${visitor}\n${saltDay}\n${firstEventMs}`).digest();
  return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4) };
}

/**
 * Decimal text of hi·2³² + lo (the UInt64 as the row carries it), without BigInt: it runs whenever a block
 * continues a visit. 2³² = 429,496·10⁴ + 7,296, so every intermediate stays below 2⁵³.
 */
export function uint64Text(hi: number, lo: number): string {
  const low = hi * 7_296 + lo;
  const high = hi * 429_496 + Math.floor(low / 10_000);
  const rest = low % 10_000;
  return high === 0 ? String(rest) : `${high}${String(rest).padStart(4, '0')}`;
}

/** The halves of a UInt64 given as decimal text (ClickHouse's answer when visits are recovered). */
export function uint64Parts(text: string): Uint64Parts {
  const n = BigInt(text);
  if (n < 0n || n >> 64n !== 0n) throw new RangeError(`not a UInt64: ${text}`);
  return { hi: Number(n >> 32n), lo: Number(n & 0xffff_ffffn) };
}
