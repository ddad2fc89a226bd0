import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { templatePath, templateSegment, templateUrl } from './url-template.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every page, form step, file and link path of the repository's demo portal (`infra/demo`), fixtures
 * (`contract/fixtures`, `processor/test/journeys.fixture.ts`), traffic generator (`infra/generate`: portal
 * pages, service slugs, form step names) and end-to-end journeys (`tests/e2e`). None is personal: none may change.
 */
const REPOSITORY_PATHS = [
  '/',
  '/abfallkalender',
  '/aktuelles',
  '/buergerservice',
  '/buergerservice/bewohnerpark',
  '/buergerservice/bewohnerpark/antrag',
  '/buergerservice/hundesteuer',
  '/buergerservice/wohnsitz',
  '/datenschutz',
  '/extern',
  '/impressum',
  '/kontakt',
  '/media/hundesteuersatzung.pdf',
  '/online-dienste/bewohnerparken',
  '/online-dienste/bewohnerparken/antrag',
  '/online-dienste/hundesteuer',
  '/online-dienste/hundesteuer/schritt-1',
  '/online-dienste/hundesteuer/schritt-2',
  '/online-dienste/hundesteuer/schritt-3',
  '/online-dienste/hundesteuer/bestaetigung',
  '/online-dienste/wohnsitz',
  '/online-dienste/wohnsitz/hinweise',
  '/online-dienste/wohnsitz/antrag',
  '/online-dienste/personalausweis',
  '/online-dienste/gewerbe',
  '/online-dienste/sperrmuell',
  '/portal/portal.css',
  '/portal/portal.js',
  '/portal/bewertung.js',
  '/rathaus',
  '/rathaus/oeffnungszeiten',
  '/stadtplan',
  '/veranstaltungen',
  '/hundesteuer/bestaetigung',
  '/hundesteuer/schritt-1',
  '/news/seite-2025',
  // Form step names of the generator, should a city put them into paths.
  '/person/neue-wohnung/wohnungsgeber/nachweis',
  '/halter/hund/pruefen/antragsteller/fahrzeug/zahlung',
  '/termin/angaben/betrieb/taetigkeit/inhaber/adresse/gegenstaende',
];

/** Slugs of German municipal portals that must stay, names of public figures in places and events included. */
const PORTAL_SLUGS = [
  'online-dienste',
  'hundesteuer-anmelden',
  'bewohnerparkausweis-beantragen',
  'wohnsitz-ummelden',
  'personalausweis-beantragen',
  'fuehrungszeugnis-beantragen',
  'gewerbe-abmelden',
  'sperrmuell-anmelden',
  'kita-platz',
  'kfz-zulassung',
  'briefwahl-beantragen',
  'termin-vereinbaren',
  'leichte-sprache',
  'bauen-wohnen',
  'familie-und-soziales',
  'leben-in-giessen',
  'limburg-an-der-lahn',
  'offenbach-am-main',
  'e-government',
  'e-mail-kontakt',
  'formulare-und-antraege',
  'hinweise-zum-datenschutz',
  'haushalt-2024',
  'jahresbericht-2023',
  'wahlen-2025',
  'corona-test-2021',
  'covid19-test',
  'paragraph-35a',
  'sgb-ii',
  'mp3',
  'h5p',
  'b2b',
  '2fa',
  'schritt-2',
  'karl-marx-strasse',
  'anne-frank-schule',
  'max-planck-gymnasium',
  'friedrich-ebert-platz',
  'maria-himmelfahrt',
  'st-martin-umzug',
  'justus-liebig-universitaet',
  'blaue-karte-eu',
  'anmeldung-fuer-auslaender',
  'hundesteuersatzung.pdf',
  'satzung-2024.pdf',
];

/** The demo portal's files and the paths its pages link to, read from `infra/demo/portal`. */
function demoPortalPaths(): string[] {
  const dir = path.join(REPO, 'infra/demo/portal');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  const paths = files.map((f) => `/${path.relative(dir, path.join(f.parentPath, f.name))}`);
  for (const f of files.filter((f) => f.name.endsWith('.html'))) {
    const html = readFileSync(path.join(f.parentPath, f.name), 'utf8');
    for (const [, link] of html.matchAll(/(?:href|action|src)="(\/[^"?#]*)/g)) paths.push(link as string);
  }
  return [...new Set(paths)].sort();
}

describe('templateSegment', () => {
  it.each([
    ['4711', ':num'],
    ['99036010000000', ':num'],
    ['0f8fad5b-d9cb-469f-a165-70867728950e', ':uuid'],
    ['0F8FAD5BD9CB469FA16570867728950E', ':uuid'],
    ['deadbeefdeadbeef1234', ':hex'],
    ['max.mustermann@example.org', ':email'],
    // Case numbers: five or more digits in all.
    ['AZ-2024-00815', ':id'],
    ['BA123456', ':id'],
    ['12345.pdf', ':id'],
    ['service-99036010000000', ':id'],
    // A four-digit run that is not a year standing alone.
    ['AZ-0815', ':id'],
    ['antrag-4711', ':id'],
    ['BA1234', ':id'],
    ['ba2024x', ':id'],
    // Letters and digits alternating: at least two digits in three runs.
    ['k7x9q2', ':id'],
    ['x12y', ':id'],
    ['Q3-x7k2', ':id'],
    // Names: two or more words, one a first name or surname, none a place word.
    ['max-mustermann', ':name'],
    ['Max-Mustermann', ':name'],
    ['anna.schmidt', ':name'],
    ['mueller_hans', ':name'],
    ['Mueller_Hans', ':name'],
    ['Jürgen-Müller', ':name'],
    ['hans-peter-mueller', ':name'],
    ['erika-musterfrau.pdf', ':name'],
    ['antrag-anna-schmidt', ':name'],
    ['anna schmidt', ':name'],
    ['Thomas+Weber', ':name'],
    ['ayse-yilmaz', ':name'],
    ['max-mustermann-2024', ':name'],
    ['antrag-von-anna-schmidt-fuer-die-stadt-giessen', ':name'],
  ])('%s → %s', (segment, placeholder) => {
    expect(templateSegment(segment)).toBe(placeholder);
  });

  it.each([
    ...PORTAL_SLUGS,
    // Single words are never names: a page name cannot be told from a surname.
    'mustermann',
    'anna',
    // Ten words or more are a sentence, not a name (and checking them word by word costs a hostile URL dearly).
    'antrag-von-anna-schmidt-fuer-die-stadt-giessen-im-jahr',
    // Few digits, or a year standing alone.
    'seite-2025',
    'covid19',
    // Placeholders themselves: templating twice changes nothing.
    ':num',
    ':uuid',
    ':hex',
    ':email',
    ':id',
    ':name',
  ])('keeps %s', (segment) => {
    expect(templateSegment(segment)).toBeUndefined();
  });
});

describe('templateUrl', () => {
  it.each([
    [
      'https://www.giessen.de/buergerservice/hundesteuer',
      'https://www.giessen.de/buergerservice/hundesteuer',
    ],
    ['https://www.giessen.de/akte/AZ-2024-00815/status', 'https://www.giessen.de/akte/:id/status'],
    ['https://www.giessen.de/profil/max-mustermann/', 'https://www.giessen.de/profil/:name/'],
    ['https://www.giessen.de:8443/p/anna.schmidt?lang=de#f', 'https://www.giessen.de:8443/p/:name?lang=de#f'],
    ['https://www.giessen.de/kontakt/max.mustermann%40example.org', 'https://www.giessen.de/kontakt/:email'],
    ['https://www.giessen.de/p/J%C3%BCrgen-M%C3%BCller', 'https://www.giessen.de/p/:name'],
    ['https://www.giessen.de', 'https://www.giessen.de'],
    ['/vorgang/k7x9q2/schritt-2', '/vorgang/:id/schritt-2'],
    ['/antrag/123/status', '/antrag/:num/status'],
    ['//doppelt//4711', '//doppelt//:num'],
    ['files/antrag-2024-001.pdf', 'files/:id'],
    ['mailto:anna.schmidt@giessen.de', 'mailto::email'],
    ['tel:+4964130612345', 'tel::id'],
    ['https://www.giessen.de/akte/:id', 'https://www.giessen.de/akte/:id'],
  ])('%s → %s', (url, expected) => {
    expect(templateUrl(url)).toBe(expected);
  });

  it('keeps every path of the repository', () => {
    const paths = [...REPOSITORY_PATHS, ...demoPortalPaths()];
    expect(paths.filter((p) => templateUrl(p) !== p)).toEqual([]);
    expect(
      paths.filter((p) => templateUrl(`https://www.giessen.de${p}`) !== `https://www.giessen.de${p}`),
    ).toEqual([]);
  });

  it('reads the demo portal', () => {
    expect(demoPortalPaths()).toEqual([
      '/',
      '/buergerservice/hundesteuer',
      '/buergerservice/wohnsitz',
      '/datenschutz',
      '/extern.html',
      '/impressum',
      '/media/hundesteuersatzung.pdf',
      '/online-dienste/bestaetigung.html',
      '/online-dienste/hundesteuer/bestaetigung',
      '/online-dienste/hundesteuer/schritt-1',
      '/online-dienste/hundesteuer/schritt-2',
      '/online-dienste/hundesteuer/schritt-3',
      '/online-dienste/schritt-1.html',
      '/online-dienste/schritt-2.html',
      '/online-dienste/schritt-3.html',
      '/portal/index.html',
      '/portal/portal.css',
      '/portal/portal.js',
    ]);
  });
});

describe('templatePath', () => {
  it.each([
    ['/', '/'],
    ['/buergerservice/hundesteuer/', '/buergerservice/hundesteuer'],
    ['/antrag/123/status', '/antrag/:num/status'],
    ['/vorgang/0f8fad5b-d9cb-469f-a165-70867728950e', '/vorgang/:uuid'],
    ['/vorgang/0f8fad5bd9cb469fa16570867728950e', '/vorgang/:uuid'],
    ['/doc/deadbeefdeadbeef1234', '/doc/:hex'],
    ['/akte/AZ-2024-00815', '/akte/:id'],
    ['/kontakt/max.mustermann%40example.org', '/kontakt/:email'],
    ['/profil/Max-Mustermann/antrag', '/profil/:name/antrag'],
    ['/news/seite-2025', '/news/seite-2025'],
    ['//doppelt//slash', '/doppelt/slash'],
    ['/kaputt%ZZ', '/kaputt%ZZ'],
  ])('%s → %s', (input, expected) => {
    expect(templatePath(input)).toBe(expected);
  });

  it('leaves a templated path as it is', () => {
    expect(templatePath('/akte/:id/:name/:num/:email/:uuid/:hex')).toBe(
      '/akte/:id/:name/:num/:email/:uuid/:hex',
    );
  });
});
