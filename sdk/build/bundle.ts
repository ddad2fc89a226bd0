import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { minify } from 'terser';

export const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));

/** ES2021 (optional chaining, `||=`): every evergreen browser since 2020. */
const TARGET = 'es2021';

const common: BuildOptions = {
  absWorkingDir: SDK_DIR,
  bundle: true,
  write: false,
  target: TARGET,
  legalComments: 'none',
  logLevel: 'silent',
  // The bundle is one function scope; a "use strict" prologue would only cost bytes.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
};

const text = async (options: BuildOptions): Promise<string> => {
  const result = await build({ ...common, ...options });
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
};

/**
 * A script for a `<script>` tag. esbuild bundles and minifies the TypeScript into one IIFE; terser then
 * minifies it again, which saves another 5 % at this size (several passes, arrow and comparison rewrites).
 * Both steps are deterministic: the same sources give the same bytes.
 */
const bundleScript = async (entry: string): Promise<string> => {
  const iife = await text({ entryPoints: [entry], format: 'iife', minify: true });
  const { code } = await minify(iife, {
    ecma: 2021,
    compress: { passes: 3, unsafe: true, unsafe_arrows: true, unsafe_comps: true, pure_getters: true },
    mangle: true,
  });
  if (!code) throw new Error('terser produced no output');
  return code;
};

/** `dist/sdk.js`: the script tag build. */
export const bundleScriptTag = (): Promise<string> => bundleScript('src/script-tag.ts');

/** `dist/feedback.js`: the optional feedback widget of gateway pages, included after the script tag. */
export const bundleFeedback = (): Promise<string> => bundleScript('src/feedback.ts');

/** `dist/index.js`: the npm build, ESM, readable (the application's bundler minifies it). */
export const bundleModule = (): Promise<string> => text({ entryPoints: ['src/index.ts'], format: 'esm' });
