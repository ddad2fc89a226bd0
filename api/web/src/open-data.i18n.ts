/*
 * The texts of the consortium's view "Offene Daten", German and English with the same keys. What a release holds
 * and how it is protected is stated the same way on the public page (api/src/open-data/index-page.ts) and in
 * api/README.md "Open data".
 */
import type { ReleaseFile } from '../../src/open-data/release-document.ts';
import type { Language } from './i18n.ts';

const de = {
  nav: 'Offene Daten',
  title: 'Offene Daten veröffentlichen',
  lead: 'Die Programmleitung veröffentlicht abgeschlossene Monate als offene Daten: je genannter Stadt und Online-Dienst Aufrufende, Beginnende, Abschlüsse, Abschlussquote, mediane Bearbeitungszeit, Zufriedenheit und digitale Quote; je Stadt Besuchende, Besuche und die Anteile der Geräte und Zugangswege. Jede Zahl ist verrauscht und erst ab k veröffentlicht. Die Öffentlichkeit liest die Veröffentlichungen ohne Schlüssel.',
  publicPage: 'Öffentliche Seite der offenen Daten',
  newHeading: 'Einen Monat veröffentlichen',
  monthLabel: 'Monat',
  monthHint: 'Abgeschlossene Monate, die noch nicht veröffentlicht sind.',
  parameters: (k: string, epsilon: string) =>
    `Berechnet mit den geltenden Werten k = ${k} und ε = ${epsilon} je Zelle. Genannt werden nur Städte, die der Nennung in offenen Daten zugestimmt haben; die übrigen erscheinen höchstens zusammengefasst mit mindestens zwei weiteren. Eine später zurückgezogene Zustimmung gilt für spätere Veröffentlichungen.`,
  confirm:
    'Mir ist bewusst: Die Veröffentlichung ist endgültig. Sie wird einmal berechnet und nie geändert, ersetzt oder zurückgenommen.',
  confirmMissing: 'Bitte bestätigen Sie zuerst, dass die Veröffentlichung endgültig ist.',
  submit: 'Veröffentlichen',
  working: 'Wird berechnet …',
  created: (month: string) => `${month} ist veröffentlicht.`,
  errorExists: 'Dieser Monat ist bereits veröffentlicht. Eine Veröffentlichung wird nie neu berechnet.',
  errorNotClosed: 'Dieser Monat ist noch nicht abgeschlossen.',
  allReleased: 'Alle angebotenen Monate sind bereits veröffentlicht.',
  listHeading: 'Veröffentlichungen',
  none: 'Noch gibt es keine Veröffentlichung.',
  columns: {
    month: 'Monat',
    created: 'Veröffentlicht am',
    cities: 'Genannte Städte',
    protection: 'Schutz',
    files: 'Dateien',
  },
  protection: (k: string, epsilon: string, budget: string) =>
    `k = ${k}, ε = ${epsilon} je Zelle, höchstens ε = ${budget} je Besuchstag`,
  notNamed: (count: number, aggregated: boolean) =>
    aggregated
      ? `${count} weitere zusammengefasst`
      : `${count} ${count === 1 ? 'Stadt' : 'Städte'} nicht genannt und nicht enthalten`,
  files: {
    'release.json': 'JSON mit Datenbeschreibung',
    'services.csv': 'CSV Städte × Dienste',
    'cities.csv': 'CSV Städte',
    'shares.csv': 'CSV Geräte und Zugangswege',
  } satisfies Record<ReleaseFile, string>,
};

export type OpenDataTexts = typeof de;

const en: OpenDataTexts = {
  nav: 'Open data',
  title: 'Publish open data',
  lead: 'The programme office publishes closed months as open data: per named city and online service the viewers, starters, completions, completion rate, median time to complete, satisfaction and digital take-up; per city the visitors, visits and the shares of devices and channels. Every number carries noise and is published only from k on. The public reads the releases without a key.',
  publicPage: 'Public open-data page',
  newHeading: 'Publish a month',
  monthLabel: 'Month',
  monthHint: 'Closed months that have not been published yet.',
  parameters: (k: string, epsilon: string) =>
    `Computed with the values in force, k = ${k} and ε = ${epsilon} per cell. Only cities that agreed to be named in open data are named; the others appear at most together with at least two more. Consent withdrawn later applies to later releases.`,
  confirm:
    'I understand that the release is final: it is computed once and never changed, replaced or withdrawn.',
  confirmMissing: 'Please confirm first that the release is final.',
  submit: 'Publish',
  working: 'Computing …',
  created: (month: string) => `${month} has been published.`,
  errorExists: 'This month has been published already. A release is never recomputed.',
  errorNotClosed: 'This month is not closed yet.',
  allReleased: 'Every month offered has been published already.',
  listHeading: 'Releases',
  none: 'There is no release yet.',
  columns: {
    month: 'Month',
    created: 'Published on',
    cities: 'Cities named',
    protection: 'Protection',
    files: 'Files',
  },
  protection: (k: string, epsilon: string, budget: string) =>
    `k = ${k}, ε = ${epsilon} per cell, at most ε = ${budget} per visitor-day`,
  notNamed: (count: number, aggregated: boolean) =>
    aggregated
      ? `${count} more in one aggregate`
      : `${count} ${count === 1 ? 'city' : 'cities'} not named and not included`,
  files: {
    'release.json': 'JSON with data dictionary',
    'services.csv': 'CSV cities × services',
    'cities.csv': 'CSV cities',
    'shares.csv': 'CSV devices and channels',
  },
};

export const OPEN_DATA_TEXTS: Record<Language, OpenDataTexts> = { de, en };
