import { MAX_URL_LENGTH } from './limits.ts';

/**
 * The URL as reported: query parameters outside `allow` and the fragment are removed, because forms put
 * names, case numbers and e-mail addresses there.
 */
export const cleanUrl = (href: string, allow: string[]): string => {
  const u = new URL(href);
  const q = u.searchParams;
  for (const k of [...q.keys()]) allow.includes(k) || q.delete(k);
  u.hash = '';
  return u.href.slice(0, MAX_URL_LENGTH);
};

/**
 * One expression for the excluded path patterns; `*` matches any characters, the rest is literal. Without
 * patterns it matches the empty path only, which no page has.
 */
export const pathPattern = (patterns: string[]): RegExp =>
  RegExp(`^(${patterns.map((p) => p.replace(/[^\w*/-]/g, '\\$&').replace(/\*/g, '.*')).join('|')})$`);
