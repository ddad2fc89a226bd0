/*
 * Builds the dashboard's browser code: `web/src/main.ts` → `web/dist/app.js`, one minified ES module.
 *   pnpm --filter @godonu/api build:web
 * The api serves `web/` as it is; `index.html` and `styles.css` need no build.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WEB_SOURCE_DIR = fileURLToPath(new URL('.', import.meta.url));

/** ES2020: every evergreen browser since 2020, as the SDK. */
const TARGET = 'es2020';

export async function buildDashboard(): Promise<{ bytes: number }> {
  const result = await build({
    absWorkingDir: WEB_SOURCE_DIR,
    entryPoints: ['src/main.ts'],
    outfile: 'dist/app.js',
    bundle: true,
    format: 'esm',
    target: TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes } = await buildDashboard();
  process.stdout.write(`dashboard built: web/dist/app.js (${(bytes / 1024).toFixed(1)} KiB)\n`);
}
