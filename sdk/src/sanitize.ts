import { MAX_CUSTOM_PROPS, MAX_NAME_LENGTH, MAX_PROP_STRING_LENGTH, MAX_STEPS } from './limits.ts';
import type { Props } from './types.ts';

/*
 * The collector rejects a batch with one invalid event, so everything the host page hands in is made valid
 * here, before it joins a batch. '' stands for "absent": the batch leaves empty strings out.
 */

/** Property keys and rating reason codes: lowercase identifiers. */
export const KEY = /^[a-z][a-z0-9_]{0,31}$/;

/** A contract identifier: characters outside letters, digits and `_ . : - [ ]` become `_`. */
export const identifier = (s?: unknown): string =>
  s ? `${s}`.replace(/[^\p{L}\p{N}_.:[\]-]/gu, '_').slice(0, MAX_NAME_LENGTH) : '';

/** `s` as a string if it is a LeiKa key (a page may pass the key as a number). */
export const leika = (s?: unknown): string => (/^\d{14}$/.test(s as string) ? `${s}` : '');

/**
 * Custom properties the contract accepts: the first ten with a valid key; booleans and finite numbers stay,
 * anything else becomes a string of at most 128 characters.
 */
export const props = (p: Record<string, unknown>, out: Props = {}, n = 0): Props => {
  for (const k in p) {
    const v = p[k];
    if (KEY.test(k) && n++ < MAX_CUSTOM_PROPS)
      out[k] =
        v === !!v || Number.isFinite(v) ? (v as number | boolean) : `${v}`.slice(0, MAX_PROP_STRING_LENGTH);
  }
  return out;
};

/** `[index, count]` if they form a valid step (whole numbers, 1 ≤ index ≤ count ≤ 50), else `[]`. */
export const steps = (index: unknown, count: unknown): number[] => {
  const i = +(index as number);
  const n = +(count as number);
  return i > 0 && i <= n && n <= MAX_STEPS && !(i % 1 || n % 1) ? [i, n] : [];
};
