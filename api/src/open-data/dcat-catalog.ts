/*
 * `/open-data/catalog.jsonld`: the releases as a DCAT-AP.de catalog in JSON-LD, the metadata that open-data portals
 * such as GovData harvest. One dcat:Dataset per release (a month), one dcat:Distribution per file, with the
 * licence of the release as it was stored, the municipalities it names (political geocoding by AGS) and each
 * file's size and SHA-256. Built from the stored metadata and the configured public address only.
 */
import type { ApiConfig } from '../config.ts';
import { CATALOG_JSONLD, OPEN_DATA_ROOT, releaseFilePath } from './open-data-paths.ts';
import { monthName, type ReleaseMeta } from './release-document.ts';
import { INDEX_TITLE } from './release-index.ts';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const EU = 'http://publications.europa.eu/resource/authority';
const FILE_TYPE: Record<string, string> = { 'text/csv': 'CSV', 'application/json': 'JSON' };
const FILE_TITLE: Record<ReleaseMeta['files'][number]['name'], string> = {
  'release.json': 'Alle Tabellen mit Datenbeschreibung und Parametern (JSON)',
  'services.csv': 'Städte × Leistungen (CSV)',
  'cities.csv': 'Städte: Besuchende und Besuche (CSV)',
  'shares.csv': 'Städte: Anteile der Geräte und Zugangswege (CSV)',
};

const de = (value: string) => ({ '@value': value, '@language': 'de' });
const id = (iri: string) => ({ '@id': iri });
const typed = (value: string, type: string) => ({ '@value': value, '@type': type });

type OpenDataConfig = Pick<
  ApiConfig,
  'OPEN_DATA_BASE_URL' | 'OPEN_DATA_PUBLISHER' | 'OPEN_DATA_CONTRIBUTOR_ID' | 'OPEN_DATA_LICENCE_URI'
>;

function publisher(name: string) {
  return { '@type': 'foaf:Agent', 'foaf:name': name };
}

function dataset(m: ReleaseMeta, c: OpenDataConfig) {
  const base = c.OPEN_DATA_BASE_URL;
  return {
    '@id': `${base}${releaseFilePath(m.release, 'release.json')}#dataset`,
    '@type': 'dcat:Dataset',
    'dct:identifier': `godonu-open-data-${m.release}`,
    'dct:title': de(m.title),
    'dct:description': de(m.description),
    'dct:publisher': publisher(m.publisher),
    ...(c.OPEN_DATA_CONTRIBUTOR_ID ? { 'dcatde:contributorID': id(c.OPEN_DATA_CONTRIBUTOR_ID) } : {}),
    'dct:issued': typed(m.createdAt, 'xsd:dateTime'),
    'dct:temporal': {
      '@type': 'dct:PeriodOfTime',
      'dcat:startDate': typed(m.period.from, 'xsd:date'),
      'dcat:endDate': typed(m.period.to, 'xsd:date'),
    },
    'dct:language': id(`${EU}/language/DEU`),
    'dct:accessRights': id(`${EU}/access-right/PUBLIC`),
    'dcat:theme': [id(`${EU}/data-theme/GOVE`)],
    'dcat:keyword': ['Onlinezugangsgesetz', 'OZG', 'Online-Dienste', 'Verwaltungsdigitalisierung', 'Nutzung'],
    'dcat:landingPage': id(`${base}${OPEN_DATA_ROOT}`),
    'dcatde:politicalGeocodingLevelURI': id('http://dcat-ap.de/def/politicalGeocoding/Level/municipality'),
    'dcatde:politicalGeocodingURI': m.cities.named.map((city) =>
      id(`http://dcat-ap.de/def/politicalGeocoding/municipalityKey/${city.ags}`),
    ),
    'dcat:distribution': m.files.map((f) => {
      const url = `${base}${releaseFilePath(m.release, f.name)}`;
      return {
        '@id': url,
        '@type': 'dcat:Distribution',
        'dct:title': de(`${FILE_TITLE[f.name]}, ${monthName(m.release)}`),
        'dcat:accessURL': id(url),
        'dcat:downloadURL': id(url),
        'dcat:mediaType': id(`https://www.iana.org/assignments/media-types/${f.mediaType}`),
        'dct:format': id(`${EU}/file-type/${FILE_TYPE[f.mediaType] ?? 'BIN'}`),
        'dct:license': id(m.licence.uri),
        'dcatde:licenseAttributionByText': m.licence.attribution,
        'dct:issued': typed(m.createdAt, 'xsd:dateTime'),
        'dcat:byteSize': typed(String(f.bytes), 'xsd:nonNegativeInteger'),
        'spdx:checksum': {
          '@type': 'spdx:Checksum',
          'spdx:algorithm': id('http://spdx.org/rdf/terms#checksumAlgorithm_sha256'),
          'spdx:checksumValue': typed(f.sha256, 'xsd:hexBinary'),
        },
      };
    }),
  };
}

export function dcatCatalog(releases: readonly ReleaseMeta[], c: OpenDataConfig): Record<string, unknown> {
  const base = c.OPEN_DATA_BASE_URL;
  return {
    '@context': CONTEXT,
    '@id': `${base}${CATALOG_JSONLD}`,
    '@type': 'dcat:Catalog',
    'dct:title': de(INDEX_TITLE),
    'dct:description': de(
      'Monatliche Veröffentlichungen der Städte des Programms GoDoNu (Digitale Kommune@Hessen): wie ihre Online-Dienste genutzt werden, mit verrauschten Zahlen und ohne kleine Zellen.',
    ),
    'dct:publisher': publisher(c.OPEN_DATA_PUBLISHER),
    'dct:language': id(`${EU}/language/DEU`),
    'dct:license': id(c.OPEN_DATA_LICENCE_URI),
    'foaf:homepage': id(`${base}${OPEN_DATA_ROOT}`),
    'dcat:dataset': releases.map((m) => dataset(m, c)),
  };
}
