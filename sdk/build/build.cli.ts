import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFeedback, bundleModule, bundleScriptTag, SDK_DIR } from './bundle.ts';
import { describe, measure } from './size.ts';

/*
 * `pnpm --filter @godonu/sdk build`: dist/sdk.js (script tag), dist/feedback.js (feedback widget), dist/index.js
 * (npm) and dist/types/*.d.ts.
 * The same inputs give the same bytes; when the inputs did not change since the last build, it does nothing.
 */

const dist = join(SDK_DIR, 'dist');
const types = join(dist, 'types');
const stamp = join(dist, '.inputs.sha256');

/** Everything the outputs depend on: sources (not tests), build code, configuration, tool versions. */
const inputsHash = (): string => {
  const hash = createHash('sha256');
  const files = [
    ...['src', 'build'].flatMap((dir) =>
      readdirSync(join(SDK_DIR, dir))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => join(dir, f)),
    ),
    'package.json',
    'tsconfig.build.json',
    '../tsconfig.json',
    '../node_modules/typescript/package.json',
    'node_modules/esbuild/package.json',
    'node_modules/terser/package.json',
  ].sort();
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(SDK_DIR, f)))
      .update('\0');
  return hash.digest('hex');
};

const inputs = inputsHash();
const outputs = ['sdk.js', 'feedback.js', 'index.js', 'types/index.d.ts'].map((f) => join(dist, f));
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs && outputs.every((f) => existsSync(f))) {
  console.log(`sdk/dist is up to date: ${describe(measure(readFileSync(join(dist, 'sdk.js'), 'utf8')))}`);
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const [scriptTag, feedback, module] = await Promise.all([
  bundleScriptTag(),
  bundleFeedback(),
  bundleModule(),
]);
writeFileSync(join(dist, 'sdk.js'), scriptTag);
writeFileSync(join(dist, 'feedback.js'), feedback);
writeFileSync(join(dist, 'index.js'), module);

execFileSync(
  process.execPath,
  [join(SDK_DIR, '../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: SDK_DIR,
    stdio: 'inherit',
  },
);
// Declarations import each other the way the sources do (`./types.ts`); published, they are `.d.ts` files.
for (const name of readdirSync(types)) {
  const path = join(types, name);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/(from '\.\.?\/[^']+)\.ts'/g, "$1.js'"));
}
writeFileSync(stamp, inputs);

console.log(`sdk/dist/sdk.js: ${describe(measure(scriptTag))}`);
console.log(`sdk/dist/feedback.js: ${describe(measure(feedback))}`);
