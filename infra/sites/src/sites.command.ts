/*
 * `sites check [file]` and `sites add --key … [--file …]`: what they read, decide and print, with the file system,
 * the clock and the output streams passed in (sites.cli.ts wires the real ones). Exit codes: 0 done, 1 the file
 * has problems (nothing written), 2 the command line is wrong. Every message's first line names the cause.
 */
import path from 'node:path';
import { applyCityChange } from './add-city.ts';
import { checkSites } from './check-sites.ts';
import { diffCity } from './city-diff.ts';
import { ADD_USAGE, type CityChange, missingForNewCity, parseCityFlags, UsageError } from './city-flags.ts';
import type { SitesCommandConfig } from './sites.config.ts';
import { formatSitesJson } from './sites-json.ts';

export const USAGE = `usage:
  sites check [file]        validate a sites file (default: GODONU_SITES_FILE, else infra/config/sites.json)
  sites add --key <city> …  add or change a city, see: sites add --help`;

/** What a service needs to see a changed file: each reads it once, at start (infra/config/README.md). */
export const RESTART_NOTE =
  'The services read the file at start: restart the processor, then the api, then the collector (infra/config/README.md, "After a change").';

export interface CommandIo {
  readonly config: SitesCommandConfig;
  /** YYYY-MM-DD */
  readonly today: string;
  read(file: string): string;
  write(file: string, text: string): void;
  out(line: string): void;
  err(line: string): void;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

class FileError extends Error {}

/** The file relative to where the user typed the command when it lies below it, else absolute. */
function shown(io: CommandIo, file: string): string {
  const relative = path.relative(io.config.baseDir, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function readJson(io: CommandIo, file: string): unknown {
  let text: string;
  try {
    text = io.read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileError(`${shown(io, file)}: cannot read it: ${code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FileError(`${shown(io, file)}: not JSON: ${(error as Error).message}`);
  }
}

function check(io: CommandIo, args: string[]): number {
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    io.err(`sites check: takes one file at most, not ${args.join(' ')}`);
    io.err(USAGE);
    return 2;
  }
  const file = args[0] === undefined ? io.config.sitesFile : path.resolve(io.config.baseDir, args[0]);
  const { problems, config } = checkSites(readJson(io, file), { demo: io.config.demo, today: io.today });
  if (problems.length > 0 || !config) {
    for (const problem of problems) io.err(`${shown(io, file)}: ${problem}`);
    io.err(`${shown(io, file)}: ${count(problems.length, 'problem', 'problems')}`);
    return 1;
  }
  io.out(
    `${shown(io, file)}: ${count(config.cities.length, 'city', 'cities')}, ${count(config.services.length, 'service', 'services')}, no problems`,
  );
  return 0;
}

function add(io: CommandIo, args: string[]): number {
  if (args.includes('--help')) {
    io.out(ADD_USAGE);
    return 0;
  }
  let change: CityChange;
  try {
    change = parseCityFlags(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`sites add: ${error.message}`);
    io.err(ADD_USAGE);
    return 2;
  }
  const file = change.file === undefined ? io.config.sitesFile : path.resolve(io.config.baseDir, change.file);
  const name = shown(io, file);
  let applied: ReturnType<typeof applyCityChange>;
  try {
    applied = applyCityChange(readJson(io, file), change);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`${name}: ${(error as Error).message}`);
  }
  if (!applied.before) {
    const missing = missingForNewCity(change);
    if (missing.length > 0) {
      io.err(`sites add: ${change.key} is a new city in ${name} and needs ${missing.join(', ')}`);
      io.err(ADD_USAGE);
      return 2;
    }
  }
  const { problems } = checkSites(applied.file, { demo: io.config.demo, today: io.today });
  if (problems.length > 0) {
    for (const problem of problems) io.err(`${name}: ${problem}`);
    io.err(`${name} not changed: ${count(problems.length, 'problem', 'problems')}`);
    return 1;
  }
  const lines = diffCity(applied.before, applied.after);
  if (lines.length === 0) {
    io.out(`${name}: city ${change.key} unchanged, nothing written`);
    return 0;
  }
  io.out(`${name}: city ${change.key} ${applied.before ? 'changed' : 'added'}`);
  for (const line of lines) io.out(line);
  if (change.dryRun) {
    io.out('dry run: nothing written');
    return 0;
  }
  io.write(file, formatSitesJson(applied.file));
  io.out(RESTART_NOTE);
  return 0;
}

export function runSitesCommand(argv: string[], io: CommandIo): number {
  const [command, ...args] = argv;
  try {
    if (command === 'check') return check(io, args);
    if (command === 'add') return add(io, args);
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    io.err(error.message);
    return 1;
  }
  if (command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  io.err(command === undefined ? 'sites: which command?' : `sites: unknown command "${command}"`);
  io.err(USAGE);
  return 2;
}
