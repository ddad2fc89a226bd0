/*
 * Every problem of a sites file at once, each as one line that names where and why. The contract's zod schema
 * (`sitesConfig`, the one the services parse the file with) decides the structure; the checks here add what the
 * schema cannot see field by field: keys and AGS listed twice, AGS outside Hessen, impossible or future
 * population dates, hosts and origins a browser never sends as written, origins whose pages would all be dropped,
 * catalog keys missing from the catalog, an ingest key two cities share, demo entries outside demo mode.
 *
 * A portal host or origin listed by several cities is no problem: a form vendor serves many municipalities from
 * one host, and the processor attributes each event to the site it was sent for.
 */
import { findDemoEntries, type SitesConfig, sitesConfig } from '@godonu/contract';
import type { z } from 'zod';

/** Hessen's Land key: the first two digits of every Hessian AGS. */
const HESSEN_AGS_PREFIX = '06';
const AGS_FORMAT = /^\d{8}$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const LEIKA_FORMAT = /^\d{14}$/;

export interface CheckOptions {
  /** `GODONU_DEMO=1`: the demo's ingest keys and loopback origins are allowed, as the services allow them. */
  demo: boolean;
  /** Today's date (YYYY-MM-DD): a population figure cannot be dated later. */
  today: string;
}

export interface CheckResult {
  /** One line per problem, in file order; empty when the file is fine. */
  problems: string[];
  /** The parsed configuration when the schema accepts the file (even with other problems). */
  config?: SitesConfig;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');
const quote = (v: unknown) => JSON.stringify(v);

/** `city kassel` when the entry has a key, else its position. */
function cityLabel(raw: unknown, index: number): string {
  const key = isObject(raw) ? raw.key : undefined;
  return typeof key === 'string' && key !== '' ? `city ${key}` : `cities[${index}]`;
}

function serviceLabel(raw: unknown, index: number): string {
  const key = isObject(raw) ? raw.key : undefined;
  return typeof key === 'string' && key !== '' ? `service ${key}` : `services[${index}]`;
}

/** A problem and the entry it belongs to: problems are listed in the order of the file's entries. */
interface Found {
  /** -1 for the file itself, the city's position, or the number of cities plus the service's position. */
  at: number;
  text: string;
}

/** `city kassel: population.asOf` for a schema path, and the entry's place in the file. */
function where(file: unknown, path: readonly PropertyKey[]): { label: string; field: string; at: number } {
  const [top, index, ...rest] = path;
  const field = rest
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  const cities = isObject(file) ? list(file.cities) : [];
  if (top === 'cities' && typeof index === 'number')
    return { label: cityLabel(cities[index], index), field, at: index };
  if (top === 'services' && typeof index === 'number' && isObject(file))
    return { label: serviceLabel(list(file.services)[index], index), field, at: cities.length + index };
  return { label: path.length === 0 ? 'the file' : String(top), field: '', at: -1 };
}

function valueAt(file: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = file;
  for (const p of path) v = isObject(v) || Array.isArray(v) ? (v as Raw)[p as string] : undefined;
  return v;
}

/** The field name a path ends in, skipping list positions: `ingestKeySha256` for `…ingestKeySha256[0]`. */
const fieldName = (path: readonly PropertyKey[]) =>
  String([...path].reverse().find((p) => typeof p === 'string') ?? '');

/** What is wrong with a value that fails the schema, in terms of the field; zod's own words where none fits. */
function schemaMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.map(quote).join(', ')}`;
  if (value === undefined) return 'is missing';
  if (issue.code === 'invalid_format' || issue.code === 'invalid_type') {
    switch (fieldName(issue.path)) {
      case 'ags':
        return `${quote(value)} is not an AGS: 8 digits, e.g. 06611000`;
      case 'asOf':
        return `${quote(value)} is not a date: YYYY-MM-DD, the reference day of the population figure`;
      case 'ingestKeySha256':
        return `${quote(value)} is not a SHA-256 in lower-case hex (64 characters): printf %s "$KEY" | sha256sum`;
      case 'service':
        return `${quote(value)} is not a LeiKa key: 14 digits`;
      case 'allowedOrigins':
        return `${quote(value)} is not an origin: scheme and host, e.g. https://www.kassel.de`;
    }
  }
  return issue.message;
}

/** `www.kassel.de` for `https://www.kassel.de:8443/x` (what was probably meant), else undefined. */
function hostOf(text: string): string | undefined {
  try {
    return new URL(text.includes('://') ? text : `http://${text}`).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** A host as the page URL's `hostname` is: no scheme, port, path or credentials, in its canonical spelling. */
function hostProblem(host: string): string | undefined {
  const canonical = hostOf(host);
  if (canonical === host.toLowerCase()) return undefined;
  const hint = canonical ? `: write ${canonical}` : '';
  return `${quote(host)} is not a bare host (no scheme, port or path; international names in punycode)${hint}`;
}

function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined; // the schema reports a value that is no URL
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${quote(origin)} is not a web origin: browsers send events from http(s) pages only`;
  if (url.origin === origin) return undefined;
  return `${quote(origin)} is not an origin as browsers send it: write ${url.origin} (scheme, host and a port other than the default; no path, no trailing slash)`;
}

/** A real calendar day, not after today. */
function dayProblem(day: string, today: string): string | undefined {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day)
    return `${quote(day)} is not a calendar day`;
  if (day > today) return `${quote(day)} is in the future: the date the population figure refers to`;
  return undefined;
}

function checkCities(file: Raw, services: ReadonlySet<string>, today: string): Found[] {
  const problems: Found[] = [];
  const keys = new Map<string, string>();
  const ags = new Map<string, string>();
  const ingestKeys = new Map<string, string>();
  for (const [i, city] of list(file.cities).entries()) {
    if (!isObject(city)) continue;
    const label = cityLabel(city, i);
    const say = (field: string, message: string) =>
      problems.push({ at: i, text: `${label}: ${field}: ${message}` });
    if (typeof city.key === 'string') {
      if (keys.has(city.key)) say('key', `${quote(city.key)} is listed twice; each city once`);
      keys.set(city.key, label);
    }
    if (typeof city.ags === 'string' && AGS_FORMAT.test(city.ags)) {
      if (!city.ags.startsWith(HESSEN_AGS_PREFIX))
        say('ags', `${quote(city.ags)} is not in Hessen: Hessian AGS begin with ${HESSEN_AGS_PREFIX}`);
      const other = ags.get(city.ags);
      if (other !== undefined) say('ags', `${quote(city.ags)} is also the AGS of ${other}`);
      else ags.set(city.ags, label);
    }
    const asOf = isObject(city.population) ? city.population.asOf : undefined;
    if (typeof asOf === 'string' && ISO_DAY.test(asOf)) {
      const problem = dayProblem(asOf, today);
      if (problem) say('population.asOf', problem);
    }
    const hosts = new Set<string>();
    for (const host of strings(city.portalHosts)) {
      const problem = hostProblem(host);
      if (problem) say('portalHosts', problem);
      if (hosts.has(host.toLowerCase())) say('portalHosts', `${quote(host)} is listed twice`);
      hosts.add(host.toLowerCase());
    }
    const origins = new Set<string>();
    for (const origin of strings(city.allowedOrigins)) {
      const problem = originProblem(origin);
      if (problem) say('allowedOrigins', problem);
      const canonical = URL.canParse(origin) ? new URL(origin).origin : origin;
      if (origins.has(canonical)) say('allowedOrigins', `${quote(origin)} is listed twice (as ${canonical})`);
      origins.add(canonical);
      const host = hostOf(origin);
      if (!problem && host !== undefined && !hosts.has(host))
        say(
          'allowedOrigins',
          `${quote(origin)}: its host ${host} is not in portalHosts, so every page view from there would be dropped (foreign_host)`,
        );
    }
    for (const hash of strings(city.ingestKeySha256)) {
      const other = ingestKeys.get(hash);
      if (other !== undefined && other !== label)
        say('ingestKeySha256', `${hash} is also an ingest key of ${other}: each city needs its own key`);
      else ingestKeys.set(hash, label);
    }
    for (const [j, rule] of list(city.serviceRules).entries()) {
      const service = isObject(rule) ? rule.service : undefined;
      if (typeof service === 'string' && LEIKA_FORMAT.test(service) && !services.has(service))
        say(`serviceRules[${j}].service`, `${service} is not in the catalog ("services")`);
    }
    const sdg = isObject(city.sdg) ? city.sdg : {};
    for (const [j, page] of list(sdg.pages).entries()) {
      const url = isObject(page) && typeof page.url === 'string' ? page.url : undefined;
      const host = url !== undefined && URL.canParse(url) ? new URL(url).hostname.toLowerCase() : undefined;
      if (host !== undefined && !hosts.has(host))
        say(
          `sdg.pages[${j}].url`,
          `${quote(url as string)}: its host ${host} is not in portalHosts, so the page's views are never counted`,
        );
    }
    for (const [j, service] of list(sdg.services).entries()) {
      if (typeof service === 'string' && LEIKA_FORMAT.test(service) && !services.has(service))
        say(`sdg.services[${j}]`, `${service} is not in the catalog ("services")`);
    }
  }
  return problems;
}

function checkCatalog(file: Raw): { problems: Found[]; keys: Set<string> } {
  const problems: Found[] = [];
  const offset = list(file.cities).length;
  const keys = new Set<string>();
  for (const [i, service] of list(file.services).entries()) {
    const key = isObject(service) ? service.key : undefined;
    if (typeof key !== 'string') continue;
    if (keys.has(key))
      problems.push({
        at: offset + i,
        text: `${serviceLabel(service, i)}: key: ${quote(key)} is listed twice`,
      });
    keys.add(key);
  }
  return { problems, keys };
}

export function checkSites(file: unknown, options: CheckOptions): CheckResult {
  const parsed = sitesConfig.safeParse(file);
  const found: Found[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // The schema's own duplicate-key check; the one below names the field and runs even beside other problems.
      if (issue.code === 'custom' && issue.message.startsWith('duplicate city')) continue;
      const { label, field, at } = where(file, issue.path);
      const message = schemaMessage(issue, valueAt(file, issue.path));
      found.push({ at, text: field ? `${label}: ${field}: ${message}` : `${label}: ${message}` });
    }
  }
  if (isObject(file)) {
    const catalog = checkCatalog(file);
    found.push(...checkCities(file, catalog.keys, options.today), ...catalog.problems);
  }
  if (parsed.success && !options.demo) {
    const index = new Map(parsed.data.cities.map((c, i) => [c.key, i]));
    for (const entry of findDemoEntries(parsed.data))
      found.push({
        at: index.get(entry.city) ?? -1,
        text: `city ${entry.city}: ${entry.field}: ${quote(entry.value)} is a demo entry, refused outside demo mode (GODONU_DEMO=1): ${entry.fix}`,
      });
  }
  // Array.prototype.sort is stable: within an entry, the schema's findings come first, then the checks' in order.
  const problems = found.sort((a, b) => a.at - b.at).map((p) => p.text);
  return parsed.success ? { problems, config: parsed.data } : { problems };
}
