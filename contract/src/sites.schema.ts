import { z } from 'zod';
import { leikaKey, siteKey } from './events.schema.ts';

/** One URL → catalog-key rule: a page whose path matches `pathPattern` (a RegExp source) belongs to `service`. */
export const serviceRule = z.object({ pathPattern: z.string().min(1).max(256), service: leikaKey }).strict();

/** What a gateway page offers (Regulation (EU) 2018/1724, Art. 2): the Commission's API names them so. */
export const SDG_CATEGORIES = ['information', 'procedure', 'assistance'] as const;
export type SdgCategory = (typeof SDG_CATEGORIES)[number];

/** A city's pages linked to the EU Single Digital Gateway, whose statistics and feedback it reports monthly. */
export const sdgConfig = z
  .object({
    /** Gateway pages by their full URL (no query), each with what it offers. */
    pages: z
      .array(z.object({ url: z.string().url().max(2048), category: z.enum(SDG_CATEGORIES) }).strict())
      .default([]),
    /** Services (LeiKa keys) whose every page is a gateway procedure page, reported under the first portal host. */
    services: z.array(leikaKey).default([]),
  })
  .strict();
export type SdgConfig = z.infer<typeof sdgConfig>;

export const cityConfig = z
  .object({
    key: siteKey,
    name: z.string().min(1).max(80),
    /** Amtlicher Gemeindeschlüssel: 8 digits, Hessen starts with 06. */
    ags: z.string().regex(/^\d{8}$/),
    population: z
      .object({
        inhabitants: z.number().int().positive(),
        /** Reference date of the figure (ISO day); per-capita comparisons print it. */
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        source: z.string().min(1),
      })
      .strict(),
    /** Hosts of the city's own portal and form vendors: referrers from them are portal-internal. */
    portalHosts: z.array(z.string().min(1)).min(1),
    /** Origins allowed to send browser events (CORS). */
    allowedOrigins: z.array(z.string().url()),
    /** SHA-256 (hex) of the keys the city's backends use for server-side ingestion. Never the keys themselves. */
    ingestKeySha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
    /** Query parameters that may be kept (everything else is stripped before anything leaves the page). */
    queryAllowlist: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).default([]),
    serviceRules: z.array(serviceRule).default([]),
    /** Whether the city agreed to be named in cross-city comparisons; otherwise it appears as an anonymous peer. */
    namedInComparisons: z.boolean(),
    /**
     * Whether the city agreed to be named in the public open-data releases (a consent of its own: the public is not
     * the programme's partners). Absent or false: its numbers appear only inside an aggregate of such cities. Read
     * when a release is created; earlier releases stay as published.
     */
    namedInOpenData: z.boolean().optional(),
    /** Gateway pages and services; absent: the city reports nothing to the gateway. */
    sdg: sdgConfig.optional(),
  })
  .strict();

export const catalogService = z
  .object({
    key: leikaKey,
    name: z.object({ de: z.string().min(1), en: z.string().min(1) }).strict(),
  })
  .strict();

export const sitesConfig = z
  .object({
    cities: z.array(cityConfig).min(1),
    services: z.array(catalogService),
  })
  .strict()
  .superRefine((c, ctx) => {
    const keys = new Set<string>();
    for (const [i, city] of c.cities.entries()) {
      if (keys.has(city.key))
        ctx.addIssue({ code: 'custom', message: `duplicate city ${city.key}`, path: ['cities', i] });
      keys.add(city.key);
      if (city.namedInOpenData && !city.namedInComparisons)
        ctx.addIssue({
          code: 'custom',
          message:
            'namedInOpenData needs namedInComparisons: a city named in public is named to the other cities too',
          path: ['cities', i, 'namedInOpenData'],
        });
      for (const [j, rule] of city.serviceRules.entries()) {
        try {
          new RegExp(rule.pathPattern);
        } catch {
          ctx.addIssue({
            code: 'custom',
            message: 'invalid pathPattern',
            path: ['cities', i, 'serviceRules', j],
          });
        }
      }
    }
  });

export type CityConfig = z.infer<typeof cityConfig>;
export type CatalogService = z.infer<typeof catalogService>;
export type SitesConfig = z.infer<typeof sitesConfig>;

/** Parses the sites file's JSON text; throws one error listing every problem. */
export function parseSitesConfig(jsonText: string): SitesConfig {
  const parsed = sitesConfig.safeParse(JSON.parse(jsonText));
  if (!parsed.success) throw new Error(`invalid sites configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
