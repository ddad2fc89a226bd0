/*
 * Renders the single-server migrations for a ClickHouse cluster (CLICKHOUSE_CLUSTER), so that a cluster is built
 * from the same files as a single server and the two never drift apart. Without a layout every statement comes
 * back unchanged, byte for byte.
 *
 * On a cluster:
 * - every CREATE, ALTER and DROP runs ON CLUSTER;
 * - a MergeTree-family engine becomes its Replicated* twin, with its own arguments after the Keeper path and the
 *   replica name, and the same PARTITION BY, ORDER BY, TTL and SETTINGS; `non_replicated_deduplication_window`
 *   becomes `replicated_deduplication_window` (the same number of remembered blocks, kept in Keeper and shared by
 *   a shard's replicas, so a block replayed to the other replica is still recognised);
 * - a sharded table (the raw events and every roll-up) is stored as `<name>_local` on each shard and read and
 *   written through a Distributed table that keeps the table's own name, sharded by cityHash64(site): the api's
 *   queries and the processor's insert stay as they are. Materialized views read and write the local tables, so
 *   each shard rolls up exactly the rows it stores, and all of a city's rows (hence all of a visit's) are on one
 *   shard;
 * - the small tables of the runner and the api are replicated to every node, not sharded.
 *
 * Identifiers in the output come from the migrations themselves or from the validated target; nothing else is
 * pasted into SQL.
 */

/** The local (per-shard) table behind a Distributed table of the table's own name. */
export const LOCAL_SUFFIX = '_local';

/** One city's rows, and so its visits and its roll-up rows, live on one shard. */
export const SHARDING_KEY = 'cityHash64(site)';

/**
 * Replicated to every node, never sharded: the runner's record, the api's own small tables and the warehouse's
 * settings. Every other table a migration creates is sharded.
 */
export const UNSHARDED_TABLES: ReadonlySet<string> = new Set([
  'schema_migrations',
  'open_data_releases_v1',
  'audit_log_v1',
  'offline_case_imports_v1',
  'sdg_transmissions_v1',
  'warehouse_settings',
  'api_sessions_v1',
  'annotations_v1',
  'quality_daily_v1',
]);

/** Keeper path and replica name of a sharded table: one replication group per shard. */
const SHARDED_REPLICATION = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
/**
 * Of an unsharded table: one replication group for the whole cluster. `{replica}` names a replica within its shard,
 * so `{shard}-{replica}` is unique among all nodes.
 */
const UNSHARDED_REPLICATION = "'/clickhouse/tables/all/{database}/{table}', '{shard}-{replica}'";

/** A cluster name as `remote_servers` spells it; quoted as a string literal, so a hyphen is allowed. */
export const CLUSTER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ClusterTarget {
  cluster: string;
  database: string;
}

export interface ClusterLayout extends ClusterTarget {
  /** Tables the migrations create that are sharded (by name, before the local suffix). */
  sharded: ReadonlySet<string>;
}

const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const CREATE_DATABASE = new RegExp(`^CREATE\\s+DATABASE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i');
const CREATE_TABLE = new RegExp(`^CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i');
const CREATE_MATERIALIZED_VIEW = new RegExp(
  `^CREATE\\s+MATERIALIZED\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`,
  'i',
);
const CREATE_VIEW = new RegExp(`^CREATE\\s+VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${NAME}`, 'i');
const ALTER_TABLE = new RegExp(`^ALTER\\s+TABLE\\s+${NAME}`, 'i');
const DROP = new RegExp(`^DROP\\s+(TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?${NAME}(?=\\s*$)`, 'i');
const INSERT = /^INSERT\s+INTO\s/i;
const ENGINE = /\bENGINE\s*=\s*([A-Za-z_][A-Za-z0-9_]*)/i;
/** The column-changing ALTER commands, which a Distributed table must follow to keep the local table's columns. */
const COLUMN_COMMAND = /^(?:ADD|DROP|MODIFY|RENAME|COMMENT|CLEAR)\s+COLUMN\b/i;

/**
 * The layout of a cluster: which of the tables the statements create are sharded. Built from every migration,
 * applied or not, so that a later ALTER, DROP or view knows how the table was created.
 */
export function clusterLayout(target: ClusterTarget, statements: readonly string[]): ClusterLayout {
  checkTarget(target);
  const sharded = new Set<string>();
  for (const statement of statements) {
    const m = CREATE_TABLE.exec(statement);
    if (!m || UNSHARDED_TABLES.has(m[2] as string)) continue;
    const table = parseCreateTable(statement, m);
    if (!table.columns.some((c) => /^site\s/.test(c))) {
      throw new Error(
        `table ${table.name} has no site column to shard by (${SHARDING_KEY}); if every node should hold all ` +
          'of it, add it to UNSHARDED_TABLES',
      );
    }
    sharded.add(table.name);
  }
  return Object.freeze({ cluster: target.cluster, database: target.database, sharded });
}

/** One statement as it runs on the cluster (one or two statements), or unchanged without a layout. */
export function renderForCluster(statement: string, layout: ClusterLayout | undefined): string[] {
  if (!layout) return [statement];
  checkTarget(layout);
  if (/\bON\s+CLUSTER\b/i.test(mask(statement))) {
    throw new Error(`a migration names no cluster; the runner adds ON CLUSTER: ${head(statement)}`);
  }
  const context: Context = {
    statement,
    layout,
    onCluster: ` ON CLUSTER '${layout.cluster}'`,
    local: (name) => (layout.sharded.has(name) ? `${name}${LOCAL_SUFFIX}` : name),
  };
  for (const [pattern, render] of RENDERERS) {
    const m = pattern.exec(statement);
    if (!m) continue;
    if (statement[m[0].length] === '.')
      throw new Error(`use unqualified names in a migration: ${head(statement)}`);
    return render(context, m);
  }
  throw new Error(`no cluster rendering for this statement: ${head(statement)}`);
}

/** The two names the output quotes: checked here, so no caller can put a quote into SQL. */
function checkTarget({ cluster, database }: ClusterTarget): void {
  if (!CLUSTER_NAME.test(cluster)) throw new Error(`invalid cluster name: ${cluster}`);
  if (!IDENTIFIER.test(database)) throw new Error(`invalid database name: ${database}`);
}

interface Context {
  statement: string;
  layout: ClusterLayout;
  /** ` ON CLUSTER '<name>'`, to follow the name of what a statement creates, alters or drops. */
  onCluster: string;
  /** The table a sharded table's rows are stored in on each shard; any other name unchanged. */
  local: (name: string) => string;
}

/** By the head of the statement; the first that matches renders it. */
const RENDERERS: [RegExp, (c: Context, m: RegExpExecArray) => string[]][] = [
  [CREATE_DATABASE, (c, m) => [afterName(c.statement, m, c.onCluster)]],
  [CREATE_TABLE, renderCreateTable],
  [CREATE_MATERIALIZED_VIEW, renderMaterializedView],
  // A plain view reads through the Distributed tables, as a query would.
  [CREATE_VIEW, (c, m) => [afterName(c.statement, m, c.onCluster)]],
  [ALTER_TABLE, renderAlter],
  [DROP, renderDrop],
  // Into the Distributed tables, from the Distributed tables: the rows land on the shards by the sharding key.
  [INSERT, (c) => [c.statement]],
];

function renderCreateTable({ statement, layout, onCluster, local }: Context, m: RegExpExecArray): string[] {
  const table = parseCreateTable(statement, m);
  const sharded = layout.sharded.has(table.name);
  const replication = sharded ? SHARDED_REPLICATION : UNSHARDED_REPLICATION;
  const engine = `Replicated${table.engine}(${replication}${table.engineArgs ? `, ${table.engineArgs}` : ''})`;
  const rendered =
    statement.slice(0, table.nameStart) +
    local(table.name) +
    onCluster +
    statement.slice(table.nameEnd, table.engineStart) +
    engine +
    replaceWord(
      statement.slice(table.engineEnd),
      'non_replicated_deduplication_window',
      'replicated_deduplication_window',
    );
  if (!sharded) return [rendered];
  const distributed =
    `CREATE TABLE ${m[1] ? 'IF NOT EXISTS ' : ''}${table.name}${onCluster} AS ${local(table.name)}\n` +
    `ENGINE = Distributed('${layout.cluster}', '${layout.database}', '${local(table.name)}', ${SHARDING_KEY})`;
  return [rendered, distributed];
}

/**
 * The view fires on inserts into the local table it reads, on the replica that received them, and writes into the
 * local table of the same shard; ClickHouse replicates what it wrote to the shard's other replica.
 */
function renderMaterializedView({ statement, onCluster, local }: Context, m: RegExpExecArray): string[] {
  const to = new RegExp(`^\\s+TO\\s+${NAME}(?![\\w.])`, 'i').exec(statement.slice(m[0].length));
  if (!to) throw new Error(`a materialized view needs TO <table> to run on a cluster: ${head(statement)}`);
  const target = to[1] as string;
  return [
    statement.slice(0, m[0].length) +
      onCluster +
      to[0].slice(0, to[0].length - target.length) +
      local(target) +
      renameSources(statement.slice(m[0].length + to[0].length), local),
  ];
}

/**
 * A sharded table's storage (TTL, settings, indexes) is its local table's; its columns are also the Distributed
 * table's, which must follow every change of them.
 */
function renderAlter({ statement, layout, onCluster, local }: Context, m: RegExpExecArray): string[] {
  const name = m[1] as string;
  if (!layout.sharded.has(name)) return [afterName(statement, m, onCluster)];
  const commands = splitTopLevel(statement.slice(m[0].length)).map((c) => c.trim());
  const columnCommands = commands.filter((c) => COLUMN_COMMAND.test(c)).length;
  if (columnCommands > 0 && columnCommands < commands.length) {
    throw new Error(`split this ALTER: column changes and other changes together: ${head(statement)}`);
  }
  const rendered = [
    statement.slice(0, m[0].length - name.length) + local(name) + onCluster + statement.slice(m[0].length),
  ];
  if (columnCommands > 0) rendered.push(afterName(statement, m, onCluster));
  return rendered;
}

/** SYNC: a dropped replicated table leaves Keeper at once, so a table of the same name can be created again. */
function renderDrop({ statement, layout, onCluster, local }: Context, m: RegExpExecArray): string[] {
  const name = m[2] as string;
  const dropped = [`${statement.slice(0, m[0].length)}${onCluster} SYNC`];
  if (m[1]?.toUpperCase() === 'TABLE' && layout.sharded.has(name)) {
    dropped.push(`${statement.slice(0, m[0].length - name.length)}${local(name)}${onCluster} SYNC`);
  }
  return dropped;
}

interface CreateTable {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The column definitions, trimmed, one per element. */
  columns: string[];
  /** The engine's family without `Replicated`, e.g. `AggregatingMergeTree`. */
  engine: string;
  engineArgs: string;
  engineStart: number;
  engineEnd: number;
}

function parseCreateTable(statement: string, m: RegExpExecArray): CreateTable {
  const name = m[2] as string;
  const nameEnd = m[0].length;
  if (statement[nameEnd] === '.') throw new Error(`use unqualified names in a migration: ${head(statement)}`);
  const quoted = mask(statement);
  const top = mask(statement, 0);
  const engine = ENGINE.exec(top.slice(nameEnd));
  if (!engine) throw new Error(`table ${name} names no engine: ${head(statement)}`);
  const family = engine[1] as string;
  if (!/MergeTree$/.test(family) || family.startsWith('Replicated')) {
    throw new Error(`table ${name}: no cluster rendering for ENGINE = ${family}`);
  }
  const engineStart = nameEnd + engine.index + engine[0].length - family.length;
  let engineEnd = engineStart + family.length;
  let engineArgs = '';
  const open = /^\s*\(/.exec(statement.slice(engineEnd));
  if (open) {
    const from = engineEnd + open[0].length - 1;
    const to = closingBracket(quoted, from);
    engineArgs = statement.slice(from + 1, to).trim();
    engineEnd = to + 1;
  }
  const listOpen = top.indexOf('(', nameEnd);
  const columns =
    listOpen !== -1 && listOpen < engineStart
      ? splitTopLevel(statement.slice(listOpen + 1, closingBracket(quoted, listOpen))).map((c) => c.trim())
      : [];
  return {
    name,
    nameStart: nameEnd - name.length,
    nameEnd,
    columns,
    engine: family,
    engineArgs,
    engineStart,
    engineEnd,
  };
}

/** The statement with `insert` after the name its head regex ended on. */
function afterName(statement: string, m: RegExpExecArray, insert: string): string {
  const end = m.index + m[0].length;
  return statement.slice(0, end) + insert + statement.slice(end);
}

/** Tables a view reads (`FROM t`, `JOIN t`) that are sharded, renamed to their local tables. */
function renameSources(sql: string, local: (name: string) => string): string {
  let out = '';
  let last = 0;
  for (const r of mask(sql).matchAll(new RegExp(`\\b(?:FROM|JOIN)\\s+${NAME}\\b(?!\\s*[.(])`, 'gi'))) {
    const name = r[1] as string;
    const start = (r.index as number) + r[0].length - name.length;
    out += sql.slice(last, start) + local(name);
    last = start + name.length;
  }
  return out + sql.slice(last);
}

/** Replaces a whole word outside quotes. */
function replaceWord(sql: string, word: string, replacement: string): string {
  let out = '';
  let last = 0;
  for (const r of mask(sql).matchAll(new RegExp(`\\b${word}\\b`, 'g'))) {
    out += sql.slice(last, r.index) + replacement;
    last = (r.index as number) + word.length;
  }
  return out + sql.slice(last);
}

/** Splits at commas outside quotes and brackets. */
function splitTopLevel(sql: string): string[] {
  const top = mask(sql, 0);
  const parts: string[] = [];
  let last = 0;
  for (let i = top.indexOf(','); i !== -1; i = top.indexOf(',', i + 1)) {
    parts.push(sql.slice(last, i));
    last = i + 1;
  }
  parts.push(sql.slice(last));
  return parts;
}

function closingBracket(masked: string, open: number): number {
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')' && --depth === 0) return i;
  }
  throw new Error('unbalanced brackets in migration');
}

/**
 * The statement with the inside of quotes blanked, and everything nested deeper than `depth` brackets: the same
 * length, so a position found in it is a position in the statement.
 */
function mask(sql: string, depth = Number.POSITIVE_INFINITY): string {
  let out = '';
  let quote: string | undefined;
  let level = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i] as string;
    if (quote) {
      if (ch === '\\' && i + 1 < sql.length) {
        out += '  ';
        i++;
      } else if (ch === quote) {
        quote = undefined;
        out += level > depth ? ' ' : ch;
      } else out += ' ';
      continue;
    }
    if (ch === ')') level--;
    out += level > depth ? ' ' : ch;
    if (ch === '(') level++;
    else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
  }
  return out;
}

function head(statement: string): string {
  return statement.split('\n', 1)[0]?.slice(0, 80) ?? '';
}
