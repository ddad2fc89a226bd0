/*
 * The change to one city as lines a reviewer reads at a glance: one line per field (population's members apart),
 * `-` with the old value and `+` with the new one, in the entry's own order; unchanged fields are not shown.
 */
type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON on one line, with a space after each comma and colon, as people write it. */
export function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isObject(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')} }`;
  return JSON.stringify(value) ?? 'undefined';
}

/** Fields as `name` or `population.asOf` → value; objects other than lists are opened one level. */
function leaves(entry: Raw | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(entry ?? {})) {
    if (isObject(value)) for (const [member, v] of Object.entries(value)) out.set(`${key}.${member}`, v);
    else out.set(key, value);
  }
  return out;
}

export function diffCity(before: Raw | undefined, after: Raw): string[] {
  const old = leaves(before);
  const lines: string[] = [];
  for (const [field, value] of leaves(after)) {
    const was = old.get(field);
    if (old.has(field) && inline(was) === inline(value)) continue;
    if (old.has(field)) lines.push(`- ${field}: ${inline(was)}`);
    lines.push(`+ ${field}: ${inline(value)}`);
  }
  return lines;
}
