import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

export const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));

/** ES2020 (optional chaining): every evergreen browser since 2020. */
const TARGET = 'es2020';

const common: BuildOptions = {
  absWorkingDir: SDK_DIR,
  bundle: true,
  write: false,
  target: TARGET,
  legalComments: 'none',
  logLevel: 'silent',
};

const text = async (options: BuildOptions): Promise<string> => {
  const result = await build({ ...common, ...options });
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
};

/** `dist/sdk.js`: the script tag build, one minified IIFE. */
export const bundleScriptTag = (): Promise<string> =>
  text({ entryPoints: ['src/script-tag.ts'], format: 'iife', minify: true });

/** `dist/index.js`: the npm build, ESM, readable (the application's bundler minifies it). */
export const bundleModule = (): Promise<string> => text({ entryPoints: ['src/index.ts'], format: 'esm' });
