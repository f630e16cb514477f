// The SMS channel: (1) what an orientation costs the person — SMS and segments from the first message to
// the recommendation, per language, over typical conversations, through the real channel in-process; (2)
// the Twilio webhook over loopback against a real server process (signed requests, SQLite in a temporary
// DATA_DIR): turn latency p50/p99 with 4 clients and throughput with 50.
// Run after `npm run build`: node bench/sms-load.js [--record]
import { Agent } from 'node:http';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { postForm } from './http.js';
import { serve } from './serve.js';

const { loadKnowledge } = await import('../dist/content/load-content.js');
const { loadDialogue } = await import('../dist/content/load-dialogue.js');
const { createConversationService } = await import('../dist/channels/conversation-service.js');
const { renderSms } = await import('../dist/channels/sms/render-sms.js');
const { measure } = await import('../dist/channels/sms/segments.js');
const { createMemoryStore } = await import('../dist/sessions/memory-store.js');
const { twilioSignature } = await import('../dist/channels/sms/twilio.js');

// ---------------------------------------------------------------------------------------------------
// 1. Cost of an orientation, per language

const { knowledge } = await loadKnowledge();
const deps = await loadDialogue(knowledge);

// Each scenario: the first message, then the answer to each question the bot may ask (by question name).
// Numbers answer the menus, as most people do by SMS; the same numbers in every language.
const TOOTH_NO_COVER = {
  emergency: '2',
  rights: '5',
  canWait: '1',
  place: 'Chalon-sur-Saône',
  placeChoice: '1',
};
const MENTAL_HEALTH = {
  emergency: '2',
  need: '2',
  rights: '2',
  canWait: '1',
  knownToCmp: '2',
  age: '30',
  precarious: '2',
  place: 'Saint-Denis 93200',
  placeChoice: '1',
};
const SCENARIOS = {
  fr: [
    ['dents, sans couverture, Chalon', 'bonjour', { ...TOOTH_NO_COVER, need: 'dents' }],
    ['moral, Saint-Denis, 17 ans', 'bonjour', { ...MENTAL_HEALTH, age: '17' }],
    [
      'contraception, Lille',
      "j'ai besoin d'une contraception",
      { emergency: '2', rights: '1', age: '22', canWait: '1', place: 'Lille', placeChoice: '1' },
    ],
  ],
  en: [
    ['teeth, no cover, Chalon', 'hello', { ...TOOTH_NO_COVER, need: 'toothache' }],
    ['mental health, Saint-Denis', 'hello', MENTAL_HEALTH],
  ],
  ar: [
    ['teeth, no cover, Chalon', 'مرحبا', { ...TOOTH_NO_COVER, need: '7' }],
    ['mental health, Saint-Denis', 'مرحبا', MENTAL_HEALTH],
  ],
  'fr-x-falc': [['dents, sans couverture, Chalon', 'FALC', { ...TOOTH_NO_COVER, need: 'dents' }]],
};

async function cost(lang, opening, answers) {
  const conversations = createConversationService({ store: createMemoryStore(), deps, ttlMs: 3_600_000 });
  const t = knowledge.translator;
  const id = 'bench';
  let turn = await conversations.receive(id, 'sms', opening);
  // The language is chosen by its keyword or by writing in it; FALC is chosen from the language menu.
  if (lang === 'fr-x-falc') turn = await conversations.message(id, 'sms', 'FALC');
  let sms = 0;
  let segments = 0;
  let largest = { segments: 0, question: '' };
  for (let i = 0; i < 14; i += 1) {
    const bodies = renderSms(turn.messages, t(turn.messages.at(-1)?.lang ?? 'fr'));
    const turnSegments = bodies.reduce((n, b) => n + measure(b).segments, 0);
    sms += bodies.length;
    segments += turnSegments;
    const q = turn.messages.filter((m) => m.kind === 'question').at(-1)?.question;
    if (turnSegments > largest.segments)
      largest = { segments: turnSegments, question: q ?? turn.messages[0]?.kind };
    if (turn.messages.some((m) => m.recommendations)) {
      const rec = renderSms(
        turn.messages.filter((m) => m.recommendations),
        t(turn.messages[0].lang),
      );
      const recommendation = { sms: rec.length, segments: rec.reduce((n, b) => n + measure(b).segments, 0) };
      return { sms, segments, recommendation, largestTurn: largest, turns: i + 1 };
    }
    const answer = answers[q];
    if (!answer) return { error: `no scripted answer to "${q}"` };
    turn = await conversations.message(id, 'sms', answer);
  }
  return { error: 'no recommendation after 14 turns' };
}

const perLanguage = {};
for (const [lang, scenarios] of Object.entries(SCENARIOS)) {
  perLanguage[lang] = {};
  for (const [name, opening, answers] of scenarios)
    perLanguage[lang][name] = await cost(lang, opening, answers);
}

// ---------------------------------------------------------------------------------------------------
// 2. The Twilio webhook over loopback

const PORT = 3918;
const TOKEN = 'bench-token';
const PUBLIC_URL = 'https://aiguillage.example.org';
const server = await serve(PORT, { PUBLIC_URL, TWILIO_AUTH_TOKEN: TOKEN });
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

let sid = 0;
async function webhook(from, body) {
  const params = { From: from, To: '+33644000000', Body: body, MessageSid: `SM${(sid += 1)}`, NumMedia: '0' };
  const signature = twilioSignature(TOKEN, `${PUBLIC_URL}/sms/twilio`, params);
  const { status, text } = await postForm(agent, PORT, '/sms/twilio', params, {
    'x-twilio-signature': signature,
  });
  if (status !== 200) throw new Error(`${status}`);
  return text;
}

const SCRIPT = ['bonjour', '2', 'dents', '5', 'Chalon-sur-Saône', '1'];
let phone = 600_000_000;
async function conversation(times) {
  const from = `+33${(phone += 1)}`;
  for (const line of SCRIPT) {
    const t = performance.now();
    await webhook(from, line);
    times.push(performance.now() - t);
  }
}

async function phase(concurrency, conversations) {
  const times = [];
  const begin = performance.now();
  let remaining = conversations;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining-- > 0) await conversation(times);
    }),
  );
  const ms = performance.now() - begin;
  times.sort((a, b) => a - b);
  const at = (q) => +times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  return {
    concurrency,
    conversations,
    turns: times.length,
    turnsPerSecond: Math.round(times.length / (ms / 1000)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

await phase(8, 100); // warm-up
const throughput = await phase(50, 600);
const latency = await phase(4, 200);
server.kill('SIGTERM');
agent.destroy();

const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  orientationCost: perLanguage,
  twilioWebhook: { script: SCRIPT, throughput, latency },
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(new URL('results/sms-load.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
