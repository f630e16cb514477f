// The server's side of the national directory: 100,000 imported records (a generated extraction, see
// bench/finess-data.js, imported with the real command) loaded from DATA_DIR.
// - start-up: content, places and the imported directory in a fresh process (median of 3), and the whole
//   server until it listens (WARM_UP=0), each beside the same without the import;
// - lookups for the imported types over communes weighted by population: directory.best(type, place), the
//   one orient() makes for each recommendation, and directory.find(type, place), every usable record sorted;
//   then orient() on the benchmark's situation mix; p50 / p99 / max.
// Run after `npm run build`: node bench/finess-directory.js [--record]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeFinessFile } from './finess-data.js';
import { pickWeighted } from './random.js';
import { situations } from './situations.js';

const RECORDS = 100_000;
const round = (n, digits = 3) => +n.toFixed(digits);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** In a fresh process: module import + loadKnowledge, or the whole server until it listens. */
async function startupProbe(mode, dataDir) {
  const t0 = performance.now();
  if (mode === 'knowledge') {
    const { loadKnowledge } = await import('../dist/content/load-content.js');
    const loaded = await loadKnowledge(undefined, dataDir ? { dataDir } : {});
    const ms = performance.now() - t0;
    const imported = loaded.imported.reduce((sum, s) => sum + s.records, 0);
    process.stdout.write(JSON.stringify({ ms, imported, rssMB: process.memoryUsage().rss / 1048576 }));
  } else {
    const { readConfig } = await import('../dist/server/config.js');
    const { startServer } = await import('../dist/server/start-server.js');
    const empty = mkdtempSync(join(tmpdir(), 'aiguillage-bench-empty-'));
    const { config } = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir || empty, WARM_UP: '0' });
    const server = await startServer(config, { log: () => undefined });
    const ms = performance.now() - t0;
    await server.close();
    process.stdout.write(JSON.stringify({ ms, rssMB: process.memoryUsage().rss / 1048576 }));
  }
}

function startup(mode, dataDir) {
  const self = fileURLToPath(import.meta.url);
  const runs = [];
  for (let i = 0; i < 3; i += 1) {
    const out = spawnSync(process.execPath, [self, '--probe', mode, dataDir ?? ''], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(out.stderr);
    runs.push(JSON.parse(out.stdout));
  }
  return {
    runsMs: runs.map((r) => Math.round(r.ms)),
    medianMs: Math.round(median(runs.map((r) => r.ms))),
    rssMB: Math.round(median(runs.map((r) => r.rssMB))),
  };
}

function percentiles(times) {
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    calls: times.length,
    p50Ms: round(at(0.5), 4),
    p99Ms: round(at(0.99), 4),
    maxMs: round(times.at(-1), 3),
  };
}

async function lookups(dataDir) {
  const { loadKnowledge } = await import('../dist/content/load-content.js');
  const { orient } = await import('../dist/orientation/orient.js');
  const { knowledge, imported } = await loadKnowledge(undefined, { dataDir });
  const { loadPlaces } = await import('../dist/content/load-content.js');
  const communes = loadPlaces().data.communes.filter((c) => c.type === 'commune-actuelle');
  let total = 0;
  const weights = communes.map((c) => (total += Math.max(c.population ?? 0, 50)));
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pickCommune = () =>
    knowledge.places.byInsee(communes[pickWeighted(weights, total, rand())].code) ?? null;
  const types = [
    'cmp',
    'pmi',
    'centre-de-sante',
    'pass',
    'cpef',
    'csapa',
    'cmpp',
    'caarud',
    'cegidd',
    'bilan-sante',
  ];
  const cases = Array.from({ length: 20_000 }, (_, i) => [types[i % types.length], pickCommune()]);
  const time = (lookup) => {
    for (const [type, place] of cases.slice(0, 2_000)) lookup(type, place); // warm-up
    const times = [];
    for (const [type, place] of cases) {
      const start = performance.now();
      lookup(type, place);
      times.push(performance.now() - start);
    }
    return times;
  };
  const bestTimes = time((type, place) => knowledge.directory.best(type, {}, place));
  const findTimes = time((type, place) => knowledge.directory.find(type, {}, place));
  const found = cases.filter(([type, place]) => knowledge.directory.best(type, {}, place) !== null).length;
  const listed = cases.map(([type, place]) => knowledge.directory.find(type, {}, place).length);
  const inputs = situations(20_000);
  for (const situation of inputs.slice(0, 2_000))
    orient(situation, knowledge, { lang: 'fr', today: '2026-11-22' });
  const orientTimes = [];
  for (const situation of inputs) {
    const start = performance.now();
    orient(situation, knowledge, { lang: 'fr', today: '2026-11-22' });
    orientTimes.push(performance.now() - start);
  }
  return {
    importedRecords: imported.reduce((sum, s) => sum + s.records, 0),
    best: { ...percentiles(bestTimes), shareWithAService: round(found / cases.length, 3) },
    find: { ...percentiles(findTimes), medianListed: median(listed), maxListed: Math.max(...listed) },
    orient: percentiles(orientTimes),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'aiguillage-finess-dir-'));
  const file = join(dir, 'finess.csv');
  writeFinessFile(file, { establishments: RECORDS, mappedShare: 1 });
  const dataDir = join(dir, 'data');
  const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));
  const imported = spawnSync(process.execPath, [cli, 'import', 'finess', file, '--data-dir', dataDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (imported.status !== 0) throw new Error(imported.stderr);

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    importedRecords: RECORDS,
    startup: {
      knowledgeWithout: startup('knowledge', null),
      knowledgeWith: startup('knowledge', dataDir),
      serverWithout: startup('server', null),
      serverWith: startup('server', dataDir),
    },
    lookups: await lookups(dataDir),
  };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes('--record'))
    writeFileSync(
      new URL('./results/finess-directory.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
}

if (process.argv[2] === '--probe') await startupProbe(process.argv[3], process.argv[4] || null);
else await main();
