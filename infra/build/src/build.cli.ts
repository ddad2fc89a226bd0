/**
 * The services' part of `npm run build` (the SDK and the dashboard build first): every target of targets.ts into
 * its `dist/`, one line per target with its outputs and the npm packages its production `node_modules` must hold.
 */
import { buildTarget } from './bundle.ts';
import { TARGETS } from './targets.ts';

const KIB = 1024;

try {
  for (const target of TARGETS) {
    const built = await buildTarget(target);
    const files = Object.entries(built.outputs)
      .filter(([file]) => file.endsWith('.js'))
      .map(([file, bytes]) => `${file} (${(bytes / KIB).toFixed(0)} KiB)`);
    const packages =
      target.packages === 'inlined'
        ? 'self-contained'
        : `imports ${built.external.join(', ') || 'no package'}`;
    console.log(`[build] ${files.join(', ')}; ${packages}`);
  }
} catch (err) {
  console.error(`[build] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
