// npm run eval:safety: recall of the danger detection per category × language group on the danger corpus
// (test/corpus/safety/, written by someone who did not read the word lists), and its false alarms on every
// French commune name and postcode, on every ordinary answer of the lexicons and choices, and on the
// near-miss corpus; commune names typed at the yes/no questions. Run after `npm run build`.
// node bench/eval-safety.js [--record] [--misses]
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  measureFalseAlarms,
  measureRecall,
  ordinaryAnswers,
  percent,
  readDangerCorpus,
  readNearMissCorpus,
} from './safety/measure-safety.js';
import { TRICKY, misreadPlaceNames } from './safety/place-probe.js';

const { loadKnowledge } = await import('../dist/content/load-content.js');
const { loadDialogue, loadDangerRules, loadLexicons, dangerIndexFor } =
  await import('../dist/content/load-dialogue.js');
const { step } = await import('../dist/dialogue/engine.js');
const { initialContext } = await import('../dist/dialogue/context.js');
const { detectDanger } = await import('../dist/dialogue/danger/index.js');
const { tokenize } = await import('../dist/dialogue/understand/normalize-text.js');

const localesDir = fileURLToPath(new URL('../locales', import.meta.url));
const problems = [];
const index = dangerIndexFor(loadDangerRules(localesDir, problems), loadLexicons(localesDir, problems));
const detect = (text) => detectDanger(tokenize(text), index).map((m) => m.kind);

const corpus = readDangerCorpus();
const t0 = performance.now();
const recall = measureRecall(corpus, detect);
const perMessageUs = ((performance.now() - t0) * 1000) / Math.max(1, corpus.length);

const places = JSON.parse(readFileSync(new URL('../dist/place-data.json', import.meta.url), 'utf8'));
const names = places.communes.map((c) => c.nom ?? c.name ?? c[1]).filter((n) => typeof n === 'string');
const postcodes = [...new Set(places.communes.flatMap((c) => c.codesPostaux ?? c.postcodes ?? []))];
const communes = measureFalseAlarms(names, detect);
const postcodeAlarms = measureFalseAlarms(postcodes, detect);
const answers = measureFalseAlarms(ordinaryAnswers(localesDir), detect);
const nearMiss = measureFalseAlarms(
  readNearMissCorpus().map((m) => m.text),
  detect,
);

const { knowledge } = await loadKnowledge();
const deps = await loadDialogue(knowledge, { today: '2026-12-03' });
const tricky = names.filter((n) => TRICKY.test(n));
const misread = misreadPlaceNames(tricky, step, deps, initialContext);

const groups = [...new Set(recall.cells.map((c) => c.group))].sort();
const categories = [...new Set(recall.cells.map((c) => c.category))];
const pad = (s, n) => String(s).padEnd(n);
console.log(`danger corpus: ${corpus.length} messages, ${perMessageUs.toFixed(0)} µs each`);
console.log(pad('recall %', 14) + groups.map((g) => pad(g, 11)).join('') + 'all');
for (const category of categories) {
  const row = groups.map((g) => {
    const cell = recall.cells.find((c) => c.category === category && c.group === g);
    return pad(cell ? `${percent(cell.caught, cell.total)} (${cell.total})` : '-', 11);
  });
  const cells = recall.cells.filter((c) => c.category === category);
  const caught = cells.reduce((n, c) => n + c.caught, 0);
  const total = cells.reduce((n, c) => n + c.total, 0);
  console.log(pad(category, 14) + row.join('') + `${percent(caught, total)}`);
}
const caught = recall.cells.reduce((n, c) => n + c.caught, 0);
const anyDanger = recall.cells.reduce((n, c) => n + c.anyDanger, 0);
console.log(
  `all: ${percent(caught, corpus.length)} % in the right category, ${percent(anyDanger, corpus.length)} % seen as some danger`,
);
const line = (label, r) =>
  console.log(`${pad(label, 40)} ${r.alarms.length} / ${r.total} (${percent(r.alarms.length, r.total)} %)`);
console.log('\nfalse alarms');
line('French commune names', communes);
line('postcodes', postcodeAlarms);
line('ordinary answers (lexicons, choices)', answers);
line('near-miss corpus (idioms, negations…)', nearMiss);
console.log(
  `${pad('commune names misread at yes/no questions', 40)} ${misread.length} / ${tricky.length * 2}`,
);

if (process.argv.includes('--misses')) {
  console.log('\nmissed:');
  for (const m of recall.misses)
    console.log(`  [${m.group} ${m.category}] ${m.text}  → ${m.found.join(',') || '-'}`);
  console.log('\nfalse alarms:');
  for (const a of [...communes.alarms, ...answers.alarms, ...nearMiss.alarms])
    console.log(`  ${a.text} → ${a.found.join(',')}`);
  for (const m of misread) console.log(`  ${m.name} at ${m.question} → ${JSON.stringify(m.situation)}`);
}

if (process.argv.includes('--record')) {
  const result = {
    date: new Date().toISOString().slice(0, 10),
    corpus: { messages: corpus.length, groups, categories },
    recall: recall.cells.map((c) => ({ ...c, recall: percent(c.caught, c.total) })),
    overall: { rightCategory: percent(caught, corpus.length), anyDanger: percent(anyDanger, corpus.length) },
    falseAlarms: {
      communes: { total: communes.total, alarms: communes.alarms.length },
      postcodes: { total: postcodeAlarms.total, alarms: postcodeAlarms.alarms.length },
      ordinaryAnswers: { total: answers.total, alarms: answers.alarms.length, texts: answers.alarms },
      nearMiss: { total: nearMiss.total, alarms: nearMiss.alarms.length, texts: nearMiss.alarms },
      placeNamesAtYesNo: { total: tricky.length * 2, misread: misread.length },
    },
    perMessageMicroseconds: Math.round(perMessageUs),
  };
  writeFileSync(new URL('./results/safety.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nrecorded in bench/results/safety.json');
}
