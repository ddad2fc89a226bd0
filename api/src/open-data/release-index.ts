/*
 * `/open-data/index.json`: every release with its parameters and its files (address, size, SHA-256), newest month
 * first. Built from the stored metadata only, so it is the same for the same releases.
 */
import { z } from 'zod';
import { CATALOG_JSONLD, OPEN_DATA_ROOT, releaseFilePath } from './open-data-paths.ts';
import { type ReleaseMeta, releaseMeta } from './release-document.ts';

export const releaseEntry = releaseMeta
  .pick({
    release: true,
    title: true,
    period: true,
    createdAt: true,
    licence: true,
    disclosure: true,
    cities: true,
  })
  .extend({
    files: z.array(
      z.object({
        name: z.string(),
        url: z.string().describe('Path on this server'),
        mediaType: z.string(),
        bytes: z.number().int(),
        sha256: z.string(),
      }),
    ),
  });

export const releaseIndex = z.object({
  title: z.string(),
  page: z.string(),
  catalog: z.string().describe('DCAT-AP.de catalog (JSON-LD)'),
  publisher: z.string(),
  releases: z.array(releaseEntry),
});
export type ReleaseIndex = z.infer<typeof releaseIndex>;

export const INDEX_TITLE = 'Offene Daten: Nutzung kommunaler Online-Dienste';

export type ReleaseEntry = z.infer<typeof releaseEntry>;

/** One release as the index lists it. */
export function releaseEntryOf(m: ReleaseMeta): ReleaseEntry {
  return {
    release: m.release,
    title: m.title,
    period: m.period,
    createdAt: m.createdAt,
    licence: m.licence,
    disclosure: m.disclosure,
    cities: m.cities,
    files: m.files.map((f) => ({ ...f, url: releaseFilePath(m.release, f.name) })),
  };
}

export function releaseIndexOf(releases: readonly ReleaseMeta[], publisher: string): ReleaseIndex {
  return {
    title: INDEX_TITLE,
    page: OPEN_DATA_ROOT,
    catalog: CATALOG_JSONLD,
    publisher,
    releases: releases.map(releaseEntryOf),
  };
}
