import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `migrations/` beside `src/`. Built (`npm run build`), this module is bundled into a `dist/*.js` whose
 * `dist/migrations/` holds a copy of them (infra/build).
 */
export const MIGRATIONS_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../migrations' : './migrations', import.meta.url),
);

/** `0001_events.sql`: a four-digit version, an underscore, a name. */
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Placeholders the runner fills from configuration; the checksum covers the file as written, not the values. */
export interface MigrationParams {
  RAW_RETENTION_DAYS: number;
}

export interface Migration {
  version: number;
  name: string;
  /** SHA-256 of the file text, so an edited migration that already ran is detected. */
  checksum: string;
  sql: string;
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = FILE_NAME.exec(file);
    if (!m) throw new Error(`migration file name must look like 0001_name.sql: ${file}`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = Number(m[1]);
    if (migrations.some((x) => x.version === version))
      throw new Error(`duplicate migration version ${version}`);
    migrations.push({
      version,
      name: m[2] as string,
      checksum: createHash('sha256').update(sql).digest('hex'),
      sql,
    });
  }
  return migrations;
}

/** Replaces `{{NAME}}` with the configured value; an unknown placeholder is an error, never left in the SQL. */
export function fillPlaceholders(sql: string, params: MigrationParams): string {
  return sql.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`unknown migration placeholder {{${name}}}`);
    return String(params[name as keyof MigrationParams]);
  });
}

/**
 * Splits a migration into statements at top-level semicolons (the HTTP interface runs one statement per request).
 * Quotes, back-quotes and `--` comments are respected so a semicolon inside them does not split.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      current += ch;
      if (ch === '\\') {
        current += sql[i + 1] ?? '';
        i++;
      } else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      current += '\n';
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (quote) throw new Error('unterminated quote in migration');
  if (current.trim()) statements.push(current.trim());
  return statements;
}
