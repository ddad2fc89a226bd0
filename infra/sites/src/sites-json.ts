/*
 * The sites file as text. Written the way the repository's formatter (Biome, line width 110) writes JSON, so that
 * a city added by the command is a diff of that city alone and the file still passes `biome check`: objects
 * expanded one member per line, arrays of plain values on one line while that line fits, else one per line.
 */

/** Biome's `lineWidth` in biome.json. */
const LINE_WIDTH = 110;
const INDENT = '  ';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isPlain = (value: Json): boolean => value === null || typeof value !== 'object';

/** `prefix` is what precedes the value on its line (indent and key), `suffix` what follows it (a comma). */
function render(value: Json, indent: string, prefix: string, suffix: string): string {
  if (isPlain(value)) return `${prefix}${JSON.stringify(value)}${suffix}`;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${prefix}[]${suffix}`;
    if (value.every(isPlain)) {
      const line = `${prefix}[${value.map((v) => JSON.stringify(v)).join(', ')}]${suffix}`;
      if (line.length <= LINE_WIDTH) return line;
    }
    const items = value.map((v, i) => render(v, inner, inner, i < value.length - 1 ? ',' : ''));
    return [`${prefix}[`, ...items, `${indent}]${suffix}`].join('\n');
  }
  const entries = Object.entries(value as { [key: string]: Json });
  if (entries.length === 0) return `${prefix}{}${suffix}`;
  const members = entries.map(([k, v], i) =>
    render(v, inner, `${inner}${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : ''),
  );
  return [`${prefix}{`, ...members, `${indent}}${suffix}`].join('\n');
}

/** The file's text for a JSON value: formatted as above, with a final newline. */
export function formatSitesJson(value: unknown): string {
  return `${render(value as Json, '', '', '')}\n`;
}
