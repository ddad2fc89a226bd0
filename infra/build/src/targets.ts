/**
 * What `npm run build` makes besides the SDK and the dashboard: each service's run-time entries as JavaScript in
 * `<service>/dist/`, and the deployment's two init commands.
 */

/**
 * `installed`: npm packages stay imports, resolved at run time from the package's own production `node_modules`
 * (`pnpm deploy --prod`), so only packages in its `dependencies` may be imported; workspace packages are bundled.
 * `inlined`: one self-contained file that needs no `node_modules` (its packages are plain JavaScript that reads no
 * files of its own).
 */
export type PackageMode = 'installed' | 'inlined';

export interface BuildTarget {
  /** The folder whose `src/` holds the entries; the output goes to its `dist/`. Relative to the repository root. */
  dir: string;
  /** Output name (`dist/<name>.js`) → entry, relative to `dir`. */
  entries: Record<string, string>;
  /** Files or folders that a bundled module reads beside itself: repository path → name in `dist/`. */
  assets?: Record<string, string>;
  packages: PackageMode;
}

const MIGRATIONS = { 'infra/clickhouse/migrations': 'migrations' };

export const TARGETS: readonly BuildTarget[] = [
  {
    dir: 'collector',
    // The Kafka producers run in a worker thread, whose entry is a file of its own (kafka/worker-event-writer.ts).
    entries: { server: 'src/server.ts', 'producer.worker': 'src/kafka/producer.worker.ts' },
    packages: 'installed',
  },
  {
    dir: 'processor',
    entries: { server: 'src/server.ts' },
    // The schema check at start compares the applied migrations with these files.
    assets: MIGRATIONS,
    packages: 'installed',
  },
  {
    dir: 'api',
    // The server and the operators' commands (keys, open-data releases, offline case numbers, SDG transmissions,
    // the monthly report).
    entries: {
      server: 'src/server.ts',
      'keys.cli': 'src/auth/keys.cli.ts',
      'release.cli': 'src/open-data/release.cli.ts',
      'offline-cases.cli': 'src/offline-cases/offline-cases.cli.ts',
      'sdg.cli': 'src/statutory/sdg.cli.ts',
      'report.cli': 'src/monthly-report/report.cli.ts',
    },
    assets: { 'api/src/open-data/open-data.css': 'open-data.css' },
    packages: 'installed',
  },
  {
    // The deployment's init: applies the migrations (`db:migrate`) ...
    dir: 'infra/clickhouse',
    entries: { 'migrate.cli': 'src/migrate.cli.ts' },
    assets: MIGRATIONS,
    packages: 'inlined',
  },
  {
    // ... after creating the Kafka topics with the settings the collector checks at start (`kafka:topics`).
    dir: 'infra/local',
    entries: { 'topics.cli': 'src/topics.cli.ts' },
    packages: 'inlined',
  },
];

/** Never in a build: the development ClickHouse, the TypeScript loader, the test runner, development tooling. */
export const DEVELOPMENT_PACKAGES = ['chdb', '@chdb/', 'tsx', 'vitest', 'esbuild', '@godonu/infra'] as const;

/** Test code inside a package's `src/`: tests, test doubles, fixtures, the demo traffic generator. */
export const DEVELOPMENT_SOURCES = /(\.test\.ts$|\/test-support\/|\/fixture\/|\/generate\/)/;
