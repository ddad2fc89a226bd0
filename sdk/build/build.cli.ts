import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleModule, bundleScriptTag, SDK_DIR } from './bundle.ts';
import { describe, measure } from './size.ts';

/*
 * Builds dist/ from scratch: sdk.js (script tag), index.js (npm) and types/*.d.ts. Same sources, same bytes.
 */

const dist = join(SDK_DIR, 'dist');
const types = join(dist, 'types');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const [scriptTag, module] = await Promise.all([bundleScriptTag(), bundleModule()]);
writeFileSync(join(dist, 'sdk.js'), scriptTag);
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

console.log(`sdk/dist/sdk.js: ${describe(measure(scriptTag))}`);
