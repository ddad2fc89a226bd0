import { expect, it } from 'vitest';
import { bundleScriptTag } from './bundle.ts';
import { describe, MAX_GZIP_BYTES, measure } from './size.ts';

it(`keeps the script tag build within ${MAX_GZIP_BYTES} B gzip -9`, async () => {
  const size = measure(await bundleScriptTag());
  console.log(`sdk.js: ${describe(size)}`);
  expect(size.gzip).toBeLessThanOrEqual(MAX_GZIP_BYTES);
});
