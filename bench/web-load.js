// Load over loopback against a real server process (SQLite sessions in a temporary DATA_DIR), with a
// bounded, self-stopping client: turns per second and latency over HTTP and over WebSocket, with 1,000
// concurrent WebSocket conversations, and the server's memory per open conversation. The client shares the
// machine's cores with the server, so the server's own CPU time per turn is measured too (from /proc):
// 1000 / (server CPU ms per turn) is what one core of server sustains.
// Run after `npm run build`: node bench/web-load.js [--record]
import { Agent } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { postJson } from './http.js';
import { serve } from './serve.js';

const PORT = 3917;
const server = await serve(PORT);
const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]);
/** The server process's CPU time (user + system) in ms, from /proc (clock ticks of 10 ms). */
const cpuMs = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const postJsonHere = async (path, body) => (await postJson(agent, PORT, path, body)).json;

const { answers: ANSWERS } = JSON.parse(
  readFileSync(new URL('../test/fixtures/person-answers.json', import.meta.url), 'utf8'),
);
const OPENING = "bonjour j'ai pas de secu et mal aux dents";
const question = (messages) => messages.filter((m) => m.kind === 'question').at(-1)?.question;

function stats(times, ms) {
  times.sort((a, b) => a - b);
  const at = (q) => +times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  return {
    turns: times.length,
    turnsPerSecond: Math.round(times.length / (ms / 1000)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

async function httpConversation(times) {
  const post = postJsonHere;
  let t = performance.now();
  const created = await post('/api/conversations', { locale: 'fr' });
  times.push(performance.now() - t);
  let text = OPENING;
  for (let i = 0; i < 8 && text; i += 1) {
    t = performance.now();
    const reply = await post(`/api/conversations/${created.id}/messages`, { text });
    times.push(performance.now() - t);
    const q = question(reply.messages);
    text = q === 'after' ? undefined : ANSWERS[q];
  }
}

async function httpPhase(concurrency, conversations) {
  const times = [];
  const cpuBefore = cpuMs();
  const begin = performance.now();
  let remaining = conversations;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining-- > 0) await httpConversation(times);
    }),
  );
  const result = stats(times, performance.now() - begin);
  return {
    concurrency,
    conversations,
    ...result,
    serverCpuMsPerTurn: +((cpuMs() - cpuBefore) / result.turns).toFixed(3),
  };
}
// Throughput with many clients, then latency with a few (below saturation, where queueing does not dominate).
await httpPhase(8, 200); // warm-up
const httpThroughput = await httpPhase(50, 1000);
const httpLatency = await httpPhase(4, 400);
let started;

// WebSocket: 1,000 concurrent conversations, each talking to the end.
const rssBefore = rssKb();
const wsTimes = [];
started = performance.now();
const sockets = await Promise.all(
  Array.from(
    { length: 1000 },
    () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${PORT}/ws`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      }),
  ),
);
const rssOpen = rssKb();
await Promise.all(
  sockets.map(
    (ws) =>
      new Promise((resolve) => {
        let sentAt = performance.now();
        let turns = 0;
        ws.on('message', (data) => {
          wsTimes.push(performance.now() - sentAt);
          const frame = JSON.parse(String(data));
          const q = frame.messages ? question(frame.messages) : undefined;
          const text = turns === 0 ? OPENING : q === 'after' ? undefined : ANSWERS[q];
          turns += 1;
          if (!text || turns > 9) return resolve();
          sentAt = performance.now();
          ws.send(JSON.stringify({ type: 'message', text }));
        });
        ws.send(JSON.stringify({ type: 'start', locale: 'fr' }));
      }),
  ),
);
const ws = stats(wsTimes, performance.now() - started);
const rssAfter = rssKb();
for (const socket of sockets) socket.close();
server.kill('SIGTERM');

const result = {
  date: new Date().toISOString(),
  node: process.version,
  httpThroughput: {
    ...httpThroughput,
    turnsPerServerCoreSecond: Math.round(1000 / httpThroughput.serverCpuMsPerTurn),
  },
  httpLatency,
  websocket: { conversations: 1000, concurrency: 1000, ...ws },
  serverRssMb: {
    beforeWebSocket: Math.round(rssBefore / 1024),
    with1000SocketsOpen: Math.round(rssOpen / 1024),
    after1000Conversations: Math.round(rssAfter / 1024),
  },
  memoryPerOpenConversationKb: +((rssAfter - rssBefore) / 1000).toFixed(1),
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(new URL('./results/web-load.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
