/*
 * The texts of the panels on downloads, links to other sites and engagement (views/links.panels.ts), German and
 * English with the same keys. What the SDK sends and when is described in sdk/README.md; the texts say it briefly.
 */
import type { Language } from './i18n.ts';

const de = {
  downloadsHeading: 'Downloads',
  downloadsIntro:
    'Klicks auf Links zu Dateien (PDF, Word, Excel, OpenDocument, CSV, ZIP, Kalender) oder mit dem Attribut „download“, nach Host und Pfad der Datei, ohne Abfrageteil der Adresse.',
  onServicePages: 'Klicks auf den Seiten dieses Dienstes.',
  file: 'Datei',
  downloads: 'Downloads',
  noDownloads: 'Im Zeitraum wurde keine Datei heruntergeladen.',

  outboundHeading: 'Links zu anderen Websites',
  outboundIntro:
    'Klicks auf Links zu anderen Hosts, nur nach Host gezählt: was auf der anderen Website geschieht, erfasst godonu nicht.',
  target: 'Ziel (Host)',
  clicks: 'Klicks',
  noOutbound: 'Im Zeitraum wurde kein Link zu einer anderen Website angeklickt.',

  visitors: 'Besuchende',
  engagementHeading: 'Sichtbare Zeit und Scrolltiefe je Seite',
  engagementServiceHeading: 'Sichtbare Zeit und Scrolltiefe der Seiten des Dienstes',
  engagementIntro:
    'Das Skript zählt, wie lange eine Seite sichtbar war (nicht die Zeit in einem Hintergrund-Tab), und die tiefste Scrollposition in Prozent der Seitenhöhe. Es meldet beides, wenn der Seitenaufruf endet, die Seite verborgen oder verlassen wird. Je Besuchendem und Tag zählen die gemeldeten Zeiten einer Seite zusammen und die tiefste Position; angegeben sind der Median und die Verteilung auf feste Stufen. Seitenaufrufe ohne Skript (vom Server gemeldet) haben keine.',
  engagementPublished: (k: number) =>
    `Für andere: nur Seiten mit mindestens ${k} Besuchenden; Mediane auf 10 Sekunden und 10 Prozentpunkte gerundet.`,
  noEngagement: 'Im Zeitraum hat keine Seite sichtbare Zeit gemeldet.',
  visibleTable: 'Sichtbare Zeit je Seite: Median und Anteil der Besuchenden je Stufe',
  scrollTable: 'Scrolltiefe je Seite: Median und Anteil der Besuchenden je Stufe',
  page: 'Seite',
  median: 'Median',
  visibleBucket: (from: number, to: number | null): string =>
    to === null
      ? `ab ${minutes(from, 'de')}`
      : from === 0
        ? `unter ${minutes(to, 'de')}`
        : `${minutes(from, 'de')} bis unter ${minutes(to, 'de')}`,
  scrollBucket: (from: number, to: number | null): string =>
    to === null ? `${from} %` : `${from}–${to - 1} %`,
};

export type LinksTexts = typeof de;

/** A bucket bound in seconds as it reads: "10 s", "1 min". */
function minutes(seconds: number, lang: Language): string {
  if (seconds < 60) return `${seconds} s`;
  return lang === 'de' ? `${seconds / 60} Min.` : `${seconds / 60} min`;
}

const en: LinksTexts = {
  downloadsHeading: 'Downloads',
  downloadsIntro:
    'Clicks on links to files (PDF, Word, Excel, OpenDocument, CSV, ZIP, calendar) or with a “download” attribute, by the file’s host and path, without the query part of the address.',
  onServicePages: 'Clicks on the pages of this service.',
  file: 'File',
  downloads: 'Downloads',
  noDownloads: 'No file was downloaded in this period.',

  outboundHeading: 'Links to other sites',
  outboundIntro:
    'Clicks on links to other hosts, counted by host only: godonu records nothing of what happens on the other site.',
  target: 'Target (host)',
  clicks: 'Clicks',
  noOutbound: 'No link to another site was clicked in this period.',

  visitors: 'Visitors',
  engagementHeading: 'Visible time and scroll depth per page',
  engagementServiceHeading: 'Visible time and scroll depth of the service’s pages',
  engagementIntro:
    'The script counts how long a page was visible (not the time in a background tab) and the deepest scroll position as a percentage of the page’s height. It reports both when the page view ends and when the page is hidden or left. Per visitor and day, the times reported for a page add up and the deepest position counts; shown are the median and the distribution over fixed steps. Page views without the script (reported by a server) have none.',
  engagementPublished: (k: number) =>
    `For others: only pages with at least ${k} visitors; medians rounded to 10 seconds and 10 percentage points.`,
  noEngagement: 'No page reported visible time in this period.',
  visibleTable: 'Visible time per page: median and share of visitors per step',
  scrollTable: 'Scroll depth per page: median and share of visitors per step',
  page: 'Page',
  median: 'Median',
  visibleBucket: (from, to) =>
    to === null
      ? `${minutes(from, 'en')} or more`
      : from === 0
        ? `under ${minutes(to, 'en')}`
        : `${minutes(from, 'en')} to under ${minutes(to, 'en')}`,
  scrollBucket: (from, to) => (to === null ? `${from} %` : `${from}–${to - 1} %`),
};

export const LINKS_TEXTS: Record<Language, LinksTexts> = { de, en };
