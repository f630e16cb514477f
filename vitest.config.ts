import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The API, browser and transcript tests start servers and load the understanding models: give them room.
    // Loading the national place data takes a few hundred milliseconds; keep room on shared CI machines.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
