/*
 * The texts of the page "Was andere über Ihre Stadt erfahren können", German and English with the same keys. They
 * state what the api's disclosure layer (api/src/disclosure/) does, for a city's data-protection officer; api/README.md
 * "Disclosure control" says the same. The numbers come from `/v1/me` (see guarantee.view.ts).
 */
import type { Language } from './i18n.ts';

/** The parameters as the text uses them; before sign-in only their symbols are known. */
export interface GuaranteeValues {
  /** "10", or "k". */
  k: string;
  /** "k = 10", or "k". */
  kIs: string;
  /** "0,5", or "ε". */
  epsilon: string;
  /** "ε = 0,5", or "ε". */
  epsilonIs: string;
  /** The cells a day lies in per quantity: its week, month, quarter and year. */
  levels: string;
  /** "4ε = 2", or "4ε". */
  totalIs: string;
  /** "2", or "1/ε". */
  scale: string;
  /** "2,83", or null before sign-in. */
  sd: string | null;
  /** Durations shown to others are rounded to this many seconds. */
  seconds: string;
  /** A median scroll depth shown to others is rounded to this many percentage points. */
  points: string;
}

const de = {
  title: 'Was andere über Ihre Stadt erfahren können',
  lead: 'Diese Seite ist für die Datenschutzbeauftragten der teilnehmenden Städte geschrieben. Sie beschreibt, welche Nutzungszahlen der Online-Dienste Ihrer Stadt andere Städte, die Programmleitung und die Öffentlichkeit erhalten können, wie diese Zahlen geschützt sind und was der Schutz nicht abdeckt. IP-Adressen, Cookies und Formularinhalte werden gar nicht erst gespeichert.',
  valuesAfterSignIn: 'Die geltenden Werte von k und ε zeigt diese Seite nach der Anmeldung.',
  whoHeading: 'Wer was sieht',
  who: [
    'Ihre Stadt (das Stadt-Team mit seinem Schlüssel) und die Administration sehen genaue Zahlen: für jeden frei gewählten Zeitraum, auch den laufenden Tag, und die Echtzeit-Anzeige.',
    'Andere Städte sehen Ihre Stadt nur im Städtevergleich (je Online-Dienst und in der Übersicht aller Dienste) und im Dienstekatalog (in wie vielen Städten ein Dienst genutzt wurde), jeweils nur in der veröffentlichbaren Form.',
    'Die Programmleitung sieht den Städtevergleich und die Berichte benannter Städte (Portal und Dienste), ebenfalls nur in der veröffentlichbaren Form. Die Echtzeit-Anzeige anderer Städte sieht sie nicht.',
    'Die Öffentlichkeit sieht nur, was die Programmleitung veröffentlicht, also höchstens die veröffentlichbare Form.',
  ],
  publishedHeading: 'Die veröffentlichbare Form',
  published: (v: GuaranteeValues) => [
    'Nur ganze, abgeschlossene Kalenderzeiträume: eine ISO-Kalenderwoche, ein Monat, ein Quartal oder ein Jahr, die vor dem heutigen Tag (Zeitzone Europe/Berlin) geendet haben. Frei gewählte oder laufende Zeiträume und der heutige Tag werden anderen nie gezeigt; Zeitreihen bestehen aus ganzen Wochen oder Monaten.',
    `Jede Anzahl ist verrauscht: Zur wahren Zahl kommt eine zufällige ganze Zahl (diskrete Laplace-Verteilung, Skala ${v.scale}${v.sd ? `, Standardabweichung etwa ${v.sd}` : ''}); das Ergebnis ist nie kleiner als 0. Das Rauschen wird mit einem geheimen Schlüssel des Servers aus der Bezeichnung der Zelle abgeleitet (Stadt, Zeitraum, gezählte Größe, Zeile). Dieselbe Frage ergibt daher immer dieselbe Antwort – wiederholtes Fragen und Mitteln nützt nichts –, und verschiedene Zellen haben voneinander unabhängiges Rauschen.`,
    'Quoten, Anteile, Werte je 1.000 Einwohner:innen und Mittelwerte werden aus den verrauschten Zahlen berechnet, Ränge, Median und Quartile aus den veröffentlichten Werten. Das Dashboard markiert Zahlen anderer Städte mit „≈“ (gerundet/verrauscht).',
    `Kleine Zellen werden unterdrückt: Eine Zahl erscheint nur, wenn ihr wahrer und ihr verrauschter Wert mindestens ${v.kIs} betragen; sonst steht dort „weniger als ${v.k}“. Eine so unterdrückte Zahl verrät also, dass weniger als ${v.k} beigetragen haben – mehr nicht.`,
    'Listen (Seiten, Einstiegsseiten, Herkunft, Geräte, Browser, Formularfelder mit Eingabefehlern, Bewertungen) werden als Ganzes geprüft, bevor sie gekürzt werden: Zeilen unter k – und, solange diese zusammen unter k bleiben, die nächstkleineren – werden zu einer Zeile „Sonstige (zusammengefasst)“ zusammengefasst. Deren Bezeichnungen, etwa Seitenpfade, werden nicht gezeigt.',
    `Bearbeitungszeiten werden auf ${v.seconds} Sekunden gerundet und nur gezeigt, wenn mindestens k verrauschte Abschlüsse dahinterstehen. Die Besuchsdauer wird anderen nicht veröffentlicht.`,
    `Sichtbare Zeit und Scrolltiefe je Seite: Eine Seite erscheint nur, wenn mindestens k verrauschte Besuchende dahinterstehen, sonst gar nicht (auch nicht zusammengefasst). Ihre Mediane werden auf ${v.seconds} Sekunden und ${v.points} Prozentpunkte gerundet, die Verteilung auf die Stufen wird als Liste geprüft wie oben.`,
    'Die Echtzeit-Anzeige gibt es nur für die eigene Stadt und die Administration.',
    'Eine Stadt, die nicht genannt werden möchte, erscheint bei anderen nur als „Vergleichsstadt“ mit einer Nummer, die keinen Schluss auf die Stadt zulässt: ohne Namen, ohne Anzahlen und ohne Werte je 1.000 Einwohner:innen (mit der Einwohnerzahl verrieten sie die Stadt), nur mit Quoten und dem Drittel der Rangfolge (oberes, mittleres, unteres).',
  ],
  lossHeading: 'Wie viel ein einzelner Besuchstag preisgeben kann',
  loss: (v: GuaranteeValues) => [
    `Jede veröffentlichte Zelle hat einen Datenschutzverlust (im Sinne der Differential Privacy) von höchstens ${v.epsilonIs} je gezähltem Beitrag. Weil Besuchende nicht über Tage hinweg wiedererkannt werden, ist ein Beitrag ein Besuchstag: eine Person an einem Tag.`,
    `Ein Tag liegt in genau einer Woche, einem Monat, einem Quartal und einem Jahr, und Zeitreihen verwenden dieselben Zellen wie diese Zeiträume selbst. Ein Besuchstag steckt daher in höchstens ${v.levels} veröffentlichten Zellen je gezählter Größe; der Datenschutzverlust je Größe und Besuchstag beträgt höchstens ${v.totalIs}.`,
    'Eine Person zählt in mehreren Größen, etwa „Dienst aufgerufen“, „Formular begonnen“, jeder erreichte Schritt, „abgeschickt“ und „bestätigt“; deren Verluste addieren sich.',
  ],
  notCoveredHeading: 'Was dieser Schutz nicht abdeckt',
  notCovered: [
    'Ereigniszählungen wie Seitenaufrufe, Besuche, Einstiege, Eingabefehler und Bewertungen sind je Ereignis geschützt, nicht je Person: Wer an einem Tag viele Seiten aufruft, trägt mit einem Vielfachen von ε bei.',
    'Nachträgliche Korrekturen: Ändern sich die Daten eines bereits veröffentlichten Zeitraums (etwa durch nachgelieferte Ereignisse), bleibt das Rauschen der Zelle gleich. Der Unterschied zwischen alter und neuer Antwort ist dann genau der Unterschied der wahren Zahlen.',
    'Dauern werden gerundet, nicht verrauscht.',
    'Wer den geheimen Schlüssel des Servers kennt, kann das Rauschen herausrechnen.',
  ],
  valuesHeading: 'Geltende Werte',
  valuesCaption: 'Geltende Werte, wie der Server sie nennt',
  valueName: 'Wert',
  valueSetting: 'Einstellung',
  valueRows: {
    k: 'k: kleinster veröffentlichter Wert',
    epsilon: 'ε je Zelle',
    noise: 'Rauschen',
    scale: 'Skala des Rauschens (1/ε)',
    sd: 'Standardabweichung des Rauschens',
    periods: 'Zeiträume',
    total: 'Höchster Verlust je Größe und Besuchstag',
  },
  noiseName: 'diskrete Laplace-Verteilung',
  periodsName: 'ISO-Woche, Monat, Quartal, Jahr; nur abgeschlossene',
  back: 'Zurück zum Dashboard',
};

export type GuaranteeTexts = typeof de;

const en: GuaranteeTexts = {
  title: 'What others can learn about your city',
  lead: "This page is written for the data-protection officers of the participating cities. It describes which usage figures of your city's online services other cities, the programme office and the public can obtain, how these figures are protected and what the protection does not cover. IP addresses, cookies and form contents are never stored in the first place.",
  valuesAfterSignIn: 'This page shows the values of k and ε in force after sign-in.',
  whoHeading: 'Who sees what',
  who: [
    'Your city (the city team with its key) and the administration see exact numbers: for any period they choose, including the current day, and the realtime display.',
    'Other cities see your city only in the city comparison (per online service and in the overview of all services) and in the service catalogue (in how many cities a service was used), in each case only in the publishable form.',
    "The programme office sees the city comparison and the reports of named cities (portal and services), likewise only in the publishable form. It does not see other cities' realtime display.",
    'The public sees only what the programme office publishes, so at most the publishable form.',
  ],
  publishedHeading: 'The publishable form',
  published: (v: GuaranteeValues) => [
    'Only whole, closed calendar periods: an ISO calendar week, a month, a quarter or a year that ended before today (time zone Europe/Berlin). Freely chosen or running periods and the current day are never shown to others; time series consist of whole weeks or months.',
    `Every count carries noise: a random whole number is added to the true number (discrete Laplace distribution, scale ${v.scale}${v.sd ? `, standard deviation about ${v.sd}` : ''}); the result is never below 0. The noise is derived with a secret key of the server from the name of the cell (city, period, counted quantity, row). The same question therefore always gets the same answer – asking again and averaging does not help – and different cells have independent noise.`,
    "Rates, shares, values per 1,000 inhabitants and means are computed from the noised counts, ranks, the median and quartiles from the published values. The dashboard marks other cities' numbers with “≈” (rounded/noised).",
    `Small cells are suppressed: a number appears only if its true and its noised value are at least ${v.kIs}; otherwise it reads “fewer than ${v.k}”. A suppressed number thus tells that fewer than ${v.k} contributed – nothing more.`,
    'Lists (pages, entry pages, channels, devices, browsers, form fields with validation errors, ratings) are checked as a whole before they are cut: rows below k – and, while these together stay below k, the next smallest – are combined into one row “Other (combined)”. Their labels, such as page paths, are not shown.',
    `Times to complete are rounded to ${v.seconds} seconds and shown only when at least k noised completions stand behind them. The visit duration is not published to others.`,
    `Visible time and scroll depth per page: a page appears only when at least k noised visitors stand behind it, otherwise not at all (not even combined). Its medians are rounded to ${v.seconds} seconds and ${v.points} percentage points; the distribution over the steps is checked as a list, as above.`,
    'The realtime display exists only for the own city and the administration.',
    'A city that opted out of being named appears to others only as a “peer city” with a number that does not tell which city it is: without name, without counts and without values per 1,000 inhabitants (with the population they would give the city away), only with rates and its third of the ranking (upper, middle, lower).',
  ],
  lossHeading: 'How much a single visitor-day can give away',
  loss: (v: GuaranteeValues) => [
    `Every published cell has a privacy loss (in the sense of differential privacy) of at most ${v.epsilonIs} per counted contribution. Since visitors are not recognised across days, a contribution is a visitor-day: one person on one day.`,
    `A day lies in exactly one week, one month, one quarter and one year, and time series use the same cells as these periods themselves. A visitor-day is therefore in at most ${v.levels} published cells per counted quantity; the privacy loss per quantity and visitor-day is at most ${v.totalIs}.`,
    'A person counts in several quantities, such as “service viewed”, “form started”, every step reached, “submitted” and “confirmed”; their losses add up.',
  ],
  notCoveredHeading: 'What this protection does not cover',
  notCovered: [
    'Event counts such as page views, visits, entries, validation errors and ratings are protected per event, not per person: someone who views many pages on one day contributes a multiple of ε.',
    'Later corrections: if the data of an already published period change (for instance through late events), the noise of the cell stays the same. The difference between the old and the new answer is then exactly the difference of the true numbers.',
    'Durations are rounded, not noised.',
    "Whoever knows the server's secret key can remove the noise.",
  ],
  valuesHeading: 'Values in force',
  valuesCaption: 'Values in force, as the server states them',
  valueName: 'Value',
  valueSetting: 'Setting',
  valueRows: {
    k: 'k: smallest published value',
    epsilon: 'ε per cell',
    noise: 'Noise',
    scale: 'Scale of the noise (1/ε)',
    sd: 'Standard deviation of the noise',
    periods: 'Periods',
    total: 'Largest loss per quantity and visitor-day',
  },
  noiseName: 'discrete Laplace distribution',
  periodsName: 'ISO week, month, quarter, year; closed ones only',
  back: 'Back to the dashboard',
};

export const GUARANTEE_TEXTS: Record<Language, GuaranteeTexts> = { de, en };
