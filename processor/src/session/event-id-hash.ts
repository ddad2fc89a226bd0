/** 64 bits identifying an event id within its visit, as two unsigned 32-bit halves. */
export interface IdHash {
  hi: number;
  lo: number;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** UTF-16 code units `i` and `i + 1` as one little-endian word; a unit past the end reads as 0 (NaN | 0). */
const word = (s: string, i: number) => s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);

/**
 * The first 64 bits of MurmurHash3 x86_128 (seed 0) over the id's UTF-16LE bytes, into `out` (no allocation:
 * it runs once per event). The session step keeps these instead of the ids: 8 bytes per event instead of a string
 * in a Set. Two different ids of one visit are taken for the same event only if their hashes collide. For ids
 * that are not crafted against the hash, that chance is at most n²/2⁶⁵ for a visit of n events: 1.7·10⁻¹⁸ for
 * the typical 8, 2.7·10⁻¹² for 10,000. At 10,000 events per second for a year (≈ 4·10¹⁰ visits of 8 events) the
 * chance that any event is ever dropped wrongly is ≈ 6·10⁻⁸. A client that crafts colliding ids can only lose
 * events of its own visit, which it could as well not send.
 */
export function hashEventId(id: string, out: IdHash): void {
  const units = id.length;
  const blockUnits = units & ~7;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  for (let i = 0; i < blockUnits; i += 8) {
    h1 ^= Math.imul(rotl(Math.imul(word(id, i), C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(word(id, i + 2), C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(word(id, i + 4), C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(word(id, i + 6), C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The tail: 0 to 7 units, i.e. up to 14 bytes, in up to four zero-padded words (MurmurHash3's switch).
  const tail = units - blockUnits;
  if (tail > 6) h4 ^= Math.imul(rotl(Math.imul(word(id, blockUnits + 6), C4), 18), C1);
  if (tail > 4) h3 ^= Math.imul(rotl(Math.imul(word(id, blockUnits + 4), C3), 17), C4);
  if (tail > 2) h2 ^= Math.imul(rotl(Math.imul(word(id, blockUnits + 2), C2), 16), C3);
  if (tail > 0) h1 ^= Math.imul(rotl(Math.imul(word(id, blockUnits), C1), 15), C2);
  const bytes = units * 2;
  h1 ^= bytes;
  h2 ^= bytes;
  h3 ^= bytes;
  h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  out.hi = h1 >>> 0;
  out.lo = h2 >>> 0;
}
