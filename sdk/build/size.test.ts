import { expect, it } from 'vitest';
import { bundleFeedback, bundleScriptTag } from './bundle.ts';
import { describe, MAX_FEEDBACK_GZIP_BYTES, MAX_GZIP_BYTES, measure } from './size.ts';

it(`keeps the script tag build within ${MAX_GZIP_BYTES} B gzip -9, without zod or the feedback widget`, async () => {
  const code = await bundleScriptTag();
  const size = measure(code);
  console.log(`sdk.js: ${describe(size)}`);
  expect(size.gzip).toBeLessThanOrEqual(MAX_GZIP_BYTES);
  // The contract is imported for its types only; its schemas must not ride along.
  expect(code).not.toMatch(/zod|safeParse|ZodError/);
  // The widget is a script of its own, for gateway pages only.
  expect(code).not.toMatch(/godonu-feedback|Absenden/);
});

it(`keeps the feedback widget within ${MAX_FEEDBACK_GZIP_BYTES} B gzip -9, apart from the core`, async () => {
  const code = await bundleFeedback();
  const size = measure(code);
  console.log(`feedback.js: ${describe(size)}`);
  expect(size.gzip).toBeLessThanOrEqual(MAX_FEEDBACK_GZIP_BYTES);
  // It reaches the core through `window.godonu` only, never by bundling a second copy of it.
  expect(code).not.toMatch(/sendBeacon|zod|safeParse/);
});
