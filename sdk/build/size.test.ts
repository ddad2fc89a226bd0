import { expect, it } from 'vitest';
import { bundleScriptTag } from './bundle.ts';
import { describe, MAX_GZIP_BYTES, measure } from './size.ts';

it(`keeps the script tag build within ${MAX_GZIP_BYTES} B gzip -9, without zod`, async () => {
  const code = await bundleScriptTag();
  const size = measure(code);
  console.log(`sdk.js: ${describe(size)}`);
  expect(size.gzip).toBeLessThanOrEqual(MAX_GZIP_BYTES);
  // The contract is imported for its types only; its schemas must not ride along.
  expect(code).not.toMatch(/zod|safeParse|ZodError/);
});
