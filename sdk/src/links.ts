import { emit, pageUrl } from './events.ts';

/** Files cities publish for download: forms, statutes, tables, archives, calendar entries. */
const FILE = /\.(pdf|docx?|xlsx?|od[ts]|rtf|csv|zip|ics)$/i;

/**
 * A click on a link to a file (download) or to another host (outbound); `href` is cleaned like page URLs.
 * It runs guarded: a click outside a link ends it at `closest`, mailto:, tel: and javascript: links have no host.
 */
export const onClick = (e: MouseEvent): void => {
  const a = (e.target as Element).closest('a[href]') as HTMLAnchorElement;
  const href = pageUrl(a.href);
  if (FILE.test(a.pathname) || a.hasAttribute('download')) emit({ type: 'download', href });
  else if (a.host && a.host !== location.host) emit({ type: 'outbound', href });
};
