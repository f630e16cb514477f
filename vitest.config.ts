import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loading the national place data takes a few hundred milliseconds; keep room on shared CI machines.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
