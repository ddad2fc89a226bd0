/*
 * Where the files of the open data are served. Paths are absolute from the api's root; the DCAT-AP.de catalog
 * prefixes them with the configured public address.
 */
import type { ReleaseFile } from './release-document.ts';

export const OPEN_DATA_ROOT = '/open-data/';
export const INDEX_JSON = '/open-data/index.json';
export const CATALOG_JSONLD = '/open-data/catalog.jsonld';
export const STYLESHEET = '/open-data/open-data.css';

export function releaseFilePath(month: string, file: ReleaseFile): string {
  return file === 'release.json'
    ? `/open-data/releases/${month}.json`
    : `/open-data/releases/${month}/${file}`;
}
