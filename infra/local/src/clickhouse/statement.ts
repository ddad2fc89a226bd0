/*
 * The little the server must know about a statement before the engine sees it. A lexer for the start of a
 * statement only: the engine parses everything else.
 */

/** The first words of a statement, upper-cased, after whitespace, comments and opening parentheses. */
export function leadingWords(sql: string, count: number): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < sql.length && words.length < count) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') i = lineEnd(sql, i);
    else if (c === '#' && words.length === 0) i = lineEnd(sql, i);
    else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (/[\s(;]/.test(c as string)) i++;
    else {
      const word = /^[A-Za-z_]+/.exec(sql.slice(i, i + 64))?.[0];
      if (!word) break;
      words.push(word.toUpperCase());
      i += word.length;
    }
  }
  return words;
}

function lineEnd(sql: string, from: number): number {
  const end = sql.indexOf('\n', from);
  return end < 0 ? sql.length : end + 1;
}

/** Statements that change the session they run in; without a session, a server forgets them after the query. */
export function changesSession(sql: string): boolean {
  const [first, second] = leadingWords(sql, 2);
  return (
    first === 'SET' || first === 'USE' || ((first === 'CREATE' || first === 'DROP') && second === 'TEMPORARY')
  );
}

export function isInsert(sql: string): boolean {
  return leadingWords(sql, 1)[0] === 'INSERT';
}

const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i;

/**
 * The output format a statement asks for: its own FORMAT clause, else the request's default. Undefined when the
 * word FORMAT appears elsewhere (e.g. before a SETTINGS clause): the format is then not known for certain.
 */
export function outputFormat(sql: string, fallback: string): string | undefined {
  const trailing = TRAILING_FORMAT.exec(sql);
  if (trailing) return trailing[1];
  return /\bFORMAT\b/i.test(sql) ? undefined : fallback;
}

const INLINE_INSERT = /^[\s\S]*?\bFORMAT[ \t]+[A-Za-z0-9_]+[ \t]*(\r?\n)?/i;

/**
 * An INSERT sent whole in the body ("INSERT INTO t FORMAT RowBinary\n<rows>"): the statement is text, the rows
 * are bytes of any value, and only the statement may be decoded.
 */
export function splitInlineInsert(body: Buffer): { prefix: string; data: Buffer } | undefined {
  // latin1 maps each byte to one character, so the match length is the byte offset.
  const head = body.subarray(0, 64 * 1024).toString('latin1');
  if (!isInsert(head)) return undefined;
  const match = INLINE_INSERT.exec(head);
  if (!match) return undefined;
  const end = match[0].length;
  return { prefix: body.subarray(0, end).toString('utf8').trimEnd(), data: body.subarray(end) };
}

export interface KillQuery {
  queryId: string;
  mode: 'SYNC' | 'ASYNC' | 'TEST';
  format: string | undefined;
}

const KILL_BY_ID =
  /^\s*KILL\s+QUERY\s+WHERE\s+query_id\s*=\s*'((?:[^'\\]|\\.)*)'\s*(SYNC|ASYNC|TEST)?\s*(?:FORMAT\s+([A-Za-z0-9_]+)\s*)?;?\s*$/i;

/**
 * `KILL QUERY WHERE query_id = '…'` names the client's query_id, which only this server knows (the engine gives
 * its queries ids of its own), so the server answers it. Other KILL forms go to the engine.
 */
export function parseKillQuery(sql: string): KillQuery | undefined {
  const m = KILL_BY_ID.exec(sql);
  if (!m) return undefined;
  const queryId = (m[1] as string).replace(/\\(.)/g, '$1');
  return { queryId, mode: (m[2]?.toUpperCase() as KillQuery['mode'] | undefined) ?? 'ASYNC', format: m[3] };
}

/** `INSERT … FORMAT X` with no rows after it: a server accepts it and writes nothing. */
export function isEmptyFormatInsert(sql: string): boolean {
  return isInsert(sql) && TRAILING_FORMAT.test(sql);
}
