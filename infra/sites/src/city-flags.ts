/*
 * `sites add` flags → the fields of one city entry. A flag given sets its field (a repeated flag sets the whole
 * list); a field without its flag keeps its value, so a change names only what changes. Values are passed on as
 * typed: the contract's schema and the file checks judge them, in the same words as `sites check`.
 */
import { parseArgs } from 'node:util';

export const ADD_USAGE = `usage: sites add --key <city key> [field flags] [--file <sites file>] [--dry-run]
  --name <text>                    name as shown in reports, e.g. "Kassel"
  --ags <8 digits>                 Amtlicher Gemeindeschlüssel, Hessen starts with 06
  --inhabitants <number>           population figure …
  --population-date <YYYY-MM-DD>   … its reference day …
  --population-source <text>       … and where it comes from
  --portal-host <host>             host of a portal or form page, no scheme or port (repeat for several)
  --origin <origin>                origin allowed to send browser events, e.g. https://www.kassel.de (repeat)
  --ingest-key-sha256 <hex>        SHA-256 of a server-side ingest key (repeat)
  --query-param <name>             query parameter kept in page URLs (repeat)
  --service-rule <regex>=<LeiKa>   URL path pattern → catalog key (repeat; in order of precedence)
  --named-in-comparisons yes|no    whether other cities may see the city's name in comparisons
  --named-in-open-data yes|no      whether the public open-data releases may name the city (default no)
  --sdg-page <url>=<category>      page linked to the EU Single Digital Gateway; category information,
                                   procedure or assistance (repeat)
  --sdg-service <LeiKa>            service whose every page is a gateway procedure page (repeat)
A new city needs --name, --ags, --inhabitants, --population-date, --population-source, --portal-host,
--named-in-comparisons, and --origin or --ingest-key-sha256. Repeated flags replace the whole list.`;

export interface CityChange {
  key: string;
  /** Top-level fields of the city entry to set. */
  fields: Record<string, unknown>;
  /** Members of `population` to set. */
  population: Record<string, unknown>;
  /** Members of `sdg` (gateway pages and services) to set. */
  sdg: Record<string, unknown>;
  file: string | undefined;
  dryRun: boolean;
}

export class UsageError extends Error {}

function serviceRule(text: string): { pathPattern: string; service: string } {
  // The catalog key is digits only, so the last `=` separates it from a pattern that may contain `=`.
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`--service-rule "${text}" is not <path pattern>=<LeiKa key>`);
  return { pathPattern: text.slice(0, at), service: text.slice(at + 1) };
}

function sdgPage(text: string): { url: string; category: string } {
  // A category is a plain word, so the last `=` separates it from a URL that may contain `=`.
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`--sdg-page "${text}" is not <url>=<information|procedure|assistance>`);
  return { url: text.slice(0, at), category: text.slice(at + 1) };
}

export function parseCityFlags(argv: string[]): CityChange {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        file: { type: 'string' },
        key: { type: 'string' },
        name: { type: 'string' },
        ags: { type: 'string' },
        inhabitants: { type: 'string' },
        'population-date': { type: 'string' },
        'population-source': { type: 'string' },
        'portal-host': { type: 'string', multiple: true },
        origin: { type: 'string', multiple: true },
        'ingest-key-sha256': { type: 'string', multiple: true },
        'query-param': { type: 'string', multiple: true },
        'service-rule': { type: 'string', multiple: true },
        'named-in-comparisons': { type: 'string' },
        'named-in-open-data': { type: 'string' },
        'sdg-page': { type: 'string', multiple: true },
        'sdg-service': { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const key = values.key;
  if (typeof key !== 'string' || key === '') throw new UsageError('--key <city key> is required');
  const str = (name: string) => values[name] as string | undefined;
  const many = (name: string) => values[name] as string[] | undefined;
  const fields: Record<string, unknown> = {};
  const population: Record<string, unknown> = {};
  const sdg: Record<string, unknown> = {};
  if (many('sdg-page')) sdg.pages = many('sdg-page')?.map(sdgPage);
  if (many('sdg-service')) sdg.services = many('sdg-service');
  if (str('name') !== undefined) fields.name = str('name');
  if (str('ags') !== undefined) fields.ags = str('ags');
  const inhabitants = str('inhabitants');
  if (inhabitants !== undefined) {
    if (!/^[1-9]\d*$/.test(inhabitants))
      throw new UsageError(
        `--inhabitants "${inhabitants}" is not a whole number of inhabitants, e.g. 205000`,
      );
    population.inhabitants = Number(inhabitants);
  }
  if (str('population-date') !== undefined) population.asOf = str('population-date');
  if (str('population-source') !== undefined) population.source = str('population-source');
  if (many('portal-host')) fields.portalHosts = many('portal-host');
  if (many('origin')) fields.allowedOrigins = many('origin');
  if (many('ingest-key-sha256')) fields.ingestKeySha256 = many('ingest-key-sha256');
  if (many('query-param')) fields.queryAllowlist = many('query-param');
  if (many('service-rule')) fields.serviceRules = many('service-rule')?.map(serviceRule);
  const yesNo = (flag: string, field: string) => {
    const value = str(flag);
    if (value === undefined) return;
    if (value !== 'yes' && value !== 'no') throw new UsageError(`--${flag} is yes or no, not "${value}"`);
    fields[field] = value === 'yes';
  };
  yesNo('named-in-comparisons', 'namedInComparisons');
  yesNo('named-in-open-data', 'namedInOpenData');
  return { key, fields, population, sdg, file: str('file'), dryRun: values['dry-run'] === true };
}

/** The flags a new city still lacks, as `--flag` names in the usage's order; empty when it has all it needs. */
export function missingForNewCity(change: CityChange): string[] {
  const { fields, population } = change;
  const required: [string, unknown][] = [
    ['--name', fields.name],
    ['--ags', fields.ags],
    ['--inhabitants', population.inhabitants],
    ['--population-date', population.asOf],
    ['--population-source', population.source],
    ['--portal-host', fields.portalHosts],
    ['--named-in-comparisons', fields.namedInComparisons],
  ];
  const missing = required.filter(([, value]) => value === undefined).map(([flag]) => flag);
  // Without either, every event of the city would be refused: browser events need an origin, server ones a key.
  if (fields.allowedOrigins === undefined && fields.ingestKeySha256 === undefined)
    missing.push('--origin or --ingest-key-sha256');
  return missing;
}
