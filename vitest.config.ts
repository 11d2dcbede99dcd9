import { defineConfig } from 'vitest/config';
import { resolveFcSeed } from './test/support/fc-seed.ts';

// One fast-check seed per run, fixed under CI (test/support/fc-seed.ts). Kept in the environment, which the test
// workers inherit; a run that already resolved it (a nested vitest) keeps it.
if (process.env['SCSIM_FC_RUN_SEED'] === undefined) {
  const { seed, why } = resolveFcSeed(process.env);
  process.env['SCSIM_FC_RUN_SEED'] = String(seed);
  process.env['SCSIM_FC_RUN_SEED_WHY'] = why;
}

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.ci/**'],
    // Timeouts only catch hangs: CI may run on a machine three times slower and busy (a suite whose CPU is 26 s took
    // 2.6 min of wall time at load 21), so they sit far above any test's CPU time.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    setupFiles: ['test/support/fc-setup.ts'],
    globalSetup: ['test/support/fc-announce.ts'],
    env: { SCSIM_FC_RUN_SEED: process.env['SCSIM_FC_RUN_SEED'], SCSIM_FC_RUN_SEED_WHY: process.env['SCSIM_FC_RUN_SEED_WHY'] ?? '' },
    // Property tests print their seed on failure; keep output readable.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/out/vitest.json' }]] : ['default'],
  },
});
