/**
 * The programs some suites need besides Node: Debian's chromium (browser tests) and redis-server (Redis
 * tests). On a developer's machine without them, their suites are skipped, loudly, with the command that
 * installs them; under CI=true they are required and a missing one fails the run (.ci/run installs them).
 */
import { existsSync } from 'node:fs';

export interface Tool {
  name: string;
  path: string;
  /** Environment variable that points to another path. */
  variable: string;
  install: string;
  /** The test files that need it (globs, from the project root). */
  files: string[];
}

export const TOOLS: Tool[] = [
  {
    name: 'chromium',
    path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    variable: 'CHROMIUM_PATH',
    install: 'sudo apt-get install chromium',
    files: ['test/e2e/**/*.test.ts'],
  },
  {
    name: 'redis-server',
    path: process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server',
    variable: 'REDIS_SERVER_PATH',
    install: 'sudo apt-get install redis-server',
    files: ['test/redis-stores.test.ts', 'test/multi-instance.test.ts'],
  },
];

export const required = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

export const missingTools = (): Tool[] => TOOLS.filter((tool) => !existsSync(tool.path));

/** What to print when suites are skipped, or when CI lacks a tool. */
export function toolsBanner(missing: readonly Tool[], ci: boolean): string {
  const lines = missing.map(
    (t) =>
      `  ${t.name} not found at ${t.path}: ${t.files.join(', ')} ${ci ? 'cannot run' : 'SKIPPED'}.` +
      ` Install it (${t.install}) or set ${t.variable}.`,
  );
  const rule = '='.repeat(100);
  return ci
    ? `\n${rule}\nCI=true and a program the tests need is missing (.ci/run installs them):\n${lines.join('\n')}\n${rule}\n`
    : `\n${rule}\nSome suites are SKIPPED on this machine (they run under CI=true, where they are required):\n${lines.join('\n')}\n${rule}\n`;
}
