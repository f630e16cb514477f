// The staff triage page's latency as a receptionist feels it: a real server process (a temporary DATA_DIR,
// a temporary staff account), Debian's chromium driving /staff, and the time from a key press that changes a
// field (an arrow key in the rights or need radio group) to the updated recommendation in the DOM: the page
// dispatches `staff:updated` on document after rendering, and both ends are read with performance.now()
// inside the page (request over loopback, orientation in French and Arabic, cards and slip rendered).
// Run after `npm run build`: node bench/staff-latency.js [--record]
/* global window, document, performance, requestAnimationFrame */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from './serve.js';

const { hashPassword } = await import('../dist/channels/staff/password-hash.js');

const PORT = 3919;
const base = `http://127.0.0.1:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'mot de passe du banc de mesure';
const WARM_UP = 10;
const CHANGES = { rights: 100, need: 60 };
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium`);

const hash = await hashPassword(PASSWORD, { logN: 10 });
const server = await serve(PORT, { STAFF_ACCOUNTS: `bench:staff:${hash}`, WARM_UP: '0' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/staff`);
  await page.fill('#name', 'bench');
  await page.fill('#password', PASSWORD);
  await page.press('#password', 'Enter');
  await page.waitForURL(`${base}/staff`);
  await page.waitForSelector('input[name="need"]');

  // In the page: a key press starts the clock; the next `staff:updated` stops it.
  await page.evaluate(() => {
    window.__latencies = [];
    window.__frames = [];
    let started = null;
    document.addEventListener('keydown', () => (started = performance.now()), true);
    document.addEventListener('staff:updated', () => {
      if (started === null) return;
      const from = started;
      started = null;
      window.__latencies.push(performance.now() - from);
      // And to the frame that shows it (style, layout and paint of the new cards).
      requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - from), 0));
    });
  });

  // A realistic situation: no cover, general care, in Chalon-sur-Saône, the slip in French and Arabic.
  const waitFor = (n) => page.waitForFunction((count) => window.__latencies.length >= count, n);
  let expected = 0;
  await page.check('input[name="emergency"][value="no"]');
  await page.check('input[name="need"][value="general-care"]');
  await page.check('input[name="rights"][value="none"]');
  await page.fill('#place', 'Chalon-sur-Saône');
  await page.selectOption('#lang', 'ar');
  await page.waitForSelector('#slip .slip-col[lang="ar"]', { state: 'attached' });
  await page.waitForTimeout(500);

  async function presses(name, count) {
    await page.focus(`input[name="${name}"]:checked`);
    const from = expected;
    for (let i = 0; i < count; i += 1) {
      await page.keyboard.press('ArrowDown');
      expected += 1;
      await waitFor(expected);
    }
    await page.waitForFunction((count) => window.__frames.length >= count, expected);
    return page.evaluate((start) => [window.__latencies.slice(start), window.__frames.slice(start)], from);
  }

  await presses('rights', WARM_UP);
  const [rights, rightsFrames] = await presses('rights', CHANGES.rights);
  const [need, needFrames] = await presses('need', CHANGES.need);
  const cards = await page.locator('#cards .card').count();

  const stats = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q) => +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
    return { changes: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: +sorted.at(-1).toFixed(1) };
  };
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not fatal: the figure is still recorded
  }
  const all = stats([...rights, ...need]);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromiumVersion,
    what: 'key press in a radio group → staff:updated (recommendations, slip fr + ar rendered), in-page performance.now()',
    goalMs: 100,
    metGoal: all.p95Ms < 100,
    rights: stats(rights),
    need: stats(need),
    all,
    toNextFrame: stats([...rightsFrames, ...needFrames]),
    cardsShownAtTheEnd: cards,
  };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes('--record'))
    writeFileSync(
      new URL('./results/staff-latency.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
process.exit(0);
