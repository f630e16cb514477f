// Loading content and places, then orient() on a warm process: p50, p99, max over 20,000 calls; and place
// resolution of free text (typos included), which the dialogue does once per conversation.
// Run after `npm run build`: node bench/orient-core.js [--record]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { PLACE_TEXTS, situations } from './situations.js';

const t0 = performance.now();
const { loadKnowledge } = await import('../dist/content/load-content.js');
const { orient } = await import('../dist/orientation/orient.js');
const tImport = performance.now();
const { knowledge, problems } = await loadKnowledge();
const tLoad = performance.now();
if (problems.some((p) => p.severity === 'error'))
  throw new Error('content has errors: run aiguillage validate');

const inputs = situations(20_000);
for (const situation of inputs.slice(0, 2_000)) orient(situation, knowledge, { lang: 'fr' }); // warm-up
const times = [];
for (const situation of inputs) {
  const start = performance.now();
  orient(situation, knowledge, { lang: 'fr' });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

const placeTimes = [];
for (let round = 0; round < 50; round += 1) {
  for (const text of PLACE_TEXTS) {
    const start = performance.now();
    knowledge.places.resolve(text);
    placeTimes.push(performance.now() - start);
  }
}
placeTimes.sort((a, b) => a - b);
const placeAt = (q) => placeTimes[Math.min(placeTimes.length - 1, Math.floor(q * placeTimes.length))];
const result = {
  date: new Date().toISOString(),
  node: process.version,
  moduleImportMs: +(tImport - t0).toFixed(1),
  loadContentAndPlacesMs: +(tLoad - tImport).toFixed(1),
  orientCalls: times.length,
  orientP50Ms: +at(0.5).toFixed(4),
  orientP99Ms: +at(0.99).toFixed(4),
  orientMaxMs: +times[times.length - 1].toFixed(3),
  orientMeanMs: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(4),
  placeTextCalls: placeTimes.length,
  placeTextP50Ms: +placeAt(0.5).toFixed(4),
  placeTextP99Ms: +placeAt(0.99).toFixed(3),
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(
    new URL('./results/orient-core.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
