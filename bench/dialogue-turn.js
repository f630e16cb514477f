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

// Each person: a first message in their own words, then how they answer each question the bot asks.
const PEOPLE = [
  [
    'fr',
    "bonjour j'ai pas de sécu et je tousse, je suis à chalon sur saone",
    { emergency: 'non', canWait: 'ouais', place: 'chalon sur saone', placeChoice: '1' },
  ],
  [
    'fr',
    'salut',
    {
      emergency: 'nan',
      need: 'je stresse trop jdors plus',
      rights: 'jai la carte vitale mais pas de mutuel',
      canWait: 'oui',
      knownToCmp: 'non',
      age: 'dix-sept',
      precarious: 'non',
      place: '93200',
      placeChoice: '1',
    },
  ],
  [
    'fr',
    'je fume trop de shit',
    {
      emergency: 'non',
      rights: 'ma carte vitale marche plus',
      age: 'vingt ans',
      forRelative: 'non',
      place: 'lile',
      placeChoice: '1',
    },
  ],
  [
    'fr',
    "j'ai l'ame",
    { emergency: 'non', need: 'test vih', age: '30', place: 'marseile', placeChoice: '1' },
  ],
  [
    'en',
    'hi, I have no health insurance and a toothache in Lyon',
    { emergency: 'no', age: '25', canWait: 'yes', place: 'lyon', placeChoice: '1' },
  ],
  [
    'en',
    'hello',
    {
      emergency: 'no',
      need: 'feeling low',
      rights: 'I have a carte vitale but no mutuelle',
      canWait: 'yes',
      knownToCmp: 'no',
      age: 'twenty',
      precarious: 'no',
      place: 'rennes',
      placeChoice: '1',
    },
  ],
  [
    'ar',
    'السلام عليكم ما عنديش الضمان الاجتماعي وعندي وجع في الأسنان',
    { emergency: 'لا', age: '30', canWait: 'نعم', place: '13001', placeChoice: '1' },
  ],
  [
    'fr-x-falc',
    'bonjour',
    {
      emergency: 'non',
      need: 'vaccin',
      rights: 'rien',
      age: '40',
      canWait: 'oui',
      place: 'conflans sainte honorine',
      placeChoice: '1',
    },
  ],
];

const times = [];
let turns = 0;
let withRecognizers = 0;
let maxStored = 0;
let recommendations = 0;
for (let round = 0; round < 60; round += 1) {
  for (const [lang, opening, answers] of PEOPLE) {
    let stored = null;
    let text = opening;
    for (let turn = 0; turn < 12 && text !== undefined; turn += 1) {
      const inbound = { type: 'text', channel: 'web', text, ...(stored ? {} : { lang }) };
      const start = performance.now();
      // Stored as JSON between turns, as a session store does.
      const result = step(stored ? JSON.parse(JSON.stringify(stored)) : null, inbound, deps);
      const ms = performance.now() - start;
      if (round > 0) {
        times.push(ms);
        turns += 1;
        if (result.usedRecognizers) withRecognizers += 1;
        if (result.outbound.some((m) => m.recommendations)) recommendations += 1;
      }
      stored = result.stored;
      maxStored = Math.max(maxStored, JSON.stringify(stored).length);
      const question = result.outbound.filter((m) => m.kind === 'question').at(-1)?.question;
      text = question === 'after' ? undefined : answers[question];
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
  conversationsReachingARecommendation: `${recommendations / 59} of ${PEOPLE.length}`,
  maxStoredConversationBytes: maxStored,
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(
    new URL('./results/dialogue-turn.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
