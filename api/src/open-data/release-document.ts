/*
 * A release as the files it is published in: `release.json` (metadata, licence, the disclosure parameters and
 * privacy budget, the data dictionary and every table) and one CSV per table. Serialized once, when the release
 * is created, and stored as bytes: what is served is never serialized again, so no later change of code or
 * configuration can alter a published file. Keys are written in the order built here (JSON.stringify keeps
 * insertion order), two-space indented, with a final newline.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CalendarPeriod } from '../disclosure/calendar-period.ts';
import { type DisclosurePolicy, POLICY_VERSION, policySummary } from '../disclosure/policy.ts';
import { toCsv } from '../http/csv.ts';
import { CITY_COLUMNS, type Column, SERVICE_COLUMNS, SHARE_COLUMNS, STATUSES } from './release-dictionary.ts';
import type { ReleaseTables, Row } from './release-tables.ts';
import type { NotNamed, ReleaseUnit } from './release-units.ts';

export const RELEASE_FORMAT = 'godonu-open-data-release/1';
export const TABLE_NAMES = ['services', 'cities', 'shares'] as const;
export type TableName = (typeof TABLE_NAMES)[number];
export const RELEASE_FILES = ['release.json', 'services.csv', 'cities.csv', 'shares.csv'] as const;
export type ReleaseFile = (typeof RELEASE_FILES)[number];

const COLUMNS: Record<TableName, readonly Column[]> = {
  services: SERVICE_COLUMNS,
  cities: CITY_COLUMNS,
  shares: SHARE_COLUMNS,
};

/**
 * Distinct-visitor cells a visitor-day can enter in one release: per city its visitors, its device (visitor ids
 * hash the user agent, so one device) and each channel it came by; per service used its viewers, starters,
 * completions and raters. Event counts (visits, ratings) are protected per event, as everywhere.
 */
export const VISITOR_CELLS = { perCity: 2, perChannel: 1, perService: 4 } as const;

const MONTHS_DE = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];

/** `2026-11` → `November 2026`. */
export function monthName(label: string): string {
  return `${MONTHS_DE[Number(label.slice(5, 7)) - 1]} ${label.slice(0, 4)}`;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export const licence = z.object({
  name: z.string(),
  url: z.string(),
  uri: z.string().describe('The licence in the DCAT-AP.de licence vocabulary'),
  attribution: z.string().describe('How to name the source, as the licence requires'),
});

export const privacyBudget = z.object({
  epsilonPerCell: z.number(),
  visitorCells: z.object({ perCity: z.number(), perChannel: z.number(), perService: z.number() }),
  epsilonPerVisitorDay: z
    .number()
    .describe('ε one visitor-day spends in this release when it used one service, coming by one channel'),
  formula: z.string(),
  explanation: z.string(),
});

const fileInfo = z.object({
  name: z.enum(RELEASE_FILES),
  mediaType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
});

/** What the index and the catalog know of a release: everything but its dictionary and tables, plus its files. */
export const releaseMeta = z.object({
  format: z.literal(RELEASE_FORMAT),
  release: z.string().describe('The released month, e.g. 2026-11'),
  title: z.string(),
  description: z.string(),
  period: z.object({ label: z.string(), from: z.iso.date(), to: z.iso.date(), days: z.number().int() }),
  createdAt: z.iso.datetime(),
  createdBy: z.enum(['consortium', 'command']),
  publisher: z.string(),
  licence,
  disclosure: z.object({
    policyVersion: z.number().int(),
    k: z.number().int(),
    epsilonPerCell: z.number(),
    noise: z.literal('discrete Laplace'),
    noiseScale: z.number(),
    noiseStandardDeviation: z.number(),
    privacyBudget,
  }),
  cities: z.object({
    named: z.array(z.object({ key: z.string(), name: z.string(), ags: z.string() })),
    notNamed: z.object({ count: z.number().int(), aggregated: z.boolean() }),
  }),
  notes: z.array(z.string()),
  files: z.array(fileInfo),
});
export type ReleaseMeta = z.infer<typeof releaseMeta>;

const column = z.object({
  name: z.string(),
  title: z.string(),
  type: z.enum(['string', 'integer', 'number']),
  unit: z.string().nullable(),
  description: z.string(),
});
const rows = z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()])));

/** `release.json`: the metadata (without the file list, which describes this very file), dictionary and tables. */
export const releaseDocument = releaseMeta.omit({ files: true }).extend({
  dictionary: z.object({
    statuses: z.record(z.string(), z.string()),
    services: z.array(column),
    cities: z.array(column),
    shares: z.array(column),
  }),
  tables: z.object({ services: rows, cities: rows, shares: rows }),
});
type ReleaseHead = Omit<ReleaseMeta, 'files'>;

export interface ReleaseSource {
  month: CalendarPeriod;
  policy: DisclosurePolicy;
  createdAt: Date;
  createdBy: ReleaseMeta['createdBy'];
  publisher: string;
  licence: { name: string; url: string; uri: string };
  units: readonly ReleaseUnit[];
  notNamed: NotNamed;
  tables: ReleaseTables;
}

function notes(notNamed: NotNamed, k: number): string[] {
  const unnamed =
    notNamed.count === 0
      ? 'Alle teilnehmenden Städte haben zugestimmt, namentlich genannt zu werden.'
      : notNamed.aggregated
        ? `${notNamed.count} Städte wollen nicht namentlich genannt werden: Ihre Zahlen stehen nur zusammengefasst in der Zeile „Weitere Städte“.`
        : `${notNamed.count === 1 ? 'Eine Stadt will' : `${notNamed.count} Städte wollen`} nicht namentlich genannt werden. Zusammengefasst werden Städte erst ab drei; ihre Zahlen sind in dieser Veröffentlichung daher nicht enthalten.`;
  return [
    unnamed,
    'Ob eine Stadt genannt wird, gilt zum Zeitpunkt der Veröffentlichung. Zieht eine Stadt ihre Zustimmung zurück, gilt das für spätere Veröffentlichungen; frühere Veröffentlichungen werden nie geändert.',
    `Jede Zahl ist verrauscht und nur veröffentlicht, wenn wahrer und verrauschter Wert mindestens ${k} erreichen; Quoten und Anteile sind aus den verrauschten Zahlen berechnet. Leere Werte nennen ihren Grund in der Status-Spalte.`,
    'Besuchende werden je Tag gezählt (ohne Cookies, mit täglich wechselndem Schlüssel): „Besuchende“ eines Monats sind Besuchstage.',
  ];
}

function head(src: ReleaseSource): ReleaseHead {
  const summary = policySummary(src.policy);
  const eps = src.policy.epsilon;
  const cells = VISITOR_CELLS.perCity + VISITOR_CELLS.perChannel + VISITOR_CELLS.perService;
  const name = monthName(src.month.label);
  return {
    format: RELEASE_FORMAT,
    release: src.month.label,
    title: `Nutzung kommunaler Online-Dienste, ${name}`,
    description: `Aufrufe, begonnene und abgeschlossene Online-Formulare, Abschlussquote, Bearbeitungszeit, Zufriedenheit und digitale Quote je Stadt und Leistung (LeiKa) sowie Besuchende, Besuche, Geräte und Zugangswege je Stadt im ${name}: die Städte des Programms GoDoNu, mit verrauschten Zahlen und ohne kleine Zellen.`,
    period: { label: src.month.label, from: src.month.from, to: src.month.to, days: src.month.days },
    createdAt: src.createdAt.toISOString(),
    createdBy: src.createdBy,
    publisher: src.publisher,
    licence: {
      ...src.licence,
      attribution: `${src.publisher}, ${src.month.label}, ${src.licence.name} (${src.licence.url})`,
    },
    disclosure: {
      policyVersion: POLICY_VERSION,
      k: summary.k,
      epsilonPerCell: summary.epsilonPerCell,
      noise: summary.noise,
      noiseScale: summary.noiseScale,
      noiseStandardDeviation: summary.noiseStandardDeviation,
      privacyBudget: {
        epsilonPerCell: eps,
        visitorCells: { ...VISITOR_CELLS },
        epsilonPerVisitorDay: round(eps * cells),
        formula: 'ε × (2 + Zugangswege + 4 × genutzte Leistungen) je Besuchstag',
        explanation:
          'Ein Besuchstag liegt in genau einem Monat, und jeder Monat wird höchstens einmal veröffentlicht: Über alle Veröffentlichungen zusammen verbraucht ein Besuchstag nur das Budget seines Monats. Die Zellen der namentlich genannten Städte sind dieselben (mit demselben Rauschen), die das Konsortium für den Monat lesen kann.',
      },
    },
    cities: {
      named: src.units.flatMap((u) =>
        u.key === null || u.ags === null ? [] : [{ key: u.key, name: u.name, ags: u.ags }],
      ),
      notNamed: { ...src.notNamed },
    },
    notes: notes(src.notNamed, src.policy.k),
  };
}

function csvOf(table: TableName, rows: readonly Row[]): string {
  const columns = COLUMNS[table].map((c) => c.name);
  return toCsv({ columns, rows: rows.map((r) => columns.map((c) => r[c] ?? null)) });
}

/** Rows with exactly the dictionary's columns, in its order. */
function ordered(table: TableName, rows: readonly Row[]): Row[] {
  const columns = COLUMNS[table].map((c) => c.name);
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
}

const MEDIA_TYPES: Record<ReleaseFile, string> = {
  'release.json': 'application/json',
  'services.csv': 'text/csv',
  'cities.csv': 'text/csv',
  'shares.csv': 'text/csv',
};

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The files of a release, and its metadata with each file's size and checksum. */
export function serializeRelease(src: ReleaseSource): {
  meta: ReleaseMeta;
  files: Record<ReleaseFile, string>;
} {
  const h = head(src);
  const document = {
    ...h,
    dictionary: { statuses: STATUSES, ...COLUMNS },
    tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, ordered(t, src.tables[t])])),
  };
  const files: Record<ReleaseFile, string> = {
    'release.json': `${JSON.stringify(document, null, 2)}\n`,
    'services.csv': csvOf('services', src.tables.services),
    'cities.csv': csvOf('cities', src.tables.cities),
    'shares.csv': csvOf('shares', src.tables.shares),
  };
  const meta: ReleaseMeta = {
    ...h,
    files: RELEASE_FILES.map((name) => ({
      name,
      mediaType: MEDIA_TYPES[name],
      bytes: Buffer.byteLength(files[name], 'utf8'),
      sha256: sha256(files[name]),
    })),
  };
  return { meta, files };
}
