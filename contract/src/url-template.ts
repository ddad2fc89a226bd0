import { FIRST_NAMES, PLACE_WORDS, SURNAMES } from './personal-names.ts';

/*
 * Path templating: path segments that identify a person or a case become placeholders, so that names, case
 * numbers and e-mail addresses that forms put into paths never reach Kafka (the collector templates every `url`
 * and `href` before it writes a record) and never become a dimension (the processor templates page and download
 * paths again, which changes nothing on a record the collector wrote: placeholders are never folded).
 *
 * A segment (percent-decoded) becomes
 *   :num    all digits                                     /aktuelles/4711, /leistung/99036010000000
 *   :uuid   a UUID, with or without hyphens
 *   :hex    16 or more hex digits                          /doc/deadbeefdeadbeef1234
 *   :email  anything with an `@`                           /kontakt/max.mustermann%40example.org
 *   :id     a case number or token:                        /akte/AZ-2024-00815, /vorgang/BA123456, /k7x9q2
 *           five or more digits in all; or a run of four or more digits that is not a year (1900–2099) standing
 *           as a word of its own (`bericht-2024` is kept, `antrag-0815` is not); or a word mixing letters and
 *           digits with at least two digits in at least three alternating runs (`k7x9q2`, `x12y`; not `covid19`,
 *           `mp3`, `b2b`, `schritt-2`)
 *   :name   two to nine words joined by `-`, `.`, `_`, `+` or a space (a file extension aside; at most 100
 *           characters), one of them a first name or surname of `personal-names.ts` and none a word of a public
 *           place, institution or event (`strasse`, `schule`, `platz`, `st`, …): max-mustermann, anna.schmidt,
 *           Mueller_Hans, erika-musterfrau.pdf are folded; online-dienste, hundesteuer-anmelden,
 *           bewohnerparkausweis-beantragen, karl-marx-strasse are kept. A single word is never folded
 *           (`/profil/mustermann` stays): alone it cannot be told from a page name.
 * Everything else is kept as it was sent.
 */

const NUMERIC = /^\d+$/;
const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const LONG_HEX = /^[0-9a-f]{16,}$/i;
const DIGIT = /\d/;
const DIGIT_RUN = /\d{4,}/;
const YEAR = /^(19|20)\d\d$/;
/** Letters (any script) or digits in runs: `k7x9q2` → k, 7, x, 9, q, 2. */
const RUNS = /\p{L}+|\d+/gu;
const WORD_SEPARATOR = /[-._+ ]+/;
const FILE_EXTENSION =
  /\.(pdf|html?|php|aspx?|jsp|docx?|odt|xlsx?|ods|pptx?|rtf|txt|csv|zip|jpe?g|png|gif|svg)$/i;
const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
const UMLAUT = /[äöüß]/;
const UMLAUTS_ALL = /[äöüß]/g;

export const PATH_PLACEHOLDERS = [':num', ':uuid', ':hex', ':email', ':id', ':name'] as const;
export type PathPlaceholder = (typeof PATH_PLACEHOLDERS)[number];

/** A word as the name lists spell it: lower case, umlauts spelled out. */
function nameToken(word: string): string {
  const lower = word.toLowerCase();
  return UMLAUT.test(lower) ? lower.replace(UMLAUTS_ALL, (c) => UMLAUTS[c] as string) : lower;
}

function isCaseWord(word: string): boolean {
  if (!DIGIT.test(word)) return false;
  if (NUMERIC.test(word)) return word.length >= 4 && !YEAR.test(word);
  if (DIGIT_RUN.test(word)) return true;
  const runs = word.match(RUNS) ?? [];
  let digits = 0;
  for (const run of runs) if (DIGIT.test(run)) digits += run.length;
  return digits >= 2 && runs.length >= 3;
}

function isPersonName(words: string[]): boolean {
  let named = false;
  for (const word of words) {
    const token = nameToken(word);
    if (PLACE_WORDS.has(token)) return false;
    if (FIRST_NAMES.has(token) || SURNAMES.has(token)) named = true;
  }
  return named;
}

/** Names are a few words: longer segments are sentences, and checking them word by word would cost a client's
 * hostile 2 KB URL far more time than the rest of its event. */
const MAX_NAME_SEPARATORS = 8;
const MAX_NAME_LENGTH = 100;

/** The placeholder for one percent-decoded path segment, or undefined when it is kept. */
export function templateSegment(segment: string): PathPlaceholder | undefined {
  // One scan, no allocation: most segments (`buergerservice`, `hundesteuer`) have no digit, `@` or separator.
  let digits = 0;
  let separators = 0;
  let at = false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 45 || c === 46 || c === 95 || c === 43 || c === 32) separators++;
    else if (c === 64) at = true;
  }
  if (segment.length === 0) return undefined;
  if (digits === segment.length) return ':num';
  if (segment.length >= 16 && UUID_LIKE.test(segment)) return ':uuid';
  if (segment.length >= 16 && LONG_HEX.test(segment)) return ':hex';
  if (at) return ':email';
  if (digits >= 5) return ':id';
  const named = separators > 0 && separators <= MAX_NAME_SEPARATORS && segment.length <= MAX_NAME_LENGTH;
  if (digits === 0 && !named) return undefined;
  const words = (
    separators > 0 ? segment.replace(FILE_EXTENSION, '').split(WORD_SEPARATOR) : [segment]
  ).filter((w) => w.length > 0);
  if (digits > 0 && words.some(isCaseWord)) return ':id';
  if (named && words.length >= 2 && isPersonName(words)) return ':name';
  return undefined;
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Segments of a path (`/a/b`), each kept as sent or replaced by its placeholder; `undefined` if none changed.
 * One scan finds the segments `templateSegment` could fold (a digit, `@`, `%`, 16+ characters, or two to nine
 * words); only those are cut out and looked at, so a long hostile path costs a pass over its characters.
 */
function templateSegments(path: string): string | undefined {
  let out: string | undefined;
  let copied = 0;
  let start = 0;
  let digits = 0;
  let separators = 0;
  let words = 0;
  let inWord = false;
  let marked = false;
  for (let i = 0; i <= path.length; i++) {
    const c = i < path.length ? path.charCodeAt(i) : 47;
    if (c === 47) {
      const length = i - start;
      const nameLike = words >= 2 && separators <= MAX_NAME_SEPARATORS && length <= MAX_NAME_LENGTH;
      if (marked || digits > 0 || length >= 16 || nameLike) {
        const placeholder = templateSegment(decode(path.slice(start, i)));
        if (placeholder !== undefined) {
          out = (out ?? '') + path.slice(copied, start) + placeholder;
          copied = i;
        }
      }
      start = i + 1;
      digits = 0;
      separators = 0;
      words = 0;
      inWord = false;
      marked = false;
    } else if (c === 45 || c === 46 || c === 95 || c === 43 || c === 32) {
      separators++;
      inWord = false;
    } else {
      if (c >= 48 && c <= 57) digits++;
      else if (c === 64 || c === 37) marked = true;
      if (!inWord) words++;
      inWord = true;
    }
  }
  return out === undefined ? undefined : out + path.slice(copied);
}

/** Start of the path: after `scheme://authority`, after `scheme:` (mailto:, tel:), else the whole text. */
const AUTHORITY = /^[a-z][a-z0-9+.-]*:(\/\/[^/?#]*)?/i;

/**
 * The URL or path with its path templated and everything else (scheme, host, port, query, fragment, slashes)
 * as it was. What a collector writes to Kafka.
 */
export function templateUrl(url: string): string {
  const start = AUTHORITY.exec(url)?.[0].length ?? 0;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const templated = templateSegments(url.slice(start, end));
  return templated === undefined ? url : url.slice(0, start) + templated + url.slice(end);
}

/** A path as a report dimension: empty segments dropped, each segment kept or templated. */
export function templatePath(pathname: string): string {
  const path = templateSegments(pathname) ?? pathname;
  return `/${path
    .split('/')
    .filter((s) => s.length > 0)
    .join('/')}`;
}
