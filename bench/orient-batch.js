// 10,000 situations through `aiguillage orient` on stdin, as a coordinator would run a whole protocol:
// wall time of the whole command (start-up included) and situations per second. Three runs, median kept.
// Run after `npm run build`: node bench/orient-batch.js [--record]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { situations } from './situations.js';

const COUNT = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'aiguillage-bench-'));
const input = join(dir, 'situations.jsonl');
writeFileSync(
  input,
  situations(COUNT, 7)
    .map((s) => JSON.stringify(s))
    .join('\n') + '\n',
);
const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));

const runs = [];
for (let i = 0; i < 3; i += 1) {
  const start = performance.now();
  const out = spawnSync(process.execPath, [cli, 'orient'], {
    stdio: [openSync(input, 'r'), 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - start;
  const lines = out.stdout.toString().trim().split('\n').length;
  if (lines !== COUNT) throw new Error(`expected ${COUNT} result lines, got ${lines}: ${out.stderr}`);
  runs.push(ms);
}
runs.sort((a, b) => a - b);
const median = runs[1];
const result = {
  date: new Date().toISOString(),
  node: process.version,
  situations: COUNT,
  runsMs: runs.map((ms) => +ms.toFixed(0)),
  medianMs: +median.toFixed(0),
  situationsPerSecond: Math.round(COUNT / (median / 1000)),
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(
    new URL('./results/orient-batch.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
