/*
 * Consistent keyed noise for published counts (the Cell-Key idea of German official statistics, with the noise
 * of differential privacy): the noise of a cell is drawn from the discrete Laplace (two-sided geometric)
 * distribution P(x) ∝ exp(−|x|/scale), with random bits from HMAC-SHA256(secret, cell identity). The same cell
 * therefore always gets the same noise — asking again cannot average it away — and two different cells get
 * independent noise, so a difference of two overlapping cells shows noise, not a person.
 *
 * Sampling uses integers only (Canonne, Kamath, Steinke 2020, "The Discrete Gaussian for Differential Privacy",
 * Algorithms 1 and 2): floating-point Laplace samplers leak through the gaps of their outputs (Mironov 2012).
 * The scale is a rational number s/t; every Bernoulli trial is a comparison of uniform integers.
 */
import { createHmac } from 'node:crypto';

/** A stream of uniform bits: HMAC-SHA256(secret, identity ‖ 0x00 ‖ block counter), 256 bits a block. */
export class KeyedBits {
  #block = Buffer.alloc(0);
  #bit = 0;
  #counter = 0;

  constructor(
    private readonly secret: Buffer,
    private readonly identity: string,
  ) {}

  #nextBit(): number {
    if (this.#bit >= this.#block.length * 8) {
      this.#block = createHmac('sha256', this.secret)
        .update(this.identity)
        .update(Buffer.from([0]))
        .update(String(this.#counter++))
        .digest();
      this.#bit = 0;
    }
    const byte = this.#block[this.#bit >> 3] as number;
    const bit = (byte >> (7 - (this.#bit & 7))) & 1;
    this.#bit += 1;
    return bit;
  }

  /** A uniform integer in [0, n), by rejection: exact for every n ≤ 2^52. */
  uniformBelow(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`uniformBelow(${n})`);
    if (n === 1) return 0;
    const bits = Math.ceil(Math.log2(n));
    for (;;) {
      let v = 0;
      for (let i = 0; i < bits; i += 1) v = v * 2 + this.#nextBit();
      if (v < n) return v;
    }
  }

  /** True with probability num/den. */
  bernoulli(num: number, den: number): boolean {
    return this.uniformBelow(den) < num;
  }
}

/** True with probability exp(−num/den), for num/den ≥ 0 (CKS Algorithm 1, extended beyond 1 by repetition). */
export function bernoulliExp(bits: KeyedBits, num: number, den: number): boolean {
  let n = num;
  while (n > den) {
    if (!bernoulliExpAtMostOne(bits, 1, 1)) return false;
    n -= den;
  }
  return bernoulliExpAtMostOne(bits, n, den);
}

function bernoulliExpAtMostOne(bits: KeyedBits, num: number, den: number): boolean {
  let k = 1;
  while (bits.bernoulli(num, den * k)) k += 1;
  return k % 2 === 1;
}

/** A rational scale s/t of the discrete Laplace distribution, in lowest terms. */
export interface Scale {
  s: number;
  t: number;
}

/**
 * Discrete Laplace with P(x) ∝ exp(−|x|/scale), scale = s/t (CKS Algorithm 2, whose own letters are swapped: its
 * scale is t/s). X is geometric with ratio exp(−1/s) built from a uniform remainder and exp(−1) trials; dividing
 * by t gives the ratio exp(−t/s).
 */
export function discreteLaplace(bits: KeyedBits, { s, t }: Scale): number {
  for (;;) {
    const u = bits.uniformBelow(s);
    if (!bernoulliExp(bits, u, s)) continue;
    let v = 0;
    while (bernoulliExp(bits, 1, 1)) v += 1;
    const y = Math.floor((u + s * v) / t);
    const negative = bits.bernoulli(1, 2);
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/** Standard deviation of the discrete Laplace of a scale: √(2α)/(1−α) with α = exp(−1/scale). */
export function noiseStandardDeviation({ s, t }: Scale): number {
  const alpha = Math.exp(-t / s);
  return Math.sqrt(2 * alpha) / (1 - alpha);
}

/**
 * Noise of one cell: the same for the same secret and identity, independent between identities. `sensitivity`
 * is how much one contribution can change the cell (1 for a count, 5 for a sum of 1–5 ratings).
 */
export function cellNoise(secret: Buffer, identity: string, perCell: Scale, sensitivity = 1): number {
  return discreteLaplace(new KeyedBits(secret, identity), reduce(perCell.s * sensitivity, perCell.t));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function reduce(s: number, t: number): Scale {
  const g = gcd(s, t);
  return { s: s / g, t: t / g };
}
