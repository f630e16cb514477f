// Several instances on Redis against one on SQLite, same client, same run: turns per second and latency
// over HTTP with 1, 2 and 3 `aiguillage serve` processes sharing one real redis-server (Debian package),
// balanced round-robin per turn (the worst case: every turn of a conversation on another instance), and
// Redis round trips per turn, read from the server's own command counter. Bounded and self-stopping.
// This machine has 2 shared cores for the client, Redis and every instance: the scaling ratio says how
// much the shared store costs, not what more cores would give.
// Run after `npm run build`: node bench/scale-redis.js [--record]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { postForm, postJson } from './http.js';
import { serve } from './serve.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLIENTS = 48;
const REDIS_PORT = 6391;
const FIRST_PORT = 3931;

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'aiguillage-bench-redis-'));
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const client = new Redis({ port: REDIS_PORT, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await new Promise((resolve) => client.once('ready', resolve));
  return { child, client };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const postJsonTo = (port, path, body) => postJson(agent, port, path, body);

// Toothache without coverage in Lille: start, then 4 answers to the orientation, then "Terminer".
const ANSWERS = ['non', '7', '5', '59000', '4'];

async function run(ports) {
  const latencies = [];
  let turns = 0;
  let failures = 0;
  let next = 0;
  const port = () => ports[next++ % ports.length];
  const until = performance.now() + SECONDS * 1000;
  async function client() {
    while (performance.now() < until) {
      let t0 = performance.now();
      const started = await postJsonTo(port(), '/api/conversations', { locale: 'fr' });
      latencies.push(performance.now() - t0);
      turns += 1;
      if (started.status !== 201) failures += 1;
      for (const text of ANSWERS) {
        t0 = performance.now();
        const reply = await postJsonTo(port(), `/api/conversations/${started.json.id}/messages`, { text });
        latencies.push(performance.now() - t0);
        turns += 1;
        if (reply.status !== 200) failures += 1;
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  return {
    instances: ports.length,
    turns,
    failures,
    turnsPerSecond: Math.round(turns / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/**
 * Round trips to Redis per turn, web and SMS, from Redis's MONITOR: every command a client sent, leaving out
 * those a Lua script ran inside Redis (one EVALSHA is one round trip, whatever it does inside).
 */
async function countRoundTrips(port) {
  const monitor = await redis.monitor();
  let trips = 0;
  monitor.on('monitor', (_time, _args, source) => {
    if (source !== 'lua') trips += 1;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const count = async (work) => {
    const start = trips;
    const turns = await work();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return Number(((trips - start) / turns).toFixed(2));
  };
  const web = await count(async () => {
    let turns = 0;
    for (let i = 0; i < 20; i += 1) {
      const started = await postJsonTo(port, '/api/conversations', { locale: 'fr' });
      turns += 1;
      for (const text of ANSWERS) {
        await postJsonTo(port, `/api/conversations/${started.json.id}/messages`, { text });
        turns += 1;
      }
    }
    return turns;
  });
  const sms = await count(async () => {
    let turns = 0;
    for (let i = 0; i < 20; i += 1) {
      for (const [j, text] of ['bonjour', ...ANSWERS].entries()) {
        await postForm(agent, port, '/sms/twilio', {
          From: `+336120000${String(i).padStart(2, '0')}`,
          MessageSid: `SMb${i}-${j}`,
          Body: text,
        });
        turns += 1;
      }
    }
    return turns;
  });
  monitor.disconnect();
  return { webTurn: web, smsTurn: sms };
}

let roundTrips = null;
const env = { WARM_UP: '0', LOG_LEVEL: 'warn' };
const { child: redisChild, client: redis } = await startRedis();
const results = [];
try {
  {
    const server = await serve(FIRST_PORT, env);
    results.push({ store: 'sqlite', ...(await run([FIRST_PORT])) });
    server.kill();
  }
  for (const count of [1, 2, 3]) {
    const ports = Array.from({ length: count }, (_, i) => FIRST_PORT + 1 + i);
    const servers = await Promise.all(
      ports.map((p) => serve(p, { ...env, REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` })),
    );
    await redis.flushall();
    results.push({ store: 'redis', ...(await run(ports)) });
    if (count === 1) roundTrips = await countRoundTrips(ports[0]);
    for (const server of servers) server.kill();
  }
} finally {
  redis.disconnect();
  redisChild.kill();
  agent.destroy();
}

const sqlite = results[0].turnsPerSecond;
const result = {
  date: new Date().toISOString().slice(0, 10),
  machine: '2 shared cores; client, Redis and every instance on them',
  seconds: SECONDS,
  clients: CLIENTS,
  runs: results.map((r) => ({ ...r, ratioToSqlite: Number((r.turnsPerSecond / sqlite).toFixed(2)) })),
  redisRoundTripsPerTurn: roundTrips,
};
console.log(JSON.stringify(result, null, 2));
if (process.argv.includes('--record'))
  writeFileSync(
    new URL('./results/scale-redis.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
