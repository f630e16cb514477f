/** Debian's chromium for the browser tests (installed by .ci/run), started headless the same way by each. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { TOOLS } from '../support/tools.js';

const CHROMIUM = TOOLS.find((t) => t.name === 'chromium')?.path ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
