/*
 * Building blocks shared by every report: how a number's publication status is told, how a city is referred to,
 * periods. Suppressed or withheld numbers are `null` with a status saying why, never 0.
 */
import { z } from 'zod';

/**
 * - `ok`: published; `no_data`: nothing to compute (e.g. a rate over zero starts);
 * - `below_k`: built from 1..k-1 distinct visitors, suppressed for everyone but the city itself and admins;
 * - `complementary`: suppressed so that a total cannot reveal a `below_k` cell;
 * - `withheld`: an anonymous peer's absolute count (it would reveal the city's size, hence its name);
 * - `no_offline_data`: digital take-up without the city's offline case numbers for every month of the period (or
 *   a period that is not whole calendar months): unknown, never 100 %.
 */
export const cellStatus = z
  .enum(['ok', 'no_data', 'below_k', 'complementary', 'withheld', 'no_offline_data'])
  .describe('Why a value is (not) shown; suppressed values are null, never 0');
export type CellStatus = z.infer<typeof cellStatus>;

export const period = z.object({ from: z.iso.date(), to: z.iso.date(), days: z.number().int() });
export type PeriodOut = z.infer<typeof period>;

export const population = z.object({
  inhabitants: z.number().int(),
  asOf: z.iso.date().describe('Reference date of the population figure'),
  source: z.string(),
});

export const cityInfo = z.object({
  key: z.string(),
  name: z.string(),
  ags: z.string(),
  population,
});

/** A city in a comparison: named, or an anonymous peer (key, name and population null, `peer` numbered). */
export const cityRef = z.object({
  key: z.string().nullable(),
  name: z.string().nullable(),
  peer: z
    .number()
    .int()
    .nullable()
    .describe('Number of an anonymous peer (a city that opted out of being named)'),
  own: z.boolean().describe("The caller's own city"),
  inhabitants: z.number().int().nullable(),
  populationAsOf: z.iso.date().nullable(),
  exact: z
    .boolean()
    .describe(
      "This city's numbers are exact (the caller's own city, or any city for admins); else perturbed",
    ),
});
export type CityRef = z.infer<typeof cityRef>;

export const serviceInfo = z.object({
  key: z.string(),
  name: z
    .object({ de: z.string(), en: z.string() })
    .nullable()
    .describe('null for a key missing from the catalog'),
});

/** The disclosure policy an answer was built under (api/README.md "Disclosure control"). */
export const disclosureInfo = z
  .object({
    perturbed: z
      .boolean()
      .describe(
        'Numbers of cities other than the caller\'s own carry keyed noise (shown as "gerundet/verrauscht")',
      ),
    calendarPeriod: z
      .string()
      .nullable()
      .describe('The calendar period (2026-W47, 2026-11, 2026-Q4, 2026), if any'),
    k: z.number().int(),
    epsilonPerCell: z.number(),
    noise: z.literal('discrete Laplace'),
    noiseScale: z.number(),
    noiseStandardDeviation: z.number(),
  })
  .describe('How the numbers of other parties were protected');
export type DisclosureInfo = z.infer<typeof disclosureInfo>;

/** `full`: the city itself or an admin, nothing suppressed; `published`: what may be published, k applied. */
export const access = z.enum(['full', 'published']);

/** Division that answers null for an empty denominator; rounded to `digits` decimals. */
export function ratio(numerator: number, denominator: number, digits = 4): number | null {
  if (denominator === 0) return null;
  const f = 10 ** digits;
  return Math.round((numerator / denominator) * f) / f;
}
