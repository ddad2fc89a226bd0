import { describe, expect, it } from 'vitest';
import { type ClusterLayout, clusterLayout, renderForCluster, UNSHARDED_TABLES } from './cluster-render.ts';
import { loadMigrateConfig } from './migrate.config.ts';
import { MIGRATIONS_TABLE, setupStatements } from './migrate.ts';
import { fillPlaceholders, readMigrations, splitStatements } from './migration-files.ts';

const target = { cluster: 'godonu', database: 'godonu' };
const PATH = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'";

/** A layout whose sharded tables are `events` and `daily`, as a cluster built from these statements would have. */
const layout: ClusterLayout = clusterLayout(target, [
  'CREATE TABLE events (site String, ts DateTime) ENGINE = MergeTree ORDER BY site',
  'CREATE TABLE daily (site String, events UInt64) ENGINE = MergeTree ORDER BY site',
]);
const render = (statement: string) => renderForCluster(statement, layout);

async function repositoryStatements(): Promise<string[]> {
  return (await readMigrations()).flatMap((m) =>
    splitStatements(fillPlaceholders(m.sql, { RAW_RETENTION_DAYS: 30 })),
  );
}

describe('without a cluster', () => {
  it('returns every statement of every migration unchanged, the very same string', async () => {
    const statements = await repositoryStatements();
    expect(statements.length).toBeGreaterThan(50);
    for (const statement of statements) {
      const rendered = renderForCluster(statement, undefined);
      expect(rendered).toHaveLength(1);
      expect(rendered[0]).toBe(statement);
    }
  });

  it("leaves the runner's own statements as they were", () => {
    expect(setupStatements('godonu')).toEqual({
      database: ['CREATE DATABASE IF NOT EXISTS godonu'],
      migrationsTable: [
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}
        (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC'))
        ENGINE = MergeTree ORDER BY version`,
      ],
    });
  });
});

describe('the layout of the repository migrations', () => {
  it('shards the raw events and every roll-up, and no table of the runner or the api', async () => {
    const { sharded } = clusterLayout(target, await repositoryStatements());
    expect([...sharded].sort()).toEqual(
      [
        'events',
        ...['city_daily', 'city_hourly', 'page_daily', 'channel_daily', 'tech_daily'].flatMap((t) => [
          `${t}_v1`,
          `${t}_v2`,
        ]),
        ...['service_daily', 'service_steps_daily', 'service_errors_daily', 'rating_daily'].flatMap((t) => [
          `${t}_v1`,
          `${t}_v2`,
        ]),
        'page_views_by_origin_daily_v1',
        'feedback_daily_v1',
      ].sort(),
    );
    for (const table of UNSHARDED_TABLES) expect(sharded.has(table)).toBe(false);
    expect(UNSHARDED_TABLES.has(MIGRATIONS_TABLE)).toBe(true);
  });

  it('refuses a table that would be sharded but has no site column', () => {
    expect(() =>
      clusterLayout(target, [
        'CREATE TABLE things (id UInt64, site_name String) ENGINE = MergeTree ORDER BY id',
      ]),
    ).toThrow('table things has no site column to shard by (cityHash64(site))');
  });

  it('accepts only a cluster name and a database name that need no quoting', () => {
    for (const cluster of ['', "a'b", 'a b', 'a\\b', '{cluster}', '1st']) {
      expect(() => clusterLayout({ cluster, database: 'godonu' }, []), cluster).toThrow(
        'invalid cluster name',
      );
    }
    expect(() => clusterLayout({ cluster: 'main-cluster', database: 'godonu' }, [])).not.toThrow();
    expect(() => clusterLayout({ cluster: 'godonu', database: 'go-donu' }, [])).toThrow(
      'invalid database name',
    );
    // Also when a layout is made by hand rather than by clusterLayout.
    expect(() => renderForCluster('DROP VIEW v', { ...layout, cluster: "x' SYNC --" })).toThrow(
      'invalid cluster name',
    );
  });
});

describe('CREATE TABLE', () => {
  it('keeps the arguments of a MergeTree-family engine after the Keeper path and the replica', () => {
    const [local] = render(
      'CREATE TABLE daily (site String, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY site',
    );
    expect(local).toBe(
      `CREATE TABLE daily_local ON CLUSTER 'godonu' (site String, v UInt64) ENGINE = ReplicatedReplacingMergeTree(${PATH}, v) ORDER BY site`,
    );
    expect(
      render('CREATE TABLE daily (site String) ENGINE = SummingMergeTree((a, b)) ORDER BY site')[0],
    ).toContain(`ENGINE = ReplicatedSummingMergeTree(${PATH}, (a, b)) ORDER BY site`);
    expect(render('CREATE TABLE daily (site String) ENGINE=MergeTree() ORDER BY site')[0]).toContain(
      `ENGINE=ReplicatedMergeTree(${PATH}) ORDER BY site`,
    );
  });

  it('adds the Distributed table under the original name, with or without IF NOT EXISTS', () => {
    expect(render('CREATE TABLE daily (site String) ENGINE = MergeTree ORDER BY site')).toEqual([
      `CREATE TABLE daily_local ON CLUSTER 'godonu' (site String) ENGINE = ReplicatedMergeTree(${PATH}) ORDER BY site`,
      "CREATE TABLE daily ON CLUSTER 'godonu' AS daily_local\n" +
        "ENGINE = Distributed('godonu', 'godonu', 'daily_local', cityHash64(site))",
    ]);
    expect(
      render('CREATE TABLE IF NOT EXISTS events (site String) ENGINE = MergeTree ORDER BY site')[1],
    ).toBe(
      "CREATE TABLE IF NOT EXISTS events ON CLUSTER 'godonu' AS events_local\n" +
        "ENGINE = Distributed('godonu', 'godonu', 'events_local', cityHash64(site))",
    );
  });

  it('replicates an unsharded table to every node under its own name, without a Distributed table', () => {
    expect(
      render(
        'CREATE TABLE audit_log_v1 (at DateTime) ENGINE = MergeTree ORDER BY at SETTINGS index_granularity = 8192',
      ),
    ).toEqual([
      "CREATE TABLE audit_log_v1 ON CLUSTER 'godonu' (at DateTime) ENGINE = " +
        "ReplicatedMergeTree('/clickhouse/tables/all/{database}/{table}', '{shard}-{replica}') ORDER BY at " +
        'SETTINGS index_granularity = 8192',
    ]);
  });

  it('turns the non-replicated de-duplication window into the replicated one, and touches nothing quoted', () => {
    const statement =
      "CREATE TABLE daily (site String COMMENT 'ENGINE = Memory, ON CLUSTER x, FROM events; non_replicated_deduplication_window')\n" +
      "ENGINE = MergeTree ORDER BY site COMMENT 'non_replicated_deduplication_window'\n" +
      'SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 10000';
    expect(render(statement)[0]).toBe(
      "CREATE TABLE daily_local ON CLUSTER 'godonu' (site String COMMENT 'ENGINE = Memory, ON CLUSTER x, FROM events; non_replicated_deduplication_window')\n" +
        `ENGINE = ReplicatedMergeTree(${PATH}) ORDER BY site COMMENT 'non_replicated_deduplication_window'\n` +
        'SETTINGS index_granularity = 8192, replicated_deduplication_window = 10000',
    );
  });

  it('refuses engines it cannot replicate and names it cannot place', () => {
    expect(() => render('CREATE TABLE daily (site String) ENGINE = Memory')).toThrow(
      'table daily: no cluster rendering for ENGINE = Memory',
    );
    expect(() =>
      render("CREATE TABLE daily (site String) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY site"),
    ).toThrow('no cluster rendering for ENGINE = ReplicatedMergeTree');
    expect(() => render('CREATE TABLE daily (site String) ORDER BY site')).toThrow(
      'table daily names no engine',
    );
    expect(() => render('CREATE TABLE other.daily (site String) ENGINE = MergeTree ORDER BY site')).toThrow(
      'use unqualified names in a migration',
    );
    expect(() =>
      render("CREATE TABLE daily ON CLUSTER 'x' (site String) ENGINE = MergeTree ORDER BY site"),
    ).toThrow('a migration names no cluster');
  });
});

describe('CREATE MATERIALIZED VIEW', () => {
  it('reads and writes the local tables, and renames only sharded tables after FROM and JOIN', () => {
    const statement =
      'CREATE MATERIALIZED VIEW IF NOT EXISTS daily_mv TO daily AS\n' +
      "SELECT site, count() AS events, extract(DAY FROM ts) AS d, 'FROM events' AS s\n" +
      'FROM events AS e LEFT JOIN (SELECT site FROM events) AS x USING site JOIN sites USING site\n' +
      'CROSS JOIN numbers(1) CROSS JOIN system.one\n' +
      'WHERE site IN (SELECT site FROM daily)\n' +
      'GROUP BY site';
    expect(render(statement)).toEqual([
      "CREATE MATERIALIZED VIEW IF NOT EXISTS daily_mv ON CLUSTER 'godonu' TO daily_local AS\n" +
        "SELECT site, count() AS events, extract(DAY FROM ts) AS d, 'FROM events' AS s\n" +
        'FROM events_local AS e LEFT JOIN (SELECT site FROM events_local) AS x USING site JOIN sites USING site\n' +
        'CROSS JOIN numbers(1) CROSS JOIN system.one\n' +
        'WHERE site IN (SELECT site FROM daily_local)\n' +
        'GROUP BY site',
    ]);
  });

  it('writes an unsharded target under its own name', () => {
    expect(render('CREATE MATERIALIZED VIEW m TO audit_log_v1 AS SELECT now() AS at FROM events')).toEqual([
      "CREATE MATERIALIZED VIEW m ON CLUSTER 'godonu' TO audit_log_v1 AS SELECT now() AS at FROM events_local",
    ]);
  });

  it('needs a TO table', () => {
    expect(() =>
      render('CREATE MATERIALIZED VIEW m ENGINE = MergeTree ORDER BY site AS SELECT site FROM events'),
    ).toThrow('a materialized view needs TO <table> to run on a cluster');
  });
});

describe('CREATE VIEW, CREATE DATABASE, INSERT', () => {
  it('lets a plain view read through the Distributed tables', () => {
    expect(render('CREATE VIEW IF NOT EXISTS v AS SELECT site FROM events')).toEqual([
      "CREATE VIEW IF NOT EXISTS v ON CLUSTER 'godonu' AS SELECT site FROM events",
    ]);
  });

  it('creates the database on every node', () => {
    expect(setupStatements('godonu', layout).database).toEqual([
      "CREATE DATABASE IF NOT EXISTS godonu ON CLUSTER 'godonu'",
    ]);
  });

  it('leaves an INSERT … SELECT as it is: it writes and reads the Distributed tables', () => {
    const statement =
      'INSERT INTO daily SELECT site, count() FROM events WHERE (SELECT count() FROM daily) = 0';
    expect(render(statement)[0]).toBe(statement);
  });
});

describe('ALTER TABLE', () => {
  it('changes the columns of the local and of the Distributed table, local first', () => {
    expect(render("ALTER TABLE events ADD COLUMN IF NOT EXISTS c String DEFAULT 'a, b' AFTER site")).toEqual([
      "ALTER TABLE events_local ON CLUSTER 'godonu' ADD COLUMN IF NOT EXISTS c String DEFAULT 'a, b' AFTER site",
      "ALTER TABLE events ON CLUSTER 'godonu' ADD COLUMN IF NOT EXISTS c String DEFAULT 'a, b' AFTER site",
    ]);
    expect(render('ALTER TABLE events DROP COLUMN a, RENAME COLUMN b TO c')).toHaveLength(2);
  });

  it('changes storage (TTL, settings, indexes) on the local table only', () => {
    expect(render('ALTER TABLE events MODIFY TTL ts + toIntervalDay(7)')).toEqual([
      "ALTER TABLE events_local ON CLUSTER 'godonu' MODIFY TTL ts + toIntervalDay(7)",
    ]);
  });

  it('refuses an ALTER that mixes the two', () => {
    expect(() => render('ALTER TABLE events ADD COLUMN c String, MODIFY TTL ts + toIntervalDay(7)')).toThrow(
      'split this ALTER',
    );
  });

  it('alters an unsharded table under its own name', () => {
    expect(render('ALTER TABLE audit_log_v1 ADD COLUMN c String')).toEqual([
      "ALTER TABLE audit_log_v1 ON CLUSTER 'godonu' ADD COLUMN c String",
    ]);
  });
});

describe('DROP', () => {
  it('drops the Distributed table, then the local one, each at once (SYNC)', () => {
    expect(render('DROP TABLE IF EXISTS daily')).toEqual([
      "DROP TABLE IF EXISTS daily ON CLUSTER 'godonu' SYNC",
      "DROP TABLE IF EXISTS daily_local ON CLUSTER 'godonu' SYNC",
    ]);
    expect(render('DROP TABLE audit_log_v1')).toEqual(["DROP TABLE audit_log_v1 ON CLUSTER 'godonu' SYNC"]);
    expect(render('DROP VIEW IF EXISTS daily_mv')).toEqual([
      "DROP VIEW IF EXISTS daily_mv ON CLUSTER 'godonu' SYNC",
    ]);
  });
});

describe('any other statement', () => {
  it('is refused rather than run on one node only', () => {
    for (const statement of ['TRUNCATE TABLE events', 'OPTIMIZE TABLE events FINAL', 'RENAME TABLE a TO b']) {
      expect(() => render(statement), statement).toThrow('no cluster rendering for this statement');
    }
  });
});

describe('CLICKHOUSE_CLUSTER', () => {
  it('is unset by default and otherwise a cluster name', () => {
    expect(loadMigrateConfig({}).CLICKHOUSE_CLUSTER).toBeUndefined();
    expect(loadMigrateConfig({ CLICKHOUSE_CLUSTER: 'godonu' }).CLICKHOUSE_CLUSTER).toBe('godonu');
    for (const value of ['', "godonu' SETTINGS x=1 --", 'two words']) {
      expect(() => loadMigrateConfig({ CLICKHOUSE_CLUSTER: value }), value).toThrow(
        'invalid migration configuration',
      );
    }
  });
});
