/*
 * Schemas of the column kinds the queries return, for the row schemas every query carries. The warehouse reads
 * JSONCompactEachRowWithNamesAndTypes and turns 64-bit integers into numbers (`parseTypedRows`); a count still
 * accepts a digit string, the form those arrive in when read otherwise.
 */
import { z } from 'zod';

/** A count column: UInt32 arrives as a JSON number, a 64-bit sum as a number or a digit string. */
export const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

/** A signed sum (`bounces`, the sum of +1/-1 deltas). */
export const signedSum = z.number().int();

/**
 * `quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)` in ms. Quantiles of an empty state are NaN, which JSON
 * carries as null: read as 0, no duration.
 */
export const quartilesMs = z
  .tuple([z.number().nullable(), z.number().nullable(), z.number().nullable(), z.number().nullable()])
  .transform((q) => q.map((x) => x ?? 0) as [number, number, number, number]);
