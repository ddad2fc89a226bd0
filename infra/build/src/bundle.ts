/*
 * Bundles one build target (targets.ts) with esbuild: ES modules for Node with source maps, the workspace packages
 * inlined, and checks that fail the build when a bundle would reach development code or a package that its
 * production `node_modules` lacks.
 */
import { cpSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { REPO_ROOT } from '../../local/src/local.config.ts';
import { type BuildTarget, DEVELOPMENT_PACKAGES, DEVELOPMENT_SOURCES } from './targets.ts';

/** The oldest Node the workspace supports (`engines`); the image runs a newer LTS. */
const NODE_TARGET = 'node20.19';

/**
 * Bundled CommonJS packages (kafkajs, @clickhouse/client) call `require` for Node's own modules, which an ES module
 * does not have.
 */
const REQUIRE_SHIM =
  "import { createRequire as __godonuCreateRequire } from 'node:module'; const require = __godonuCreateRequire(import.meta.url);";

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
}

export interface BuiltTarget {
  target: BuildTarget;
  /** Repository-relative paths of every source file in the bundles. */
  inputs: string[];
  /** npm packages left as imports (`installed` targets), sorted. */
  external: string[];
  /** Output file (relative to the repository root) → bytes. */
  outputs: Record<string, number>;
}

export function isDevelopmentPackage(name: string): boolean {
  return DEVELOPMENT_PACKAGES.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p));
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

/** The package that owns `dir`: the nearest `package.json` at or above it. */
function owningPackage(dir: string): { dir: string; json: PackageJson } {
  for (let d = path.resolve(REPO_ROOT, dir); d.startsWith(REPO_ROOT); d = path.dirname(d)) {
    try {
      return { dir: d, json: JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')) as PackageJson };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`no package.json at or above ${dir}`);
}

/** Workspace packages among `pkgDir`'s run-time dependencies, transitively: name → real folder. */
function workspaceDependencies(pkgDir: string, found = new Map<string, string>()): Map<string, string> {
  const json = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
  for (const [name, version] of Object.entries(json.dependencies ?? {})) {
    if (!version.startsWith('workspace:') || found.has(name)) continue;
    const dir = realpathSync(path.join(pkgDir, 'node_modules', name));
    found.set(name, dir);
    workspaceDependencies(dir, found);
  }
  return found;
}

/**
 * Decides every bare import: Node's modules stay imports; development packages fail the build; workspace packages
 * are bundled; npm packages are bundled (`inlined`) or stay imports, and then must be the package's dependencies.
 */
function importGuard(target: BuildTarget, pkg: PackageJson, workspace: Map<string, string>): Plugin {
  const installed = new Set(
    Object.entries(pkg.dependencies ?? {})
      .filter(([, version]) => !version.startsWith('workspace:'))
      .map(([name]) => name),
  );
  return {
    name: 'import-guard',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { external: true };
        const name = packageName(args.path);
        const importer = path.relative(REPO_ROOT, args.importer);
        if (isDevelopmentPackage(name))
          return { errors: [{ text: `${importer} imports ${name}, a development package` }] };
        if (workspace.has(name) || target.packages === 'inlined') return undefined;
        if (installed.has(name)) return { external: true };
        return {
          errors: [
            {
              text: `${importer} imports ${name}, which is not in the dependencies of ${pkg.name}: its production node_modules would lack it`,
            },
          ],
        };
      });
    },
  };
}

/**
 * Every source in a bundle lies in `src/` of the target or of a workspace package it depends on, and is no test
 * code.
 */
function checkInputs(target: BuildTarget, metafile: Metafile, workspace: Map<string, string>): string[] {
  const roots = [target.dir, ...[...workspace.values()].map((d) => path.relative(REPO_ROOT, d))].map(
    (d) => `${d}/src/`,
  );
  const inputs = Object.keys(metafile.inputs).sort();
  const problems: string[] = [];
  for (const input of inputs) {
    const modules = input.lastIndexOf('node_modules/');
    if (modules !== -1) {
      const name = packageName(input.slice(modules + 'node_modules/'.length));
      if (isDevelopmentPackage(name)) problems.push(`${input}: the development package ${name}`);
      continue;
    }
    if (!roots.some((root) => input.startsWith(root))) problems.push(`${input}: outside ${roots.join(', ')}`);
    else if (DEVELOPMENT_SOURCES.test(input)) problems.push(`${input}: test or demo code`);
  }
  if (problems.length > 0)
    throw new Error(`${target.dir}: the build would contain development code:\n  ${problems.join('\n  ')}`);
  return inputs;
}

/**
 * Builds `target` into `<dir>/dist/` (emptied first) and copies its assets there. With `write: false` it only
 * bundles in memory and checks, for tests.
 */
export async function buildTarget(
  target: BuildTarget,
  options: { write?: boolean } = {},
): Promise<BuiltTarget> {
  const write = options.write ?? true;
  const pkg = owningPackage(target.dir);
  const workspace = workspaceDependencies(pkg.dir);
  const outdir = path.join(target.dir, 'dist');
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(target.entries).map(([name, entry]) => [name, path.join(target.dir, entry)]),
    ),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    plugins: [importGuard(target, pkg.json, workspace)],
    ...(target.packages === 'inlined' ? { banner: { js: REQUIRE_SHIM } } : {}),
  });
  const inputs = checkInputs(target, result.metafile, workspace);
  const external = [
    ...new Set(
      Object.values(result.metafile.outputs).flatMap((o) =>
        o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageName(i.path)),
      ),
    ),
  ].sort();
  if (write) {
    const dist = path.join(REPO_ROOT, outdir);
    rmSync(dist, { recursive: true, force: true });
    for (const file of result.outputFiles) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      writeFileSync(file.path, file.contents);
    }
    for (const [from, to] of Object.entries(target.assets ?? {}))
      cpSync(path.join(REPO_ROOT, from), path.join(dist, to), { recursive: true });
  }
  const outputs = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([file, o]) => [file, o.bytes]),
  );
  return { target, inputs, external, outputs };
}
