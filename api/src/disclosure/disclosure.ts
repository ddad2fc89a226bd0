/*
 * How the numbers of one answer are treated. `exact` is for the city itself and admins: every count as stored.
 * `perturbed` is for everyone else: each count cell gets its keyed noise, is never negative, and is published only
 * when both the true and the perturbed count reach k. Report builders ask this object for every count and threshold decision and
 * compute rates, shares and per-1,000 figures from what it returns — so nothing derived can be more exact than the
 * counts it comes from.
 */
import type { CalendarPeriod } from './calendar-period.ts';
import { cellNoise } from './keyed-noise.ts';
import type { DisclosurePolicy } from './policy.ts';

/**
 * What a count is of. Equal quantities must have equal cells (a service's viewers in the comparison and the
 * viewed stage of its funnel), so the same truth is never shown with two independent noises to average.
 */
export interface Cell {
  /** City key. */
  city: string;
  /** The table the quantity belongs to, e.g. `service:99036010000000`, `traffic`, `pages`. */
  scope: string;
  /** e.g. `viewers`, `step:2`, `pageviews`. */
  quantity: string;
  /** Row label within a list (a path, a channel), if any. */
  label?: string;
}

export interface Disclosure {
  readonly perturbed: boolean;
  readonly k: number;
  /** The count as it may be shown. `period` overrides the answer's period (a bucket of a time series). */
  count(cell: Cell, value: number, opts?: { sensitivity?: number; period?: string }): number;
  /** Whether a (returned) count is too small to publish. */
  belowK(count: number): boolean;
  /** A duration in ms as it may be shown. */
  durationMs(ms: number): number;
  /** A share in percent of one person's value (a median scroll depth) as it may be shown. */
  percent(pct: number): number;
}

export function exactDisclosure(k: number): Disclosure {
  return {
    perturbed: false,
    k,
    count: (_cell, value) => value,
    belowK: () => false,
    durationMs: (ms) => ms,
    percent: (pct) => pct,
  };
}

/** Identity of a cell: versioned, period first; JSON so that no label can collide with a separator. */
export function cellIdentity(period: string, cell: Cell): string {
  return JSON.stringify(['v1', period, cell.city, cell.scope, cell.quantity, cell.label ?? null]);
}

export function perturbedDisclosure(policy: DisclosurePolicy, period: CalendarPeriod): Disclosure {
  const stepMs = policy.secondsStep * 1000;
  return {
    perturbed: true,
    k: policy.k,
    count(cell, value, opts = {}) {
      // k-anonymity under the noise: a cell of fewer than k contributions is never published, whatever its noise
      // (else a path naming one person would appear with some probability). 0 is below every k.
      if (value < policy.k) return 0;
      const noise = cellNoise(
        policy.secret,
        cellIdentity(opts.period ?? period.label, cell),
        policy.scale,
        opts.sensitivity ?? 1,
      );
      return Math.max(0, value + noise);
    },
    belowK: (count) => count < policy.k,
    durationMs: (ms) => Math.round(ms / stepMs) * stepMs,
    percent: (pct) => Math.round(pct / policy.percentStep) * policy.percentStep,
  };
}
