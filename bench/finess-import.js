// `aiguillage import finess` on generated extractions in the published layout (bench/finess-data.js):
// - "100,000 lines": 50,000 establishments (a fifth in mapped categories, as in the real file) and their
//   50,000 geolocation lines;
// - "whole country": 100,000 establishments, all in mapped categories, and their geolocation lines: the
//   directory that bench/finess-directory.js loads.
// For each, in a fresh process: lines per second of the streaming import (parse, map, commune, coordinates)
// with RSS and heap sampled every 10,000 lines; then the whole command as a coordinator runs it (places data,
// schema validation, writing DATA_DIR/directory/finess.json).
// Run after `npm run build`: node bench/finess-import.js [--record]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const MB = 1024 * 1024;
const round = (n, digits = 1) => +n.toFixed(digits);

async function worker(file) {
  const { loadPlaces } = await import('../dist/content/load-content.js');
  const { parseYaml } = await import('../dist/content/read-yaml.js');
  const { parseCategoryMapping } = await import('../dist/directory/finess/finess-categories.js');
  const { createFinessImport } = await import('../dist/directory/finess/finess-import.js');
  const { readLatin1Lines } = await import('../dist/directory/finess/read-lines.js');
  const mappingFile = fileURLToPath(new URL('../content/finess-categories.yaml', import.meta.url));
  const { mapping } = parseCategoryMapping(parseYaml(readFileSync(mappingFile, 'utf8')), mappingFile);
  const places = loadPlaces();
  const run = createFinessImport({ mapping, places: places.index });
  const samples = [];
  const sample = (lines, start) => {
    const memory = process.memoryUsage();
    samples.push({
      lines,
      ms: Math.round(performance.now() - start),
      rssMB: round(memory.rss / MB),
      heapUsedMB: round(memory.heapUsed / MB),
    });
  };
  const start = performance.now();
  let number = 0;
  sample(0, start);
  for await (const batch of readLatin1Lines(file)) {
    for (const line of batch) {
      run.add(++number, line);
      if (number % 10_000 === 0) sample(number, start);
    }
  }
  const { directory, report } = run.finish();
  const ms = performance.now() - start;
  sample(number, start);
  process.stdout.write(
    JSON.stringify({
      lines: number,
      records: directory.rows.length,
      rejected: report.rejected.length,
      streamMs: Math.round(ms),
      linesPerSecond: Math.round(number / (ms / 1000)),
      peakRssMB: round((process.resourceUsage().maxRSS * 1024) / MB),
      samples,
    }),
  );
}

async function main() {
  const { writeFinessFile } = await import('./finess-data.js');
  const dir = mkdtempSync(join(tmpdir(), 'aiguillage-finess-bench-'));
  const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const scenarios = [
    { name: '100,000 lines, a fifth mapped', establishments: 50_000, mappedShare: 0.2 },
    { name: 'whole country: 100,000 mapped establishments', establishments: 100_000, mappedShare: 1 },
  ];
  const results = [];
  for (const scenario of scenarios) {
    const file = join(dir, `finess-${scenario.establishments}-${scenario.mappedShare}.csv`);
    const lines = writeFinessFile(file, scenario);
    const streamed = spawnSync(process.execPath, [self, '--worker', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (streamed.status !== 0) throw new Error(streamed.stderr);
    const stream = JSON.parse(streamed.stdout);
    const dataDir = join(dir, `data-${scenario.establishments}-${scenario.mappedShare}`);
    const start = performance.now();
    const command = spawnSync(process.execPath, [cli, 'import', 'finess', file, '--data-dir', dataDir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const commandMs = performance.now() - start;
    if (command.status !== 0) throw new Error(command.stderr);
    const stored = join(dataDir, 'directory', 'finess.json');
    results.push({
      scenario: scenario.name,
      fileMB: round(statSync(file).size / MB),
      lines,
      records: stream.records,
      streaming: {
        ms: stream.streamMs,
        linesPerSecond: stream.linesPerSecond,
        peakRssMB: stream.peakRssMB,
        samples: stream.samples,
      },
      command: {
        ms: Math.round(commandMs),
        linesPerSecond: Math.round(lines / (commandMs / 1000)),
        storedMB: round(statSync(stored).size / MB),
      },
    });
    console.error(
      `${scenario.name}: ${lines} lines, ${stream.records} records; streaming ${stream.linesPerSecond} lines/s, ` +
        `peak RSS ${stream.peakRssMB} MB; whole command ${Math.round(commandMs)} ms`,
    );
  }
  const result = { date: new Date().toISOString(), node: process.version, scenarios: results };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes('--record'))
    writeFileSync(
      new URL('./results/finess-import.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
}

if (process.argv[2] === '--worker') await worker(process.argv[3]);
else await main();
