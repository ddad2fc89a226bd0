import { bundleFeedback, bundleScriptTag } from './bundle.ts';
import { describe, MAX_FEEDBACK_GZIP_BYTES, MAX_GZIP_BYTES, measure } from './size.ts';

/* Prints the sizes of the script builds as they would be built now (benchmark: `pnpm --filter @godonu/sdk size`). */

const [scriptTag, feedback] = await Promise.all([bundleScriptTag(), bundleFeedback()]);
console.log(`sdk.js: ${describe(measure(scriptTag))} (hard limit ${MAX_GZIP_BYTES} B gzip, goal 1024 B)`);
console.log(`feedback.js: ${describe(measure(feedback))} (limit ${MAX_FEEDBACK_GZIP_BYTES} B gzip)`);
