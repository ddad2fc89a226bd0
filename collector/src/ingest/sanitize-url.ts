import { templateUrl } from '@godonu/contract';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
const REFERRER_SCHEMES = new Set(['http:', 'https:', 'android-app:']);
const MAX_HOST_LENGTH = 253;

/**
 * Keeps only the allow-listed query parameters, drops the fragment and any user:password, and templates the path
 * (`templateUrl` of the contract: case numbers, ids, e-mail addresses and personal names become `:id`, `:name`,
 * …), so that what forms put into URLs never reaches Kafka, whatever the client sent. Paths stay paths; absolute
 * URLs stay absolute. Never returns an empty string.
 */
export function sanitizeUrl(raw: string, queryAllowlist: ReadonlySet<string>): string {
  // The common case, already clean as the SDK sends it, costs three scans instead of a URL parse.
  if (raw.length > 0 && !raw.includes('?') && !raw.includes('#') && !raw.includes('@'))
    return templateUrl(raw);
  if (ABSOLUTE.test(raw)) {
    const parsed = tryUrl(raw);
    if (parsed && parsed.host !== '') {
      parsed.username = '';
      parsed.password = '';
      parsed.hash = '';
      parsed.search = keepParams(parsed.search.slice(1), queryAllowlist);
      return templateUrl(parsed.href);
    }
  }
  const hash = raw.indexOf('#');
  const noFragment = hash >= 0 ? raw.slice(0, hash) : raw;
  const q = noFragment.indexOf('?');
  const sanitized =
    q < 0 ? noFragment : noFragment.slice(0, q) + keepParams(noFragment.slice(q + 1), queryAllowlist);
  return sanitized === '' ? '/' : templateUrl(sanitized);
}

function keepParams(query: string, allow: ReadonlySet<string>): string {
  if (query === '' || allow.size === 0) return '';
  const kept = new URLSearchParams();
  for (const [name, value] of new URLSearchParams(query)) if (allow.has(name)) kept.append(name, value);
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

/** The referrer's host and nothing else (no port, path or query), or null when there is none. */
export function referrerHost(ref: string | undefined): string | null {
  if (ref === undefined || !ABSOLUTE.test(ref)) return null;
  const parsed = tryUrl(ref);
  if (!parsed || !REFERRER_SCHEMES.has(parsed.protocol)) return null;
  const host = parsed.hostname;
  return host === '' || host.length > MAX_HOST_LENGTH ? null : host;
}

function tryUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
