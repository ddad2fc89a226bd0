/*
 * The texts of the view "Berichte" (a city's statutory reports), German and English with the same keys. What the
 * reports hold is defined by the api (api/src/statutory/): the SDG transmission bodies of Implementing Regulation
 * (EU) 2020/1121 and the ZSK export.
 */
import type { SdgFeedbackPages, SdgStatistics, SdgTransmission } from './api.client.ts';
import type { Language } from './i18n.ts';

type DeviceType = SdgStatistics['sources'][number]['source']['statistics'][number]['deviceType'];
type SdgCategory = SdgFeedbackPages['pages'][number]['category'];

const de = {
  nav: 'Berichte',
  title: (city: string) => `Berichte: ${city}`,
  consortiumTitle: 'Berichte: alle genannten Städte',
  lead: 'Was die Stadt für einen Monat meldet: Statistik und Nutzerfeedback ihrer Seiten im EU-Zugangstor (Single Digital Gateway) an die EU-Kommission und die Transaktionen ihrer Online-Dienste an die Zentrale Statistik-Komponente (ZSK) des IT-Planungsrats. Die Zahlen sind genau; nur das Team der Stadt und die Administration sehen sie.',
  consortiumLead:
    'Die Transaktionen der Online-Dienste aller in Vergleichen genannten Städte für die Zentrale Statistik-Komponente (ZSK), je abgeschlossenem Monat. Die Berichte einer Stadt selbst (EU-Zugangstor, ihre ZSK-Datei) liest nur die Stadt und die Administration.',
  currentMonth: (name: string) => `${name} (laufender Monat)`,
  monthOpen:
    'Der Monat läuft noch: Die Zahlen sind vorläufig. An die EU-Kommission übermitteln lässt er sich erst nach seinem Ende.',
  monthNotBegun:
    'Dieser Monat hat nach der Uhr des Servers noch nicht begonnen. Bitte wählen Sie einen früheren.',

  statsHeading: 'EU-Zugangstor (Single Digital Gateway): Statistik',
  statsFile: 'Zugangstor-Statistik',
  statsIntro:
    'Seitenaufrufe der Zugangstor-Seiten der Stadt im Monat nach Herkunftsland und Gerätetyp, wie sie an die EU-Kommission gehen (Durchführungsverordnung (EU) 2020/1121, Art. 3). Das Herkunftsland ergibt sich aus der Anfrage; „unbekannt“, wo es sich nicht bestimmen lässt.',
  pageviews: 'Seitenaufrufe',
  pages: 'Seiten',
  countries: 'Herkunftsländer',
  country: 'Herkunftsland',
  total: 'Summe',
  unknownCountry: 'unbekannt',
  deviceTypes: { PC: 'PC', Mobile: 'Smartphone', Tablet: 'Tablet', Others: 'Sonstige' } as Record<
    DeviceType,
    string
  >,
  pageTable: (url: string) => `Seitenaufrufe von ${url} nach Herkunftsland und Gerätetyp`,
  noViews: (pages: number, services: number) =>
    `In diesem Monat gibt es keine Seitenaufrufe von Zugangstor-Seiten der Stadt (markiert: ${pages} ${pages === 1 ? 'Seite' : 'Seiten'}, ${services} ${services === 1 ? 'Online-Dienst' : 'Online-Dienste'}).`,
  noneMarked: 'Die Stadt markiert keine Seiten und keine Online-Dienste als Teil des EU-Zugangstors.',
  howToMark:
    'Zugangstor-Seiten markiert die Stadt in der Sites-Konfiguration unter „sdg“: Seiten mit voller URL und Art (information, procedure oder assistance), Online-Dienste mit ihrem LeiKa-Schlüssel (jede ihrer Seiten ist dann eine Verfahrensseite). Ohne markierte Seiten gibt es nichts zu melden. Eintragen lässt es der Betrieb so:',
  markCommand: (city: string) =>
    `pnpm --filter @godonu/infra sites add --key ${city} --sdg-page <URL>=<Art> --sdg-service <LeiKa-Schlüssel>`,

  feedbackHeading: 'EU-Zugangstor: Nutzerfeedback',
  feedbackFile: 'Zugangstor-Nutzerfeedback',
  feedbackIntro:
    'Antworten auf die Feedback-Frage der Zugangstor-Seiten (Art. 6 und 10): eine Bewertung von 1 bis 5 und ob die gesuchte Information gefunden wurde. Gefragt wird auf der Seite, nach dem Absenden eines Formulars oder beim Verlassen eines begonnenen Formulars. Freitext wird nicht erhoben.',
  answers: 'Antworten',
  pagesWithAnswers: 'Seiten mit Antworten',
  ratingsTable: 'Bewertung und „Information gefunden?“ je Seite',
  momentsTable: 'Wann gefragt wurde, je Seite',
  page: 'Seite',
  category: 'Art',
  meanRating: 'Ø Bewertung (1–5)',
  found: {
    yes: 'Gefunden: ja',
    no: 'Gefunden: nein',
    partly: 'Gefunden: teilweise',
    unanswered: 'Ohne Antwort',
  },
  moments: {
    page: 'Auf der Seite',
    submitted: 'Nach dem Absenden',
    abandoned: 'Beim Verlassen',
    unknown: 'Ohne Angabe',
  },
  categories: {
    information: 'Information',
    procedure: 'Verfahren',
    assistance: 'Hilfe- und Problemlösungsdienst',
  } as Record<SdgCategory, string>,
  noFeedback: 'In diesem Monat gibt es keine Antworten auf Zugangstor-Seiten der Stadt.',

  sentNever: 'Für diesen Monat noch nicht übermittelt.',
  sentLast: (when: string, correction: boolean) =>
    `Zuletzt übermittelt am ${when}${correction ? ' als Korrektur' : ''}:`,
  uniqueId: 'Kennung der Übermittlung:',

  transmissionsHeading: 'Übermittlungen',
  transmissionsFile: 'Übermittlungen',
  transmissionsIntro:
    'Jede Übermittlung der beiden Datensätze an die Schnittstelle der EU-Kommission und deren Antwort, die neueste zuerst, für alle Monate. Wird ein Monat erneut gesendet, ist das eine Korrektur unter derselben Kennung.',
  sendHint: 'Übermittelt wird auf dem Server, nach dem Ende des Monats (mit SDG_API_URL und SDG_API_KEY):',
  sendCommand: (city: string, month: string) =>
    `pnpm --filter @godonu/api sdg send --city ${city} --month ${month}`,
  noTransmissions: 'Noch keine Übermittlung.',
  transmissionsTable: 'Übermittlungen an die EU-Kommission',
  columns: {
    month: 'Monat',
    dataset: 'Datensatz',
    attemptedAt: 'Zeitpunkt',
    kind: 'Art',
    status: 'Ergebnis',
    entries: 'Einträge',
    uniqueId: 'Kennung',
    answer: 'Antwort der Schnittstelle',
    actor: 'Gesendet von',
  },
  datasets: { statistics: 'Statistik', feedback: 'Nutzerfeedback' } as Record<
    SdgTransmission['dataset'],
    string
  >,
  kinds: { first: 'Erstmeldung', correction: 'Korrektur' },
  statuses: {
    accepted: 'angenommen',
    alert: 'abgelehnt',
    failed: 'nicht zugestellt',
  } as Record<SdgTransmission['status'], string>,
  noAnswer: 'keine Antwort',

  zskHeading: 'Zentrale Statistik-Komponente (ZSK)',
  zskFile: 'ZSK-Datei',
  zskIntro:
    'Transaktionen je Online-Dienst im Monat, die Kennzahl der ZSK: ein Antrag, eine Anzeige oder Meldung, die bei der Behörde eingegangen ist.',
  countedExact:
    'Gezählt werden Formularbestätigungen: die Bestätigungsseite, nachdem die Behörde einen Antrag angenommen hat, jede einmal. Ein abgeschicktes Formular ohne Bestätigung zählt nicht.',
  countedPublished:
    'Gezählt werden Abschlüsse: Besuchstage, an denen eine Formularbestätigung erreicht wurde, so wie der Städtevergleich sie veröffentlicht (verrauscht, unter k ausgeblendet).',
  apiDefinition: 'Festlegung der API (englisch):',
  service: 'Online-Dienst',
  serviceWithKey: 'Online-Dienst (LeiKa-Schlüssel)',
  /** With a soft hyphen: the column's header may break in a narrow table. */
  transactions: 'Trans\u00ADaktionen',
  noZsk: 'In diesem Monat hat kein Online-Dienst der Stadt Ereignisse.',
  allHeading: 'ZSK: alle genannten Städte',
  allFile: 'ZSK-Datei aller Städte',
  allIntroExact: 'Jede in Vergleichen genannte Stadt × jeder Dienst des Katalogs, genau.',
  allIntroPublished: (k: number) =>
    `Jede in Vergleichen genannte Stadt × jeder Dienst des Katalogs, nur für abgeschlossene Monate. Alle Zahlen sind gerundet/verrauscht (≈); unter ${k} steht „weniger als ${k}“, auch für keine Transaktion.`,
  allTable: 'Transaktionen je Dienst und Stadt, seitlich verschiebbar',
};

export type ReportsTexts = typeof de;

const en: ReportsTexts = {
  nav: 'Reports',
  title: (city: string) => `Reports: ${city}`,
  consortiumTitle: 'Reports: all named cities',
  lead: "What the city reports for a month: the statistics and user feedback of its pages in the EU Single Digital Gateway to the European Commission, and the transactions of its online services to the IT-Planungsrat's central statistics component (Zentrale Statistik-Komponente, ZSK). The numbers are exact; only the city's team and the administration see them.",
  consortiumLead:
    "The transactions of the online services of every city named in comparisons, for the central statistics component (ZSK), per closed month. A city's own reports (Single Digital Gateway, its ZSK file) are read by the city and the administration only.",
  currentMonth: (name: string) => `${name} (current month)`,
  monthOpen:
    'The month is still running: the numbers are provisional. It can be sent to the European Commission only after it has ended.',
  monthNotBegun: "By the server's clock this month has not begun yet. Please choose an earlier one.",

  statsHeading: 'Single Digital Gateway: statistics',
  statsFile: 'Gateway statistics',
  statsIntro:
    "Page views of the city's gateway pages in the month by country of origin and device type, as they go to the European Commission (Implementing Regulation (EU) 2020/1121, Art. 3). The country comes from the request; “unknown” where it cannot be determined.",
  pageviews: 'Page views',
  pages: 'Pages',
  countries: 'Countries of origin',
  country: 'Country of origin',
  total: 'Total',
  unknownCountry: 'unknown',
  deviceTypes: { PC: 'PC', Mobile: 'Mobile', Tablet: 'Tablet', Others: 'Other' },
  pageTable: (url: string) => `Page views of ${url} by country of origin and device type`,
  noViews: (pages: number, services: number) =>
    `There are no page views of the city's gateway pages in this month (marked: ${pages} ${pages === 1 ? 'page' : 'pages'}, ${services} online ${services === 1 ? 'service' : 'services'}).`,
  noneMarked: 'The city marks no pages and no online services as part of the EU Single Digital Gateway.',
  howToMark:
    'The city marks its gateway pages in the sites configuration under “sdg”: pages with their full URL and category (information, procedure or assistance), online services with their LeiKa key (each of their pages is then a procedure page). Without marked pages there is nothing to report. Operations enter them like this:',
  markCommand: (city: string) =>
    `pnpm --filter @godonu/infra sites add --key ${city} --sdg-page <URL>=<category> --sdg-service <LeiKa key>`,

  feedbackHeading: 'Single Digital Gateway: user feedback',
  feedbackFile: 'Gateway user feedback',
  feedbackIntro:
    'Answers to the feedback question of the gateway pages (Art. 6 and 10): a rating from 1 to 5 and whether the information sought was found. It is asked on the page, after a form was submitted, or on leaving a started form. No free text is collected.',
  answers: 'Answers',
  pagesWithAnswers: 'Pages with answers',
  ratingsTable: 'Rating and “information found?” per page',
  momentsTable: 'When it was asked, per page',
  page: 'Page',
  category: 'Category',
  meanRating: 'Avg. rating (1–5)',
  found: { yes: 'Found: yes', no: 'Found: no', partly: 'Found: partly', unanswered: 'Not answered' },
  moments: {
    page: 'On the page',
    submitted: 'After submitting',
    abandoned: 'On leaving',
    unknown: 'Not stated',
  },
  categories: { information: 'Information', procedure: 'Procedure', assistance: 'Assistance service' },
  noFeedback: "There are no answers on the city's gateway pages in this month.",

  sentNever: 'Not sent for this month yet.',
  sentLast: (when: string, correction: boolean) =>
    `Last sent on ${when}${correction ? ' as a correction' : ''}:`,
  uniqueId: 'Transmission identifier:',

  transmissionsHeading: 'Transmissions',
  transmissionsFile: 'Transmissions',
  transmissionsIntro:
    "Every transmission of the two datasets to the European Commission's API and its answer, newest first, for every month. Sending a month again is a correction under the same identifier.",
  sendHint: 'Sending is done on the server, after the month has ended (with SDG_API_URL and SDG_API_KEY):',
  sendCommand: (city: string, month: string) =>
    `pnpm --filter @godonu/api sdg send --city ${city} --month ${month}`,
  noTransmissions: 'No transmission yet.',
  transmissionsTable: 'Transmissions to the European Commission',
  columns: {
    month: 'Month',
    dataset: 'Dataset',
    attemptedAt: 'Time',
    kind: 'Kind',
    status: 'Result',
    entries: 'Entries',
    uniqueId: 'Identifier',
    answer: "The API's answer",
    actor: 'Sent by',
  },
  datasets: { statistics: 'Statistics', feedback: 'User feedback' },
  kinds: { first: 'First report', correction: 'Correction' },
  statuses: { accepted: 'accepted', alert: 'refused', failed: 'not delivered' },
  noAnswer: 'no answer',

  zskHeading: 'Central statistics component (ZSK)',
  zskFile: 'ZSK file',
  zskIntro:
    'Transactions per online service in the month, the ZSK indicator: an application, notification or report that reached the authority.',
  countedExact:
    'Counted are form confirmations: the confirmation page after the authority accepted a submission, each once. A submitted form without a confirmation does not count.',
  countedPublished:
    'Counted are completions: visitor-days that reached a form confirmation, as the city comparison publishes them (noised, hidden below k).',
  apiDefinition: "The API's definition:",
  service: 'Online service',
  serviceWithKey: 'Online service (LeiKa key)',
  transactions: 'Transactions',
  noZsk: 'No online service of the city has events in this month.',
  allHeading: 'ZSK: all named cities',
  allFile: 'ZSK file of all cities',
  allIntroExact: 'Every city named in comparisons × every catalogue service, exact.',
  allIntroPublished: (k: number) =>
    `Every city named in comparisons × every catalogue service, for closed months only. Every number is rounded/noised (≈); below ${k} it reads “fewer than ${k}”, also for no transaction at all.`,
  allTable: 'Transactions per service and city, scrolls sideways',
};

export const REPORTS_TEXTS: Record<Language, ReportsTexts> = { de, en };
