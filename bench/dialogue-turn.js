// One dialogue turn (restore the stored conversation, understand, transition, render) on a warm process,
// over scripted conversations in four languages with free text; the share of turns that needed the
// recognizers; the stored conversation's size; start-up to the first answer.
// Run after `npm run build`: node bench/dialogue-turn.js [--record]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const { loadKnowledge } = await import('../dist/content/load-content.js');
const { loadDialogue } = await import('../dist/content/load-dialogue.js');
const { step } = await import('../dist/dialogue/engine.js');
const { knowledge } = await loadKnowledge();
const deps = await loadDialogue(knowledge, { today: '2026-11-22' });
const first = step(
  null,
  { type: 'text', channel: 'sms', text: "bonjour j'ai pas de sécu et mal aux dents à Lille" },
  deps,
);
const startupMs = performance.now() - t0;

const CONVERSATIONS = [
  ['fr', ["bonjour j'ai pas de sécu et je tousse, je suis à chalon sur saone", 'non', 'oui']],
  ['fr', ['salut', 'non', '2', 'stress', 'oui', 'non', 'dix-sept', '93200']],
  ['fr', ['jsp', 'non', 'ma carte vitale marche plus', 'je fume trop de shit', 'ouais', 'vingt ans', 'lile']],
  ['fr', ['bonjour', 'non', 'j ai l ame', 'test vih', 'marseile', '1']],
  ['en', ['hi, I have no health insurance and a toothache in Lyon', 'no', '25']],
  [
    'en',
    ['hello', 'no', 'I have a carte vitale but no mutuelle', 'feeling low', 'yes', 'no', 'twenty', 'rennes'],
  ],
  ['ar', ['السلام عليكم ما عنديش الضمان الاجتماعي وعندي وجع في الأسنان', 'لا', '30', 'مرسيليا']],
  ['fr-x-falc', ['bonjour', 'non', 'rien', 'vaccin', 'oui', '40', 'conflans']],
];

const times = [];
let turns = 0;
let withRecognizers = 0;
let maxStored = 0;
for (let round = 0; round < 60; round += 1) {
  for (const [lang, lines] of CONVERSATIONS) {
    let stored = null;
    for (const text of lines) {
      const inbound = { type: 'text', channel: 'web', text, ...(stored ? {} : { lang }) };
      const start = performance.now();
      // Stored as JSON between turns, as a session store does.
      const result = step(stored ? JSON.parse(JSON.stringify(stored)) : null, inbound, deps);
      const ms = performance.now() - start;
      if (round > 0) {
        times.push(ms);
        turns += 1;
        if (result.usedRecognizers) withRecognizers += 1;
      }
      stored = result.stored;
      maxStored = Math.max(maxStored, JSON.stringify(stored).length);
    }
  }
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const result = {
  date: new Date().toISOString(),
  node: process.version,
  startupToFirstAnswerMs: +startupMs.toFixed(0),
  firstAnswerMessages: first.outbound.length,
  turns,
  turnP50Ms: +at(0.5).toFixed(3),
  turnP99Ms: +at(0.99).toFixed(3),
  turnMaxMs: +times[times.length - 1].toFixed(2),
  shareOfTurnsUsingRecognizers: +(withRecognizers / turns).toFixed(3),
  maxStoredConversationBytes: maxStored,
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(
    new URL('./results/dialogue-turn.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
