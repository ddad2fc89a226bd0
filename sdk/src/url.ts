/**
 * One expression for a comma- or space-separated list of names or path patterns; `*` matches any characters,
 * everything else is literal (every other non-word character is escaped). An empty list (or a stray comma)
 * adds the empty alternative, which matches no page path and no query parameter (`cleanUrl` never keeps a
 * parameter without a name).
 */
export const pattern = (list = ''): RegExp =>
  RegExp(
    `^(${list
      .replace(/\W/g, '\\$&')
      .replace(/\\\*/g, '.*')
      .replace(/(\\[\s,])+/g, '|')})$`,
  );

/**
 * The URL as reported (the page's unless given): query parameters whose names `allow` does not match and the
 * fragment are removed, because forms put names, case numbers and e-mail addresses there. Nothing of them may
 * leave the page, so this stays in the browser; the collector only cuts the length.
 */
export const cleanUrl = (allow: RegExp, href = location.href): string => {
  const u = new URL(href);
  const q = u.searchParams;
  for (const k of [...q.keys()]) (k && allow.test(k)) || q.delete(k);
  u.hash = '';
  return u.href;
};
