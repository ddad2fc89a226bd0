/*
 * The one declared disclosure policy: what every number shown to anyone but the city itself or an admin obeys.
 * Built once from the configuration; api/README.md "Disclosure control" states the guarantee it gives.
 */
import { noiseStandardDeviation, reduce, type Scale } from './keyed-noise.ts';

export interface DisclosurePolicy {
  /** A published cell needs a perturbed count of at least k; suppressed cells of a list together reach k. */
  k: number;
  /** Privacy loss per published cell and contribution. */
  epsilon: number;
  /** Scale 1/ε of the discrete Laplace noise, as an exact fraction. */
  scale: Scale;
  secret: Buffer;
  /** Durations shown to other parties are rounded to this many seconds. */
  secondsStep: number;
  /** Percentages of one person's value (a median scroll depth) shown to other parties are rounded to this step. */
  percentStep: number;
  /** Cells a visitor-day can fall in per quantity: its ISO week, month, quarter and year. */
  cellsPerDay: number;
}

/**
 * Version of what a published number means: cell identities, the noise sampler, the suppression rules. Stored with
 * every open-data release; raise it when any of them changes.
 */
export const POLICY_VERSION = 1;
export const MIN_K = 5;
/** ε is configured in steps of 1/1000 so the scale is an exact fraction. */
export const EPSILON_DENOMINATOR = 1000;
export const SECONDS_STEP = 10;
export const PERCENT_STEP = 10;
/** Used only with GODONU_DEMO=1 and no DISCLOSURE_SECRET: published in this repository, so worthless elsewhere. */
export const DEMO_SECRET = 'godonu-demo-disclosure-secret: public, never use outside demo mode';

export function disclosurePolicy(c: { k: number; epsilon: number; secret: string }): DisclosurePolicy {
  const thousandths = Math.round(c.epsilon * EPSILON_DENOMINATOR);
  return {
    k: c.k,
    epsilon: thousandths / EPSILON_DENOMINATOR,
    scale: reduce(EPSILON_DENOMINATOR, thousandths),
    secret: Buffer.from(c.secret, 'utf8'),
    secondsStep: SECONDS_STEP,
    percentStep: PERCENT_STEP,
    cellsPerDay: 4,
  };
}

/** The parameters in force, as `/v1/me` and every disclosed report state them. */
export function policySummary(p: DisclosurePolicy): {
  k: number;
  epsilonPerCell: number;
  noise: 'discrete Laplace';
  noiseScale: number;
  noiseStandardDeviation: number;
  periods: string;
} {
  return {
    k: p.k,
    epsilonPerCell: p.epsilon,
    noise: 'discrete Laplace',
    noiseScale: Math.round((p.scale.s / p.scale.t) * 1000) / 1000,
    noiseStandardDeviation: Math.round(noiseStandardDeviation(p.scale) * 100) / 100,
    periods: 'ISO week, month, quarter, year; closed',
  };
}
