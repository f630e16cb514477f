import { defineConfig } from 'vitest/config';
import { missingTools, required } from './test/support/tools.js';

// Without chromium or redis-server (a fresh machine), their suites are left out and the global setup says so;
// under CI=true nothing is left out and the global setup fails the run instead.
const skipped = required() ? [] : missingTools().flatMap((tool) => tool.files);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...skipped],
    globalSetup: ['test/support/global-setup.ts'],
    // The API, browser and transcript tests start servers and load the understanding models: give them room
    // on a busy shared machine. Durations are measured in bench/, never asserted here.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
