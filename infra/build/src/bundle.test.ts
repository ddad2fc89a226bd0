/*
 * What each build contains, bundled in memory: the services' sources and the workspace packages they depend on,
 * never tests, fixtures, the demo generator or the development infrastructure; and a build that would reach them
 * fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/src/local.config.ts';
import { buildTarget, isDevelopmentPackage, packageName } from './bundle.ts';
import { type BuildTarget, TARGETS } from './targets.ts';

/** Bundling takes a second or less alone, several on a busy machine. */
const BUNDLE_TIMEOUT_MS = 30_000;

const target = (dir: string): BuildTarget => {
  const found = TARGETS.find((t) => t.dir === dir);
  if (!found) throw new Error(`no build target ${dir}`);
  return found;
};

/** The folders a build's sources come from: `collector/src/kafka/x.ts` → `collector/src`. */
const sourceRoots = (inputs: string[]) =>
  [...new Set(inputs.filter((i) => !i.includes('node_modules/')).map((i) => i.split('/src/')[0]))].sort();

describe('the build', () => {
  it.each(['collector', 'processor', 'api'])(
    "of %s bundles its sources and the workspace packages, and imports only its dependencies' packages",
    async (dir) => {
      const built = await buildTarget(target(dir), { write: false });
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const npm = Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@godonu/'));
      expect(built.external.filter((name) => !npm.includes(name))).toEqual([]);
      expect(built.inputs.filter((i) => i.includes('node_modules/'))).toEqual([]);
      const roots: Record<string, string[]> = {
        collector: ['collector', 'contract'],
        processor: ['contract', 'infra/clickhouse', 'processor'],
        api: ['api', 'contract', 'infra/clickhouse'],
      };
      expect(sourceRoots(built.inputs)).toEqual(roots[dir]);
    },
    BUNDLE_TIMEOUT_MS,
  );

  it("keeps the api's fixtures and demo generator out of the api's server and commands", {
    timeout: BUNDLE_TIMEOUT_MS,
  }, async () => {
    const built = await buildTarget(target('api'), { write: false });
    expect(built.inputs.filter((i) => /\/(fixture|generate|bench)\/|\.test\.ts$/.test(i))).toEqual([]);
    expect(built.inputs).toContain('api/src/server.ts');
    expect(built.inputs).toContain('infra/clickhouse/src/events.row.ts');
  });

  it('makes the init commands self-contained, without the development ClickHouse', {
    timeout: BUNDLE_TIMEOUT_MS,
  }, async () => {
    for (const dir of ['infra/clickhouse', 'infra/local']) {
      const built = await buildTarget(target(dir), { write: false });
      expect(built.external).toEqual([]);
      const bundled = new Set(
        built.inputs
          .filter((i) => i.includes('node_modules/'))
          .map((i) => packageName(i.slice(i.lastIndexOf('node_modules/') + 'node_modules/'.length))),
      );
      expect([...bundled].filter(isDevelopmentPackage)).toEqual([]);
      expect(sourceRoots(built.inputs)).toEqual(dir === 'infra/local' ? ['contract', 'infra/local'] : [dir]);
    }
  });

  it('fails when an entry reaches test code', { timeout: BUNDLE_TIMEOUT_MS }, async () => {
    const harness: BuildTarget = {
      dir: 'api',
      entries: { harness: '../tests/support/api-fixture/api.harness.ts' },
      packages: 'installed',
    };
    await expect(buildTarget(harness, { write: false })).rejects.toThrow(
      /tests\/support\/api-fixture\/api\.harness\.ts imports vitest, a development package/,
    );
  });

  it('fails when a bundled module imports a package its service does not depend on', {
    timeout: BUNDLE_TIMEOUT_MS,
  }, async () => {
    const collectorWithWarehouse: BuildTarget = {
      dir: 'collector',
      entries: { migrate: '../infra/clickhouse/src/migrate.ts' },
      packages: 'installed',
    };
    await expect(buildTarget(collectorWithWarehouse, { write: false })).rejects.toThrow(
      /imports @clickhouse\/client, which is not in the dependencies of @godonu\/collector/,
    );
  });

  it('names development packages by name and scope', () => {
    expect(
      ['chdb', '@chdb/lib-linux-x64-gnu', 'tsx', 'vitest', '@godonu/infra'].map(isDevelopmentPackage),
    ).toEqual([true, true, true, true, true]);
    expect(['chdb-lite', 'tsx-extra', '@godonu/warehouse', 'fastify'].map(isDevelopmentPackage)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([packageName('@fastify/swagger-ui/static'), packageName('pino/file')]).toEqual([
      '@fastify/swagger-ui',
      'pino',
    ]);
  });
});
