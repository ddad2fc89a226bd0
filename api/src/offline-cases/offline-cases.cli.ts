/*
 * Imports a city's offline case numbers from a CSV file, as the api's upload does (api/README.md "Offline case
 * numbers"):
 *   pnpm --filter @godonu/api offline-cases import --city giessen [--by "Bürgerbüro, M. Muster"] faelle.csv
 * The file is taken from the directory the command was run in. It writes to CLICKHOUSE_URL / CLICKHOUSE_DATABASE
 * and needs no disclosure secret. The import is recorded with source `cli` and the `--by` text as who imported.
 * A refusal (usage, unknown city, a file with problems) is the first line on stderr and exits with 2, whatever pnpm
 * prints after it; a file's problems follow it, one per line. Nothing else goes to stdout than the one-line summary.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Refusal, runCommand } from '../command.ts';
import { loadImportConfig } from '../config.ts';
import { loadSites, type Sites } from '../sites.ts';
import { clickhouseWarehouse } from '../warehouse.ts';
import { type ImportRecord, importOfflineCases, issueReport, issueText } from './offline-cases.import.ts';

const USAGE = `usage:
  offline-cases import --city <city key> [--by <who imports>] <file.csv>`;

/** Who imported, when the operator does not say. */
const COMMAND_ACTOR = 'offline-cases command';

function cityOf(sites: Sites, key: string, sitesFile: string) {
  const city = sites.cities.get(key);
  if (city) return city;
  throw new Refusal(
    `no city "${key}" in the sites file ${sitesFile} (GODONU_SITES_FILE); it has ${[...sites.cities.keys()].join(', ')}`,
  );
}

function summary(r: ImportRecord): string {
  return `imported ${r.lines} lines for ${r.city}, months ${r.months.join(', ')}: ${r.added} added, ${r.changed} changed, ${r.removed} removed, ${r.unchanged} unchanged (import ${r.importId})`;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { city: { type: 'string' }, by: { type: 'string' } },
  });
  const [command, file, ...rest] = positionals;
  if (command !== 'import' || file === undefined || rest.length > 0) throw new Refusal(USAGE);
  if (values.city === undefined) throw new Refusal(`--city <city key> is required\n${USAGE}`);
  const config = loadImportConfig();
  const sites = loadSites(config.GODONU_SITES_FILE);
  const city = cityOf(sites, values.city, config.GODONU_SITES_FILE);
  const fullPath = path.resolve(config.COMMAND_DIR, file);
  let text: string;
  try {
    text = await readFile(fullPath, 'utf8');
  } catch (err) {
    throw new Refusal(`cannot read ${fullPath}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const warehouse = clickhouseWarehouse({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE });
  try {
    const outcome = await importOfflineCases(
      { warehouse, catalog: new Set(sites.services.keys()), now: () => new Date() },
      city,
      text,
      { source: 'cli', keyId: '', actor: values.by ?? COMMAND_ACTOR },
    );
    if (!outcome.ok) {
      const report = issueReport(outcome.issues);
      const n = outcome.issues.length;
      throw new Refusal(`${fullPath} has ${n} ${n === 1 ? 'problem' : 'problems'}; nothing was imported`, [
        ...report.issues.map(issueText),
        ...(report.more > 0 ? [`… and ${report.more} more`] : []),
      ]);
    }
    process.stdout.write(`${summary(outcome.record)}\n`);
  } finally {
    await warehouse.close();
  }
}

await runCommand('offline-cases', () => main(process.argv.slice(2)));
