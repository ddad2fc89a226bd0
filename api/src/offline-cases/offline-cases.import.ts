/*
 * One import of a city's offline case numbers, as the api route and the command run it: the file is checked as a
 * whole (offline-cases.validate.ts), compared with the numbers in force for the months it names, and written as
 * one row of offline_case_imports_v1 that holds its lines and its record (0006_offline_cases.sql). One insert of
 * one row is stored whole or not at all: a file with any problem, or a failed insert, changes nothing.
 *
 * An import replaces the months it names and nothing else: a (month, service) of those months that was in force
 * and is not in the file is removed; other months stay as they were. Importing the same file again changes no
 * number (every line `unchanged`), but is recorded like any other import.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CityConfig } from '@godonu/contract';
import { type ChannelCounts, channelsOf, monthStart } from '../compare/digital-take-up.ts';
import { type OfflineCaseRow, readOfflineCases, readOfflineImports } from '../queries/offline-cases.query.ts';
import { reportDay } from '../routes/params.schema.ts';
import { clickhouseTime, type Warehouse } from '../warehouse.ts';
import { CHANNELS, type CsvIssue, MAX_ISSUES } from './offline-cases.csv.ts';
import { checkOfflineCasesFile, type OfflineCaseLine } from './offline-cases.validate.ts';

/** Who imports: an API key (its id and label) or the command (key id empty, the operator's `--by` text). */
export interface Importer {
  source: 'api' | 'cli';
  keyId: string;
  actor: string;
}

export interface ImportRecord {
  importId: string;
  city: string;
  /** ISO 8601, UTC, milliseconds. */
  importedAt: string;
  source: 'api' | 'cli';
  keyId: string;
  actor: string;
  fileSha256: string;
  /** The months the import replaced, `YYYY-MM`, in order. */
  months: string[];
  lines: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export type ImportOutcome = { ok: true; record: ImportRecord } | { ok: false; issues: CsvIssue[] };

export interface Changes {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

function sameCounts(a: ChannelCounts, b: ChannelCounts): boolean {
  return CHANNELS.every((c) => a[c] === b[c]);
}

/** What the lines change against the rows in force for the same months (`before` holds no other months). */
export function changesOf(lines: readonly OfflineCaseLine[], before: readonly OfflineCaseRow[]): Changes {
  const inForce = new Map(before.map((r) => [`${r.month.slice(0, 7)}|${r.service}`, channelsOf(r)]));
  const out: Changes = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  for (const line of lines) {
    const key = `${line.month}|${line.service}`;
    const previous = inForce.get(key);
    if (previous === undefined) out.added += 1;
    else if (sameCounts(previous, line.cases)) out.unchanged += 1;
    else out.changed += 1;
    inForce.delete(key);
  }
  out.removed = inForce.size;
  return out;
}

export interface ImportDeps {
  warehouse: Warehouse;
  /** LeiKa keys of the service catalog. */
  catalog: ReadonlySet<string>;
  now: () => Date;
}

/**
 * The time an import is recorded at: now, but always after the city's latest import, so that of two imports one
 * after the other the second is in force even when the clock stands still or steps back (the table keeps
 * milliseconds; the latest import per month wins).
 */
export function importTime(now: Date, latest: string | undefined): Date {
  if (latest === undefined) return now;
  const after = Date.parse(`${latest.replace(' ', 'T')}Z`) + 1;
  return after > now.getTime() ? new Date(after) : now;
}

/**
 * Checks and stores one file for one city. Two imports of the same months at the same moment are both stored and
 * the later `imported_at` is in force; the other's change counts were taken against what it saw.
 */
export async function importOfflineCases(
  deps: ImportDeps,
  city: CityConfig,
  text: string,
  who: Importer,
): Promise<ImportOutcome> {
  const checked = checkOfflineCasesFile(text, {
    inhabitants: city.population.inhabitants,
    catalog: deps.catalog,
    today: reportDay(deps.now()),
  });
  if (!checked.ok) return checked;
  const { lines } = checked;
  const months = [...new Set(lines.map((l) => l.month))].sort();
  const wanted = new Set(months);
  const [inRange, [latest]] = await Promise.all([
    readOfflineCases(deps.warehouse, {
      sites: [city.key],
      service: null,
      firstMonth: monthStart(months[0] as string),
      lastMonth: monthStart(months.at(-1) as string),
    }),
    readOfflineImports(deps.warehouse, { site: city.key, limit: 1 }),
  ]);
  const at = importTime(deps.now(), latest?.imported_at);
  const changes = changesOf(
    lines,
    inRange.filter((r) => wanted.has(r.month.slice(0, 7))),
  );
  const record: ImportRecord = {
    importId: randomUUID(),
    city: city.key,
    importedAt: at.toISOString(),
    source: who.source,
    keyId: who.keyId,
    actor: who.actor,
    fileSha256: createHash('sha256').update(text).digest('hex'),
    months,
    lines: lines.length,
    ...changes,
  };
  const sorted = [...lines].sort((a, b) => cmp(a.month, b.month) || cmp(a.service, b.service));
  await deps.warehouse.insert('offlineCaseImports', [
    {
      import_id: record.importId,
      site: city.key,
      imported_at: clickhouseTime(at),
      source: who.source,
      key_id: who.keyId,
      actor: who.actor,
      file_sha256: record.fileSha256,
      months: months.map(monthStart),
      // Nested columns are written as one array per field (flatten_nested, the server's default).
      'lines.month': sorted.map((l) => monthStart(l.month)),
      'lines.service': sorted.map((l) => l.service),
      ...Object.fromEntries(CHANNELS.map((c) => [`lines.${c}`, sorted.map((l) => l.cases[c])])),
      added: changes.added,
      changed: changes.changed,
      removed: changes.removed,
      unchanged: changes.unchanged,
    },
  ]);
  return { ok: true, record };
}

/** The problems of a file as reported: the first MAX_ISSUES, and how many more there are. */
export function issueReport(issues: readonly CsvIssue[]): { issues: CsvIssue[]; more: number } {
  return { issues: issues.slice(0, MAX_ISSUES), more: Math.max(0, issues.length - MAX_ISSUES) };
}

/** One problem as a line of text: `line 7 (month): month 2031-01 is in the future`. */
export function issueText(i: CsvIssue): string {
  return `line ${i.line}${i.column === null ? '' : ` (${i.column})`}: ${i.message}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
