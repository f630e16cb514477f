// Start-up (issue 16): a real `aiguillage serve` process, time from spawn to the first /healthz 200, its RSS
// then, and the latency of the first message that needs a number model (the age question), with the number
// models loaded at start (WARM_UP=1, the default) and without (WARM_UP=0). Also the national place index build
// alone (the figure the test suite used to assert). Run after `npm run build`:
// node bench/startup.js [--record]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));
const RUNS = 3;

async function startOnce(port, warmUp) {
  const started = performance.now();
  const server = spawn(process.execPath, [cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-start-')),
      LOG_LEVEL: 'warn',
      WARM_UP: warmUp ? '1' : '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (;;) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (server.exitCode !== null) throw new Error(`exited with ${server.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - started;
    const rssMiB =
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const post = (path, body) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const { id } = await post('/api/conversations', { locale: 'fr' });
    // Straight to the age question: a message the number models read ("dix-sept ans").
    await post(`/api/conversations/${id}/messages`, { text: 'non' });
    const t0 = performance.now();
    await post(`/api/conversations/${id}/messages`, {
      text: "j'ai dix-sept ans, pas de sécu, mal aux dents, à Dijon",
    });
    const firstNumberMessageMs = performance.now() - t0;
    return { readyMs, rssMiB, firstNumberMessageMs };
  } finally {
    server.kill();
    await new Promise((r) => server.once('exit', r));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { date: new Date().toISOString().slice(0, 10), node: process.version, runs: RUNS };
for (const warmUp of [true, false]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(3931 + i, warmUp));
  result[warmUp ? 'warmUp' : 'noWarmUp'] = {
    readyMs: Math.round(median(runs.map((r) => r.readyMs))),
    rssMiB: Math.round(median(runs.map((r) => r.rssMiB))),
    firstNumberMessageMs: Math.round(median(runs.map((r) => r.firstNumberMessageMs))),
  };
}
const { loadPlaceData } = await import('../dist/places/load-place-data.js');
const { createPlaceIndex } = await import('../dist/places/place-index.js');
const t0 = performance.now();
createPlaceIndex(loadPlaceData());
result.placeIndexBuildMs = Math.round(performance.now() - t0);
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(new URL('./results/startup.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
