/*
 * The image installs each service's production dependencies (`pnpm deploy --prod`, infra/compose/Dockerfile): that
 * tree, as pnpm computes it from the lockfile, holds no development package at any depth.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../local/src/local.config.ts';
import { isDevelopmentPackage } from './bundle.ts';

const SERVICES = ['@godonu/collector', '@godonu/processor', '@godonu/api'] as const;
/** One `pnpm list` takes about half a second alone, several on a busy machine. */
const PNPM_TIMEOUT_MS = 30_000;

interface ListedPackage {
  dependencies?: Record<string, ListedPackage>;
  optionalDependencies?: Record<string, ListedPackage>;
}

/** Every package name in the tree, at any depth. */
function names(pkg: ListedPackage, into = new Set<string>()): Set<string> {
  for (const [name, dep] of Object.entries({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
    into.add(name);
    names(dep, into);
  }
  return into;
}

function productionTree(service: string): Set<string> {
  const json = execFileSync(
    'pnpm',
    ['--filter', service, 'list', '--prod', '--depth', 'Infinity', '--json'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  );
  const [root] = JSON.parse(json) as ListedPackage[];
  if (!root) throw new Error(`pnpm listed nothing for ${service}`);
  return names(root);
}

describe("the services' production dependencies", () => {
  it.each(SERVICES)(
    'of %s hold no chdb, tsx, vitest or @godonu/infra',
    (service) => {
      const tree = productionTree(service);
      // The tree is real: the web framework and its own dependencies are in it.
      expect(tree.has('fastify')).toBe(true);
      expect(tree.has('avvio')).toBe(true);
      expect([...tree].filter(isDevelopmentPackage)).toEqual([]);
    },
    PNPM_TIMEOUT_MS,
  );

  it('would show chdb if a service depended on the development infrastructure', {
    timeout: PNPM_TIMEOUT_MS,
  }, () => {
    const found = [...productionTree('@godonu/infra')].filter(isDevelopmentPackage);
    expect(found).toContain('chdb');
    // The engine itself, an optional dependency of chdb for this platform.
    expect(found.some((name) => name.startsWith('@chdb/lib-'))).toBe(true);
  });
});
