/*
 * The data dictionary of a release: every column of every table with its type, unit and meaning, in the order the
 * CSV files and the JSON rows have them. The service table's metrics are the comparison's metrics (SERVICE_METRICS)
 * that a release publishes, so a metric added there with one of these names becomes a column without further code.
 */
import { METRIC_DEFINITIONS, SERVICE_METRICS, type ServiceMetric } from '../compare/service-metrics.ts';

/** The metrics of the per city × service table, by name; published in SERVICE_METRICS order where they exist. */
const RELEASED: ReadonlySet<string> = new Set([
  'viewers',
  'starters',
  'completions',
  'completionRate',
  'medianTimeToCompleteSec',
  'satisfaction',
  'digitalTakeUp',
]);

export const RELEASE_METRICS: readonly ServiceMetric[] = SERVICE_METRICS.filter((m) => RELEASED.has(m));

/** German titles and meanings; a metric without one here is described by the comparison's English text. */
const GERMAN: Readonly<Record<string, { title: string; description: string }>> = {
  viewers: {
    title: 'Aufrufende',
    description: 'Verschiedene Besuchende, die den Dienst aufgerufen haben (je Tag gezählt)',
  },
  starters: {
    title: 'Beginnende',
    description: 'Verschiedene Besuchende, die das Online-Formular begonnen haben (je Tag gezählt)',
  },
  completions: {
    title: 'Abschlüsse',
    description: 'Verschiedene Besuchende, die das Formular abgeschickt und die Bestätigung erreicht haben',
  },
  completionRate: { title: 'Abschlussquote', description: 'Abschlüsse geteilt durch Beginnende' },
  medianTimeToCompleteSec: {
    title: 'Mediane Bearbeitungszeit',
    description: 'Median der Sekunden vom Beginn des Formulars bis zur Bestätigung, auf 10 Sekunden gerundet',
  },
  satisfaction: {
    title: 'Zufriedenheit',
    description: 'Mittlere Bewertung von 1 (schlecht) bis 5 (sehr gut)',
  },
  digitalTakeUp: {
    title: 'Digitale Quote',
    description:
      'Online-Abschlüsse geteilt durch alle Fälle des Monats: Online-Abschlüsse und die von der Stadt gemeldeten Fälle über Schalter, Post, Telefon, E-Mail und andere Wege',
  },
};

export interface Column {
  name: string;
  title: string;
  type: 'string' | 'integer' | 'number';
  /** e.g. `Anteil (0–1)`, `Sekunden`; null where a column has none. */
  unit: string | null;
  description: string;
}

export const STATUSES = {
  ok: 'veröffentlicht',
  below_k: 'nicht veröffentlicht: weniger als k Besuchende (oder Ereignisse) stehen dahinter',
  no_data: 'nicht berechenbar, etwa eine Quote ohne Beginnende',
  no_offline_data:
    'digitale Quote unbekannt: Die Stadt hat für diesen Monat keine Fallzahlen über Schalter, Post, Telefon, E-Mail und andere Wege gemeldet (nie als 100 % gezeigt)',
  withheld:
    'nicht veröffentlicht: ein Median über die Formulare mehrerer Städte ist kein Median einer Stadt und wird für Zusammenfassungen nicht gebildet',
} as const;
export type ReleaseStatus = keyof typeof STATUSES;

const statusColumn = (of: string, title: string): Column => ({
  name: `${of}Status`,
  title: `Status: ${title}`,
  type: 'string',
  unit: null,
  description: `Warum ${title} (nicht) veröffentlicht ist: ${Object.keys(STATUSES).join(', ')} (siehe statuses)`,
});

const UNIT: Record<(typeof METRIC_DEFINITIONS)[ServiceMetric]['kind'], string | null> = {
  count: 'Besuchende',
  rate: 'Anteil (0–1)',
  seconds: 'Sekunden',
  score: 'Bewertung (1–5)',
};

const cityColumns: Column[] = [
  {
    name: 'city',
    title: 'Stadt (Schlüssel)',
    type: 'string',
    unit: null,
    description: 'Schlüssel der Stadt; leer in der Zeile der nicht namentlich genannten Städte',
  },
  {
    name: 'cityName',
    title: 'Stadt',
    type: 'string',
    unit: null,
    description: 'Name der Stadt oder der Gruppe',
  },
  {
    name: 'ags',
    title: 'Amtlicher Gemeindeschlüssel',
    type: 'string',
    unit: null,
    description: 'AGS (8 Stellen); leer für die Gruppe',
  },
];

export const SERVICE_COLUMNS: readonly Column[] = [
  ...cityColumns,
  {
    name: 'service',
    title: 'Leistung (LeiKa)',
    type: 'string',
    unit: null,
    description: 'Schlüssel der Leistung im Leistungskatalog (LeiKa, 14 Stellen)',
  },
  { name: 'serviceName', title: 'Leistung', type: 'string', unit: null, description: 'Name der Leistung' },
  ...RELEASE_METRICS.flatMap((m): Column[] => {
    const def = METRIC_DEFINITIONS[m];
    const german = GERMAN[m] ?? { title: m, description: def.description };
    return [
      {
        name: m,
        title: german.title,
        type: def.kind === 'count' ? 'integer' : 'number',
        unit: UNIT[def.kind],
        description: german.description,
      },
      statusColumn(m, german.title),
    ];
  }),
];

export const CITY_COLUMNS: readonly Column[] = [
  ...cityColumns,
  {
    name: 'inhabitants',
    title: 'Einwohnerzahl',
    type: 'integer',
    unit: 'Einwohner',
    description: 'Einwohnerzahl laut Konfiguration (leer für die Gruppe)',
  },
  {
    name: 'populationAsOf',
    title: 'Stand der Einwohnerzahl',
    type: 'string',
    unit: 'Datum',
    description: 'Stichtag der Einwohnerzahl (ISO 8601)',
  },
  {
    name: 'visitors',
    title: 'Besuchende',
    type: 'integer',
    unit: 'Besuchende',
    description: 'Verschiedene Besuchende des Portals, je Tag gezählt und über den Monat addiert',
  },
  statusColumn('visitors', 'Besuchende'),
  {
    name: 'visits',
    title: 'Besuche',
    type: 'integer',
    unit: 'Besuche',
    description: 'Besuche des Portals (eine Folge von Seitenaufrufen am selben Tag)',
  },
  statusColumn('visits', 'Besuche'),
];

export const SHARE_COLUMNS: readonly Column[] = [
  ...cityColumns,
  {
    name: 'dimension',
    title: 'Merkmal',
    type: 'string',
    unit: null,
    description:
      'device: Gerätetyp; channel: Zugangsweg des Besuchs (direct, search, social, internal, other_city, referral)',
  },
  {
    name: 'value',
    title: 'Ausprägung',
    type: 'string',
    unit: null,
    description:
      'Gerätetyp oder Zugangsweg; „(other)“ fasst die zu kleinen Ausprägungen zusammen, ohne sie zu nennen',
  },
  {
    name: 'share',
    title: 'Anteil der Besuche',
    type: 'number',
    unit: 'Anteil (0–1)',
    description: 'Besuche mit dieser Ausprägung geteilt durch alle Besuche der Stadt im Monat',
  },
  statusColumn('share', 'Anteil der Besuche'),
];
