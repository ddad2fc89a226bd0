/*
 * SQL as a tagged template whose slots take only what cannot carry a value into the text: a bound parameter
 * (rendered `{name:Type}`, its value sent beside the query and parsed by the server against the type), an
 * identifier from a fixed map, or another `sql` fragment. A bare string or number in a slot does not compile, and
 * is refused at run time should a cast smuggle one in. There is no raw escape hatch: SQL text comes from the
 * template literals in the code, nowhere else.
 *
 * Parameters are named, not numbered: the api's result cache reads `to`, and the same name may appear in several
 * fragments, which is one parameter as long as its type and value agree.
 */
import { isDeepStrictEqual } from 'node:util';

const PARAM: unique symbol = Symbol('godonu.sql.param');
const IDENTIFIER: unique symbol = Symbol('godonu.sql.identifier');
const FRAGMENT: unique symbol = Symbol('godonu.sql.fragment');

/** Parameter names and identifiers alike: a bare ClickHouse name, nothing to quote. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The ClickHouse types the queries bind; a new one is added here with its helper in `param`. */
export type ParamType = 'String' | 'Date' | 'UInt32' | 'Array(String)' | "DateTime64(3, 'UTC')";

/** One bound value, rendered `{name:Type}`. Made by the `param` helpers only. */
export interface Param {
  readonly [PARAM]: true;
  readonly name: string;
  readonly type: ParamType;
  readonly value: unknown;
}

/** A table or column name from a fixed map (`identifiers`), rendered as it is. */
export interface Identifier<N extends string = string> {
  readonly [IDENTIFIER]: true;
  readonly name: N;
}

/** Rendered SQL text and the values of its placeholders, ready for the client's `query_params`. */
export interface Sql {
  readonly [FRAGMENT]: true;
  readonly query: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The type of each parameter, so that a fragment nested in another one is checked against its neighbours. */
  readonly types: Readonly<Record<string, ParamType>>;
}

/** What an interpolation slot of `sql` accepts; `string` and `number` are deliberately not among them. */
export type Slot = Param | Identifier | Sql;

function checkName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new Error(`sql: ${kind} ${JSON.stringify(name)} is not a bare name`);
}

function bind(name: string, type: ParamType, value: unknown): Param {
  checkName('parameter', name);
  return Object.freeze({ [PARAM]: true as const, name, type, value });
}

/** Bound parameters by ClickHouse type. Values are checked by the server, which rejects a malformed one. */
export const param = {
  string: (name: string, value: string): Param => bind(name, 'String', value),
  /** A calendar day, `YYYY-MM-DD`. */
  date: (name: string, value: string): Param => bind(name, 'Date', value),
  uint32: (name: string, value: number): Param => bind(name, 'UInt32', value),
  arrayString: (name: string, value: readonly string[]): Param => bind(name, 'Array(String)', [...value]),
  /** An instant in UTC as `YYYY-MM-DD hh:mm:ss.sss` (`dateTime64(epochMs)`). */
  dateTime64: (name: string, value: string): Param => bind(name, "DateTime64(3, 'UTC')", value),
} as const;

/**
 * The fixed map identifiers come from: each name is checked once, here, and the map's values are the only
 * identifiers a slot accepts.
 */
export function identifiers<const M extends Record<string, string>>(
  map: M,
): { readonly [K in keyof M]: Identifier<M[K]> } {
  const out: Record<string, Identifier> = {};
  for (const [key, name] of Object.entries(map)) {
    checkName('identifier', name);
    out[key] = Object.freeze({ [IDENTIFIER]: true as const, name });
  }
  return Object.freeze(out) as { readonly [K in keyof M]: Identifier<M[K]> };
}

function isObject(slot: unknown): slot is Record<PropertyKey, unknown> {
  return typeof slot === 'object' && slot !== null;
}

function addParam(
  params: Record<string, unknown>,
  types: Record<string, ParamType>,
  name: string,
  type: ParamType,
  value: unknown,
): void {
  if (name in types) {
    if (types[name] !== type) throw new Error(`sql: parameter "${name}" is bound with two types`);
    // The value is never part of the message: it may be anything a caller sent.
    if (!isDeepStrictEqual(params[name], value))
      throw new Error(`sql: parameter "${name}" is bound twice with different values`);
    return;
  }
  types[name] = type;
  params[name] = value;
}

function compose(strings: readonly string[], slots: readonly Slot[]): Sql {
  let query = strings[0] ?? '';
  const params: Record<string, unknown> = {};
  const types: Record<string, ParamType> = {};
  for (const [i, slot] of slots.entries()) {
    if (isObject(slot) && slot[PARAM] === true) {
      const p = slot as Param;
      addParam(params, types, p.name, p.type, p.value);
      query += `{${p.name}:${p.type}}`;
    } else if (isObject(slot) && slot[IDENTIFIER] === true) {
      query += (slot as Identifier).name;
    } else if (isObject(slot) && slot[FRAGMENT] === true) {
      const f = slot as Sql;
      for (const [name, type] of Object.entries(f.types)) addParam(params, types, name, type, f.params[name]);
      query += f.query;
    } else {
      throw new TypeError(
        `sql: slot ${i + 1} is neither a bound parameter, an identifier from a fixed map nor a sql fragment`,
      );
    }
    query += strings[i + 1] ?? '';
  }
  return Object.freeze({
    [FRAGMENT]: true as const,
    query,
    params: Object.freeze(params),
    types: Object.freeze(types),
  });
}

/** The tag: `sql\`SELECT … WHERE site = ${param.string('site', site)}\``. */
export function sql(strings: TemplateStringsArray, ...slots: readonly Slot[]): Sql {
  return compose(strings, slots);
}

/** Fragments one after the other with a separator between them (`sql\`, \``, `sql\`\nUNION ALL\n\``). */
export function joinSql(parts: readonly Sql[], separator: Sql): Sql {
  const slots = parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]));
  return compose(
    Array.from({ length: slots.length + 1 }, () => ''),
    slots,
  );
}
