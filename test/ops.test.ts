/**
 * Operations against real started servers (SQLite files in temporary DATA_DIRs): JSON log lines that carry
 * no phone number, no message text and no conversation id; `/metrics` behind its bearer token, moving with
 * the turns of every channel; `DELETE /api/conversations/:id`; and `aiguillage serve` as an orchestrator
 * stops it: SIGTERM lets the request in progress finish, refuses new connections, closes WebSockets with
 * 1001 and exits 0; a second signal exits at once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { hashPassword } from '../src/channels/staff/password-hash.js';
import { createOutboxSender } from '../src/channels/sms/sms-sender.js';
import type { ConversationService } from '../src/channels/conversation-service.js';
import { createApp } from '../src/server/app.js';
import { readConfig } from '../src/server/config.js';
import personAnswers from './fixtures/person-answers.json' with { type: 'json' };
import { createLogger, errorFields } from '../src/server/logger.js';
import { StoreUnavailableError } from '../src/sessions/session-store.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { createSqliteStore } from '../src/sessions/sqlite-store.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';
const PASSWORD = 'correct horse battery staple';
/** What a person might write or type: none of it may reach a log line or the metrics. */
const PHONE = '06 71 23 45 98';
const PHONE_DIGITS = '671234598';
const SMS_FROM = '+33698765412';
const FREE_TEXT = 'Je m appelle Philomène Quatrebarbes et j ai très mal aux dents';
const SMS_TEXT = 'Bonjour je suis Anatole Vercingétorix sans mutuelle';

const logs: string[] = [];
const outbox = createOutboxSender();
let running: RunningServer;
let base: string;

const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-ops-'));

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD, { logN: 10 });
  const { config, errors } = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WARM_UP: '0',
    // Every line, request lines included, is searched for personal data below.
    LOG_LEVEL: 'debug',
    METRICS_TOKEN,
    ALLOWED_ORIGINS: 'https://www.ville.example',
    STAFF_ACCOUNTS: `accueil:staff:${hash}`,
    // The SMS metrics below are fed by unsigned Twilio webhooks: the local-tries switch.
    SMS_ALLOW_UNSIGNED: '1',
  });
  expect(errors).toEqual([]);
  running = await startServer(config, { log: (line) => logs.push(line), smsSender: outbox });
  base = `http://127.0.0.1:${running.port}`;
}, 60_000);

afterAll(() => running?.close());

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

interface Message {
  kind: string;
  question?: string;
  recommendations?: { type: string }[];
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const { answers: ANSWERS } = personAnswers as { answers: Record<string, string> };

/** A web conversation over HTTP, from a free-text first message to an orientation; its id. */
async function webConversation(): Promise<{ id: string; types: string[] }> {
  const created = await post('/api/conversations', { locale: 'fr' });
  const id = created.json.id as string;
  let reply = await post(`/api/conversations/${id}/messages`, { text: `${FREE_TEXT}, à Dijon` });
  for (let turn = 0; turn < 10; turn += 1) {
    const messages = reply.json.messages as Message[];
    const found = messages.find((m) => m.recommendations?.length);
    if (found) return { id, types: found.recommendations?.map((r) => r.type) ?? [] };
    const question = messages.filter((m) => m.kind === 'question').at(-1)?.question ?? '';
    reply = await post(`/api/conversations/${id}/messages`, { text: ANSWERS[question] ?? 'je ne sais pas' });
  }
  throw new Error('no orientation after 10 turns');
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

async function scrape(token: string | null = METRICS_TOKEN) {
  const response = await fetch(`${base}/metrics`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

/** The sum of a metric's samples whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

async function staffSession(): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/staff/login`);
  const html = await form.text();
  const loginCsrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const loginCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const login = await fetch(`${base}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ name: 'accueil', password: PASSWORD, csrf: loginCsrf }).toString(),
  });
  expect(login.status).toBe(303);
  const cookie =
    login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c?.startsWith('aig_staff=')) ?? '';
  const session = (await (await fetch(`${base}/staff/api/session`, { headers: { cookie } })).json()) as {
    csrf: string;
  };
  return { cookie, csrf: session.csrf };
}

async function staffPost(session: { cookie: string; csrf: string }, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify(body),
  });
  return response.status;
}

// ── /metrics ────────────────────────────────────────────────────────────────────────────────────────

describe('/metrics', () => {
  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-the-metrics-token-at-all')).status).toBe(401);
    const basic = await fetch(`${base}/metrics`, {
      headers: { authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers Prometheus text with the token, with the process metrics', async () => {
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE aiguillage_turns_total counter');
    expect(text).toContain('# TYPE aiguillage_turn_duration_seconds histogram');
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(text, 'aiguillage_errors_total', { kind: 'http' })).toBe(0);
  });

  it('counts web turns, their latency and the orientation by service type', async () => {
    const before = (await scrape()).text;
    const { types } = await webConversation();
    const after = (await scrape()).text;
    const first = types[0] ?? '';
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('aiguillage_conversations_started_total', { channel: 'web' })).toBe(1);
    expect(delta('aiguillage_turns_total', { channel: 'web', outcome: 'orientation' })).toBe(1);
    expect(delta('aiguillage_turns_total', { channel: 'web', outcome: 'question' })).toBeGreaterThan(0);
    const turns = delta('aiguillage_turns_total', { channel: 'web' });
    expect(delta('aiguillage_turn_duration_seconds_count', { channel: 'web' })).toBe(turns);
    expect(delta('aiguillage_turn_duration_seconds_bucket', { channel: 'web', le: '+Inf' })).toBe(turns);
    expect(delta('aiguillage_orientations_total', { channel: 'web', first_type: first })).toBe(1);
    for (const type of new Set(types))
      expect(delta('aiguillage_recommendations_total', { channel: 'web', type })).toBe(
        types.filter((t) => t === type).length,
      );
    expect(
      delta('aiguillage_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/conversations/:id/messages',
        status: '200',
      }),
    ).toBe(turns);
  });

  it('counts WebSocket turns as ws, and the open sockets', async () => {
    const ws = await openSocket(`${base.replace('http', 'ws')}/ws`);
    ws.send(JSON.stringify({ type: 'start', locale: 'fr' }));
    await nextFrame(ws);
    const open = (await scrape()).text;
    expect(sample(open, 'aiguillage_websocket_connections')).toBe(1);
    ws.send(JSON.stringify({ type: 'message', text: FREE_TEXT }));
    await nextFrame(ws);
    const after = (await scrape()).text;
    expect(sample(after, 'aiguillage_turns_total', { channel: 'ws' })).toBe(1);
    expect(sample(after, 'aiguillage_conversations_started_total', { channel: 'ws' })).toBe(1);
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
    // The server sees the close a moment later: wait for the gauge rather than for a time.
    for (let i = 0; i < 100 && sample((await scrape()).text, 'aiguillage_websocket_connections') !== 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    expect(sample((await scrape()).text, 'aiguillage_websocket_connections')).toBe(0);
  });

  it('counts SMS turns, the SMS and their segments', async () => {
    const before = (await scrape()).text;
    const response = await fetch(`${base}/sms/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: SMS_FROM, MessageSid: 'SM-ops-1', Body: SMS_TEXT }).toString(),
    });
    expect(response.status).toBe(200);
    const twiml = await response.text();
    const bodies = [...twiml.matchAll(/<Message>/g)].length;
    // The same message again (a provider's retry): a duplicate, not a second turn.
    await fetch(`${base}/sms/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: SMS_FROM, MessageSid: 'SM-ops-1', Body: SMS_TEXT }).toString(),
    });
    const after = (await scrape()).text;
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('aiguillage_turns_total', { channel: 'sms', outcome: 'duplicate' })).toBe(1);
    expect(delta('aiguillage_turn_duration_seconds_count', { channel: 'sms' })).toBe(1);
    expect(delta('aiguillage_sms_sent_total', { via: 'twiml' })).toBe(bodies);
    expect(delta('aiguillage_sms_segments_sent_total', { via: 'twiml' })).toBeGreaterThanOrEqual(bodies);
  });

  it('counts the answer sent to a phone, and the staff triage and SMS', async () => {
    const { id } = await webConversation();
    const before = (await scrape()).text;
    expect((await post(`/api/conversations/${id}/sms`, { phone: PHONE })).status).toBe(202);
    const session = await staffSession();
    const situation = { rights: 'none', need: 'general-care', canWait: false, place: 'Chalon-sur-Saône' };
    expect(await staffPost(session, '/staff/api/triage', { situation, lang: 'fr' })).toBe(200);
    expect(await staffPost(session, '/staff/api/sms', { phone: PHONE, situation, lang: 'fr' })).toBe(202);
    expect(await staffPost(session, '/staff/api/done', { triageId: randomUUID(), situation })).toBe(204);
    const after = (await scrape()).text;
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('aiguillage_sms_sent_total', { via: 'custom' })).toBe(outbox.entries().length);
    expect(delta('aiguillage_sms_segments_sent_total', { via: 'custom' })).toBeGreaterThanOrEqual(
      outbox.entries().length,
    );
    expect(delta('aiguillage_turns_total', { channel: 'staff', outcome: 'orientation' })).toBe(1);
    expect(delta('aiguillage_orientations_total', { channel: 'staff', first_type: 'pass' })).toBe(1);
  });
});

// ── DELETE /api/conversations/:id ───────────────────────────────────────────────────────────────────

describe('DELETE /api/conversations/:id', () => {
  it('forgets the conversation: 204, then it is gone; again 204', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    expect((await fetch(`${base}/api/conversations/${id}`)).status).toBe(200);
    expect((await fetch(`${base}/api/conversations/${id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await fetch(`${base}/api/conversations/${id}`);
    expect(gone.status).toBe(404);
    expect((await post(`/api/conversations/${id}/messages`, { text: 'non' })).status).toBe(404);
    expect((await fetch(`${base}/api/conversations/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('leaves nothing of an erased conversation readable in any file of DATA_DIR (WAL included)', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    await post(`/api/conversations/${id}/messages`, { text: "je n'ai pas de sécu, j'ai mal aux dents" });
    const everything = () =>
      readdirSync(dataDir)
        .map((name) => join(dataDir, name))
        .filter((path) => statSync(path).isFile())
        .map((path) => readFileSync(path).toString('latin1'))
        .join('');
    expect(everything()).toContain(id);
    expect((await fetch(`${base}/api/conversations/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(everything()).not.toContain(id);
  });

  it('answers 400 to an id that is not a conversation id', async () => {
    const response = await fetch(`${base}/api/conversations/not-an-id`, { method: 'DELETE' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid-id');
  });

  it('allows DELETE from the sites allowed to embed the widget, and only from them', async () => {
    const id = randomUUID();
    const preflight = (origin: string) =>
      fetch(`${base}/api/conversations/${id}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'DELETE' },
      });
    const allowed = await preflight('https://www.ville.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.ville.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ── Logs ────────────────────────────────────────────────────────────────────────────────────────────

describe('logs', () => {
  it('are JSON lines with level, time and msg, the start line with the port and the store', () => {
    expect(logs.length).toBeGreaterThan(3);
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(typeof entry.level).toBe('number');
      expect(typeof entry.time).toBe('number');
      expect(typeof entry.msg).toBe('string');
    }
    const start = entries.find((e) => String(e.msg).startsWith('aiguillage listening'));
    expect(start).toMatchObject({ port: running.port, metrics: 'on' });
    expect(typeof start?.sessions).toBe('string');
    expect(start?.services).toBeGreaterThan(0);
    const requests = entries.filter((e) => e.msg === 'request');
    expect(requests.map((e) => e.route)).toContain('/api/conversations/:id/messages');
  });

  it('and the metrics carry no phone number, no message text, no conversation id', async () => {
    const { id } = await webConversation();
    const metrics = (await scrape()).text;
    const logged = logs.join('\n');
    for (const haystack of [logged, metrics]) {
      for (const secret of [PHONE, PHONE_DIGITS, SMS_FROM, SMS_FROM.slice(3), METRICS_TOKEN, PASSWORD, id])
        expect(haystack).not.toContain(secret);
      for (const text of [FREE_TEXT, SMS_TEXT]) {
        expect(haystack).not.toContain(text);
        for (const word of text.split(' ').filter((w) => w.length > 6)) expect(haystack).not.toContain(word);
      }
    }
  });

  it('redacts the usual personal fields should one slip into a log call', () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: (line) => lines.push(line) });
    logger.info(
      {
        phone: PHONE,
        text: FREE_TEXT,
        sms: { to: SMS_FROM, body: SMS_TEXT },
        req: { headers: { cookie: 'a=b' } },
      },
      'oops',
    );
    const line = lines.join('\n');
    for (const secret of [PHONE, FREE_TEXT, SMS_FROM, SMS_TEXT, 'a=b']) expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({ msg: 'oops', phone: '[redacted]' });
  });

  it.each([
    [new RangeError('hors limites'), 'RangeError'],
    [new StoreUnavailableError('redis down'), 'StoreUnavailableError'],
    ['a string', 'string'],
  ])('logs the type of what was thrown (%s)', (thrown, type) => {
    const lines: string[] = [];
    createLogger({ destination: (line) => lines.push(line) }).error(errorFields(thrown), 'failed');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ err: { type } });
  });
});

// ── /metrics off, /healthz while draining ───────────────────────────────────────────────────────────

describe('/healthz and a store that cannot write', () => {
  it('answers 503 "store-failing", naming the part, when the conversations cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiguillage-ops-full-'));
    const real = createSqliteStore(join(dir, 'sessions.sqlite'));
    const full = {
      ...real,
      put: async () => {
        throw new Error('database or disk is full');
      },
    };
    const { config } = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, WARM_UP: '0' });
    const server = await startServer(config, { log: () => undefined, store: full });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('store-failing');
      expect(body.error.message).toMatch(/^conversations: database or disk is full/);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('without METRICS_TOKEN, and while draining', () => {
  it('answers 404 to /metrics when no token is configured', async () => {
    const { config } = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-ops-off-')),
      WARM_UP: '0',
    });
    const off = await startServer(config, { log: () => undefined });
    try {
      const response = await fetch(`http://127.0.0.1:${off.port}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(404);
    } finally {
      await off.close();
    }
  }, 60_000);

  it('answers /healthz 503 "stopping" while draining, with Connection: close', async () => {
    const app = createApp({
      conversations: {} as ConversationService,
      translator: () => () => '',
      resources: {},
      publicDir: root,
      widgetFile: join(root, 'none.js'),
      isReady: () => true,
      isDraining: () => true,
      allowedOrigins: [],
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('stopping');
    expect(response.headers.get('connection')).toBe('close');
    await new Promise((resolve) => server.close(resolve));
  });
});

// ── `aiguillage serve` and its signals ──────────────────────────────────────────────────────────────

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: Record<string, unknown>[];
  port: number;
  /** Resolves with the first log line whose msg starts with `prefix`. */
  waitFor(prefix: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

async function serve(): Promise<Child> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-serve-')),
    WARM_UP: '0',
    SHUTDOWN_GRACE_MS: '60000',
  };
  const child = spawn(process.execPath, [join(root, 'bin', 'aiguillage.js'), 'serve'], { env, cwd: root });
  const lines: Record<string, unknown>[] = [];
  const waiting: { prefix: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, end)) as Record<string, unknown>;
      buffer = buffer.slice(end + 1);
      lines.push(line);
      for (const w of waiting.filter((w) => String(line.msg).startsWith(w.prefix))) w.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (prefix: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const seen = lines.find((line) => String(line.msg).startsWith(prefix));
      if (seen) resolve(seen);
      else waiting.push({ prefix, resolve });
    });
  const started = await Promise.race([waitFor('aiguillage listening'), exited.then(() => null)]);
  if (!started) throw new Error(`aiguillage serve did not start:\n${JSON.stringify(lines)}`);
  return { process: child, lines, port: Number(started.port), waitFor, exited };
}

/**
 * A request the server has begun (its headers are read, it answered 100 Continue) but whose body is not
 * sent yet: it is in progress until `finish` sends the body.
 */
function requestInProgress(port: number, body: string) {
  return new Promise<{ finish(): Promise<{ status: number; json: Record<string, unknown> }> }>(
    (resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/conversations',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      });
      const response = new Promise<{ status: number; json: Record<string, unknown> }>((done, fail) => {
        req.on('response', (res) => {
          let data = '';
          res.on('data', (chunk: Buffer) => (data += chunk.toString()));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, json: JSON.parse(data) as Record<string, unknown> }),
          );
        });
        req.on('error', fail);
      });
      // The second-signal test never reads it: its failure must not go unhandled.
      response.catch(() => undefined);
      req.on('error', reject);
      req.on('continue', () =>
        resolve({
          finish() {
            req.end(body);
            return response;
          },
        }),
      );
      req.flushHeaders();
    },
  );
}

describe('aiguillage serve', () => {
  it('on SIGTERM finishes the request in progress, refuses new ones, closes WebSockets with 1001, exits 0', async () => {
    const child = await serve();
    const url = `http://127.0.0.1:${child.port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ws = await openSocket(`ws://127.0.0.1:${child.port}/ws`);
    ws.send(JSON.stringify({ type: 'start', locale: 'fr' }));
    await nextFrame(ws);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const inProgress = await requestInProgress(child.port, JSON.stringify({ locale: 'fr' }));

    child.process.kill('SIGTERM');
    await child.waitFor('shutting down');
    expect(await closed).toBe(1001);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const finished = await inProgress.finish();
    expect(finished.status).toBe(201);
    expect(finished.json.id).toMatch(/^[0-9a-f-]{36}$/);

    expect(await child.exited).toBe(0);
    expect(child.lines.map((line) => line.msg)).toContain('stopped');
  }, 60_000);

  it('exits at once on a second signal', async () => {
    const child = await serve();
    const inProgress = await requestInProgress(child.port, JSON.stringify({ locale: 'fr' }));
    child.process.kill('SIGTERM');
    await child.waitFor('shutting down');
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(143);
    await expect(inProgress.finish()).rejects.toThrow();
  }, 60_000);
});
