import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.ci/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Property tests print their seed on failure; keep output readable.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
