// npm run eval:safety: recall of the danger detection per category × language group on each danger corpus
// (test/corpus/safety-{dev,blind,holdout}/: see bench/safety/measure-safety.js), and its false alarms on every
// French commune name and postcode, on every ordinary answer of the lexicons and choices, and on the
// near-miss corpus; commune names typed at the yes/no questions. Run after `npm run build`.
// node bench/eval-safety.js [--corpus=dev,blind,holdout] [--half=tune|held] [--record[=file.json]] [--misses]
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  measureFalseAlarms,
  measureRecall,
  ordinaryAnswers,
  percent,
  CORPORA,
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

// --half=tune|held: only the even or the odd lines of each file (see readDangerCorpus).
const half = process.argv.find((a) => a.startsWith('--half='))?.slice('--half='.length) ?? 'all';
// Which corpora: all that exist, or those named with --corpus dev,blind,holdout.
const wanted = process.argv
  .find((a) => a.startsWith('--corpus='))
  ?.slice('--corpus='.length)
  .split(',');
const corpora = Object.entries(CORPORA)
  .filter(([name]) => !wanted || wanted.includes(name))
  .map(([name, dir]) => ({
    name,
    corpus: readDangerCorpus(dir, half),
    nearMissTexts: readNearMissCorpus(dir),
  }))
  .filter((c) => c.corpus.length > 0);
const t0 = performance.now();
for (const c of corpora) c.recall = measureRecall(c.corpus, detect);
const measured = corpora.reduce((n, c) => n + c.corpus.length, 0);
const perMessageUs = ((performance.now() - t0) * 1000) / Math.max(1, measured);

const places = JSON.parse(readFileSync(new URL('../dist/place-data.json', import.meta.url), 'utf8'));
const names = places.communes.map((c) => c.nom ?? c.name ?? c[1]).filter((n) => typeof n === 'string');
const postcodes = [...new Set(places.communes.flatMap((c) => c.codesPostaux ?? c.postcodes ?? []))];
const communes = measureFalseAlarms(names, detect);
const postcodeAlarms = measureFalseAlarms(postcodes, detect);
const answers = measureFalseAlarms(ordinaryAnswers(localesDir), detect);
for (const c of corpora)
  c.nearMiss = measureFalseAlarms(
    c.nearMissTexts.map((m) => m.text),
    detect,
  );

const { knowledge } = await loadKnowledge();
const deps = await loadDialogue(knowledge, { today: '2026-12-03' });
const tricky = names.filter((n) => TRICKY.test(n));
const misread = misreadPlaceNames(tricky, step, deps, initialContext);

const pad = (s, n) => String(s).padEnd(n);
const totals = (cells) => ({
  caught: cells.reduce((n, c) => n + c.caught, 0),
  anyDanger: cells.reduce((n, c) => n + c.anyDanger, 0),
  total: cells.reduce((n, c) => n + c.total, 0),
});
console.log(`detection: ${perMessageUs.toFixed(0)} µs per message`);
for (const { name, corpus, recall } of corpora) {
  const groups = [...new Set(recall.cells.map((c) => c.group))].sort();
  const categories = [...new Set(recall.cells.map((c) => c.category))];
  console.log(`\n${name} corpus: ${corpus.length} messages`);
  console.log(pad('recall %', 14) + groups.map((g) => pad(g, 11)).join('') + 'all');
  for (const category of categories) {
    const row = groups.map((g) => {
      const cell = recall.cells.find((c) => c.category === category && c.group === g);
      return pad(cell ? `${percent(cell.caught, cell.total)} (${cell.total})` : '-', 11);
    });
    const t = totals(recall.cells.filter((c) => c.category === category));
    console.log(pad(category, 14) + row.join('') + `${percent(t.caught, t.total)}`);
  }
  const byGroup = groups.map((g) => {
    const t = totals(recall.cells.filter((c) => c.group === g));
    return pad(percent(t.caught, t.total), 11);
  });
  console.log(pad('all', 14) + byGroup.join(''));
  const t = totals(recall.cells);
  console.log(
    `${name}: ${percent(t.caught, t.total)} % in the right category, ${percent(t.anyDanger, t.total)} % seen as some danger`,
  );
}
const line = (label, r) =>
  console.log(`${pad(label, 40)} ${r.alarms.length} / ${r.total} (${percent(r.alarms.length, r.total)} %)`);
console.log('\nfalse alarms');
line('French commune names', communes);
line('postcodes', postcodeAlarms);
line('ordinary answers (lexicons, choices)', answers);
for (const c of corpora) line(`near-miss messages, ${c.name} corpus`, c.nearMiss);
console.log(
  `${pad('commune names misread at yes/no questions', 40)} ${misread.length} / ${tricky.length * 2}`,
);

if (process.argv.includes('--misses')) {
  console.log('\nmissed:');
  for (const c of corpora)
    for (const m of c.recall.misses)
      console.log(`  [${c.name} ${m.group} ${m.category}] ${m.text}  → ${m.found.join(',') || '-'}`);
  console.log('\nfalse alarms:');
  for (const a of [...communes.alarms, ...answers.alarms, ...corpora.flatMap((c) => c.nearMiss.alarms)])
    console.log(`  ${a.text} → ${a.found.join(',')}`);
  for (const m of misread) console.log(`  ${m.name} at ${m.question} → ${JSON.stringify(m.situation)}`);
}

if (process.argv.some((a) => a === '--record' || a.startsWith('--record='))) {
  const result = {
    date: new Date().toISOString().slice(0, 10),
    corpora: Object.fromEntries(
      corpora.map(({ name, corpus, recall, nearMiss }) => {
        const t = totals(recall.cells);
        return [
          name,
          {
            messages: corpus.length,
            overall: { rightCategory: percent(t.caught, t.total), anyDanger: percent(t.anyDanger, t.total) },
            recall: recall.cells.map((c) => ({ ...c, recall: percent(c.caught, c.total) })),
            nearMiss: { total: nearMiss.total, alarms: nearMiss.alarms.length, texts: nearMiss.alarms },
          },
        ];
      }),
    ),
    falseAlarms: {
      communes: { total: communes.total, alarms: communes.alarms.length },
      postcodes: { total: postcodeAlarms.total, alarms: postcodeAlarms.alarms.length },
      ordinaryAnswers: { total: answers.total, alarms: answers.alarms.length, texts: answers.alarms },
      placeNamesAtYesNo: { total: tricky.length * 2, misread: misread.length },
    },
    perMessageMicroseconds: Math.round(perMessageUs),
  };
  const file =
    process.argv.find((a) => a.startsWith('--record='))?.slice('--record='.length) ?? 'safety.json';
  writeFileSync(new URL(`./results/${file}`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nrecorded in bench/results/${file}`);
}
