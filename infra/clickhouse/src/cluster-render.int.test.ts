/*
 * No cluster runs here: the local ClickHouse is one embedded server. What is checked is that every statement the
 * migrations render to for a cluster is one this engine parses, with ON CLUSTER and the engines where the renderer
 * put them. `formatQuerySingleLine` parses without executing (the macros {shard} and {replica} stay text until a
 * server with Keeper runs the statement), and its output shows how the parser read the statement. The engines and
 * table settings the rendering names must exist in this engine as well.
 */
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ClusterLayout, clusterLayout, renderForCluster } from './cluster-render.ts';
import { setupStatements } from './migrate.ts';
import { fillPlaceholders, type Migration, readMigrations, splitStatements } from './migration-files.ts';

const target = { cluster: 'godonu', database: 'godonu' };
const SHARDED = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";
const UNSHARDED = "'/clickhouse/tables/all/{database}/{table}', '{shard}-{replica}'";

let ch: ClickHouseClient;
let migrations: Migration[];
let layout: ClusterLayout;
const statements = (m: Migration) => splitStatements(fillPlaceholders(m.sql, { RAW_RETENTION_DAYS: 30 }));
const migration = (version: number) => migrations.find((m) => m.version === version) as Migration;
/** The rendering of the statement of `version` whose text starts with `head`. */
function rendered(version: number, head: string): string[] {
  const statement = statements(migration(version)).find((s) => s.startsWith(head));
  if (!statement) throw new Error(`migration ${version} has no statement starting with ${head}`);
  return renderForCluster(statement, layout);
}

async function format(statement: string): Promise<string> {
  const rs = await ch.query({
    query: 'SELECT formatQuerySingleLine({statement:String}) AS formatted',
    query_params: { statement },
    format: 'JSONEachRow',
  });
  const [row] = await rs.json<{ formatted: string }>();
  return row?.formatted ?? '';
}

beforeAll(async () => {
  ch = createClient({ url: inject('clickhouseUrl') });
  migrations = await readMigrations();
  layout = clusterLayout(target, migrations.flatMap(statements));
});
afterAll(async () => {
  await ch.close();
});

describe('the migrations rendered for a cluster', () => {
  it('parse, every statement, each DDL statement ON CLUSTER as the parser reads it', async () => {
    const setup = setupStatements('godonu', layout);
    const all = [
      ...setup.database,
      ...setup.migrationsTable,
      ...migrations.flatMap(statements).flatMap((s) => renderForCluster(s, layout)),
    ];
    // The runner's two, every statement of every migration, and one more for each sharded CREATE TABLE, ALTER of
    // the columns of a sharded table and DROP of a sharded table.
    expect(all.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const statement of all) {
      const formatted = await format(statement).catch((err: Error) => `(not parsed) ${err.message}`);
      const onCluster = / ON CLUSTER godonu( |$)/.test(formatted);
      if (statement.startsWith('INSERT') ? formatted.includes('ON CLUSTER') : !onCluster) {
        problems.push(`${statement.split('\n', 1)[0]}\n  → ${formatted.slice(0, 300)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('renders the raw events as a replicated local table with the same columns, TTL and window', () => {
    const original = statements(migration(1))[0] as string;
    const [local, distributed, ...more] = renderForCluster(original, layout);
    expect(more).toEqual([]);
    expect(local).toBe(
      original
        .replace(
          'CREATE TABLE IF NOT EXISTS events\n',
          "CREATE TABLE IF NOT EXISTS events_local ON CLUSTER 'godonu'\n",
        )
        .replace('\nENGINE = MergeTree\n', `\nENGINE = ReplicatedMergeTree(${SHARDED})\n`)
        .replace(
          'SETTINGS non_replicated_deduplication_window = 10000',
          'SETTINGS replicated_deduplication_window = 10000',
        ),
    );
    expect(local?.slice(local.indexOf('\nENGINE = '))).toBe(
      `\nENGINE = ReplicatedMergeTree(${SHARDED})\n` +
        'PARTITION BY toYYYYMM(day)\n' +
        'ORDER BY (site, day, event_type, service, path)\n' +
        'TTL day + toIntervalDay(30)\n' +
        'SETTINGS replicated_deduplication_window = 10000',
    );
    expect(distributed).toBe(
      "CREATE TABLE IF NOT EXISTS events ON CLUSTER 'godonu' AS events_local\n" +
        "ENGINE = Distributed('godonu', 'godonu', 'events_local', cityHash64(site))",
    );
  });

  it('renders a roll-up, its Distributed table and its view', async () => {
    expect(rendered(4, 'CREATE TABLE IF NOT EXISTS city_daily_v2\n')).toEqual([
      `CREATE TABLE IF NOT EXISTS city_daily_v2_local ON CLUSTER 'godonu'
(
    site LowCardinality(String),
    day Date,
    visitors AggregateFunction(uniqCombined(14), UInt64),
    visits SimpleAggregateFunction(sum, UInt64),
    pageviews SimpleAggregateFunction(sum, UInt64),
    bounces SimpleAggregateFunction(sum, Int64),
    visit_duration_ms SimpleAggregateFunction(sum, UInt64),
    events SimpleAggregateFunction(sum, UInt64),
    ratings SimpleAggregateFunction(sum, UInt64),
    rating_sum SimpleAggregateFunction(sum, UInt64)
)
ENGINE = ReplicatedAggregatingMergeTree(${SHARDED})
PARTITION BY toYYYYMM(day)
ORDER BY (site, day)
SETTINGS replicated_deduplication_window = 10000`,
      `CREATE TABLE IF NOT EXISTS city_daily_v2 ON CLUSTER 'godonu' AS city_daily_v2_local
ENGINE = Distributed('godonu', 'godonu', 'city_daily_v2_local', cityHash64(site))`,
    ]);
    const [view, ...more] = rendered(4, 'CREATE MATERIALIZED VIEW IF NOT EXISTS city_daily_v2_mv ');
    expect(more).toEqual([]);
    expect(
      view,
    ).toBe(`CREATE MATERIALIZED VIEW IF NOT EXISTS city_daily_v2_mv ON CLUSTER 'godonu' TO city_daily_v2_local AS
SELECT
    site,
    day,
    uniqCombinedState(14)(visitor) AS visitors,
    sum(session_start) AS visits,
    countIf(event_type = 'pageview') AS pageviews,
    sum(bounce_delta) AS bounces,
    sum(duration_delta_ms) AS visit_duration_ms,
    count() AS events,
    countIf(event_type = 'rating') AS ratings,
    sumIf(toUInt64(score), event_type = 'rating') AS rating_sum
FROM events_local
GROUP BY site, day`);
    // As the parser reads them: the view fires on the local raw table and writes the local roll-up.
    expect(await format(view as string)).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS city_daily_v2_mv ON CLUSTER godonu TO city_daily_v2_local AS SELECT .* FROM events_local GROUP BY site, day$/,
    );
    expect(await format(rendered(4, 'CREATE TABLE IF NOT EXISTS city_daily_v2\n')[1] as string)).toBe(
      'CREATE TABLE IF NOT EXISTS city_daily_v2 ON CLUSTER godonu AS city_daily_v2_local ' +
        "ENGINE = Distributed('godonu', 'godonu', 'city_daily_v2_local', cityHash64(site))",
    );
  });

  it('adds columns to the local and the Distributed raw table, and drops both of a roll-up', () => {
    expect(rendered(8, 'ALTER TABLE events ADD COLUMN IF NOT EXISTS country ')).toEqual([
      "ALTER TABLE events_local ON CLUSTER 'godonu' ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT 'ZZ' COMMENT 'ISO 3166-1 alpha-2 of the request''s origin, ZZ when unknown' AFTER device",
      "ALTER TABLE events ON CLUSTER 'godonu' ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT 'ZZ' COMMENT 'ISO 3166-1 alpha-2 of the request''s origin, ZZ when unknown' AFTER device",
    ]);
    expect(rendered(5, 'DROP TABLE IF EXISTS city_daily_v1')).toEqual([
      "DROP TABLE IF EXISTS city_daily_v1 ON CLUSTER 'godonu' SYNC",
      "DROP TABLE IF EXISTS city_daily_v1_local ON CLUSTER 'godonu' SYNC",
    ]);
  });

  it("replicates the runner's and the api's tables to every node without sharding them", () => {
    expect(setupStatements('godonu', layout).migrationsTable).toEqual([
      `CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER 'godonu'
        (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
        ENGINE = ReplicatedMergeTree(${UNSHARDED}) ORDER BY version`,
    ]);
    const [releases, ...more] = rendered(7, 'CREATE TABLE IF NOT EXISTS open_data_releases_v1\n');
    expect(more).toEqual([]);
    expect(releases).toMatch(/^CREATE TABLE IF NOT EXISTS open_data_releases_v1 ON CLUSTER 'godonu'\n/);
    expect(releases).toContain(
      `\nENGINE = ReplicatedMergeTree(${UNSHARDED})\nORDER BY (month, created_at)\nSETTINGS replicated_deduplication_window = 10000`,
    );
    const [sessions, ...others] = rendered(10, 'CREATE TABLE IF NOT EXISTS api_sessions_v1\n');
    expect(others).toEqual([]);
    expect(sessions).toContain(
      `\nENGINE = ReplicatedReplacingMergeTree(${UNSHARDED}, version)\nORDER BY id_hash\nTTL toDateTime(expires_at) + INTERVAL 1 DAY`,
    );
    const [annotations, ...besides] = rendered(11, 'CREATE TABLE IF NOT EXISTS annotations_v1\n');
    expect(besides).toEqual([]);
    expect(annotations).toMatch(/^CREATE TABLE IF NOT EXISTS annotations_v1 ON CLUSTER 'godonu'\n/);
    expect(annotations?.slice(annotations.indexOf('\nENGINE'))).toBe(
      `\nENGINE = ReplicatedReplacingMergeTree(${UNSHARDED}, version)\nORDER BY (site, annotation_id)`,
    );
    const [quality, ...rest] = rendered(12, 'CREATE TABLE IF NOT EXISTS quality_daily_v1\n');
    expect(rest).toEqual([]);
    expect(quality).toMatch(/^CREATE TABLE IF NOT EXISTS quality_daily_v1 ON CLUSTER 'godonu'\n/);
    expect(quality?.slice(quality.indexOf('\nENGINE'))).toBe(
      `\nENGINE = ReplicatedReplacingMergeTree(${UNSHARDED})\nORDER BY (day, site, source, kind, reason, tally_id)`,
    );
  });

  it('names only engines and table settings this engine has', async () => {
    const all = migrations.flatMap(statements).flatMap((s) => renderForCluster(s, layout));
    const engines = new Set(
      all.flatMap((s) => [...s.matchAll(/\bENGINE = (\w+)/g)].map((m) => m[1] as string)),
    );
    expect([...engines].sort()).toEqual([
      'Distributed',
      'ReplicatedAggregatingMergeTree',
      'ReplicatedMergeTree',
      'ReplicatedReplacingMergeTree',
    ]);
    const rs = await ch.query({
      query:
        'SELECT name, supports_replication FROM system.table_engines WHERE name IN {names:Array(String)}',
      query_params: { names: [...engines] },
      format: 'JSONEachRow',
    });
    expect(
      (await rs.json<{ name: string; supports_replication: number }>()).sort((a, b) =>
        a.name.localeCompare(b.name),
      ),
    ).toEqual([
      { name: 'Distributed', supports_replication: 0 },
      { name: 'ReplicatedAggregatingMergeTree', supports_replication: 1 },
      { name: 'ReplicatedMergeTree', supports_replication: 1 },
      { name: 'ReplicatedReplacingMergeTree', supports_replication: 1 },
    ]);
    const settings = new Set(
      all.flatMap((s) =>
        [...s.matchAll(/\nSETTINGS (.*)$/g)].flatMap((m) =>
          (m[1] as string).split(',').map((x) => x.split('=')[0]?.trim() ?? ''),
        ),
      ),
    );
    expect([...settings]).toEqual(['replicated_deduplication_window']);
    const known = await ch.query({
      query: 'SELECT name FROM system.merge_tree_settings WHERE name IN {names:Array(String)}',
      query_params: { names: [...settings] },
      format: 'JSONEachRow',
    });
    expect(await known.json()).toEqual([{ name: 'replicated_deduplication_window' }]);
  });
});
