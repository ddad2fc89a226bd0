import { bundleScriptTag } from './bundle.ts';
import { describe, MAX_GZIP_BYTES, measure } from './size.ts';

/* Prints the size of the script tag build as it would be built now (benchmark: `pnpm --filter @godonu/sdk size`). */

const size = measure(await bundleScriptTag());
console.log(`sdk.js: ${describe(size)} (hard limit ${MAX_GZIP_BYTES} B gzip, goal 1024 B)`);
