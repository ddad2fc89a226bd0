import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/dist/**', '**/.data/**'];

export default defineConfig({
  test: {
    // Two cores: integration files share one broker and one ClickHouse, so they run a few at a time.
    maxWorkers: 2,
    env: { KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    // The JSON report lets .ci/run print one plain 'N passed, N failed' line.
    reporters: ['default', 'json'],
    outputFile: { json: 'tests/artifacts/vitest-results.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.browser.test.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['**/*.browser.test.ts'],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          globalSetup: ['tests/setup/infra.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
