/*
 * The api's operations as its served OpenAPI document states them, so that the hostile and role tests cover
 * every route, a new one included, without a list of their own. Parameter values are judged by the document's
 * own schema (enum, pattern, integer bounds), the way the api's zod schemas coerce them.
 */

export interface ParamSchema {
  type?: string;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: ParamSchema;
}

export interface Operation {
  /** OpenAPI template, e.g. `/v1/cities/{city}/report`. */
  path: string;
  params: Param[];
  /** Whether the document requires a key (its global bearer requirement, unless the operation lifts it). */
  secured: boolean;
  tags: string[];
  /** Every method the document states for the path (upper case), the GET included: others answer 405. */
  methods: string[];
}

interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Record<string, { parameters?: Param[]; security?: unknown[]; tags?: string[] }>>;
}

export async function fetchOperations(apiUrl: string): Promise<Operation[]> {
  const res = await fetch(`${apiUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  const doc = (await res.json()) as OpenApiDocument;
  const globallySecured = (doc.security ?? []).length > 0;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method === 'get')
      .map(([, op]) => ({
        path,
        params: (op.parameters ?? []).map((p) => ({ ...p, required: p.required ?? false })),
        secured: op.security ? op.security.length > 0 : globallySecured,
        tags: op.tags ?? [],
        methods: Object.keys(methods).map((m) => m.toUpperCase()),
      })),
  );
}

/** Whether a raw parameter value (as the query string parser hands it over) satisfies its schema. */
export function isValidValue(schema: ParamSchema, value: string | string[]): boolean {
  if (Array.isArray(value)) return false;
  if (schema.enum) return schema.enum.includes(value);
  if (schema.type === 'integer' || schema.type === 'number') {
    // z.coerce.number(): Number(value), so '' is 0 and ' 5 ' is 5.
    const n = Number(value);
    const whole = schema.type === 'number' ? Number.isFinite(n) : Number.isInteger(n);
    return whole && n >= (schema.minimum ?? -Infinity) && n <= (schema.maximum ?? Infinity);
  }
  if (schema.pattern) return new RegExp(schema.pattern).test(value);
  return true;
}

/** `/v1/cities/{city}/report` with `{ city: 'giessen' }` → `/v1/cities/giessen/report` (values already encoded). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return value;
  });
}

export function pathParamNames(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
