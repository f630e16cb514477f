/**
 * The web channel against a real started server (SQLite sessions in a temporary DATA_DIR): the happy
 * path, every bad input, a server restart in the middle of a conversation, and the WebSocket.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readConfig } from '../src/server/config.js';
import personAnswers from './fixtures/person-answers.json' with { type: 'json' };
import { startServer, type RunningServer } from '../src/server/start-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-web-'));
const config = { ...readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WARM_UP: '0' }).config };
let running: RunningServer;
let base: string;

async function start(): Promise<void> {
  running = await startServer(config, { log: () => undefined });
  base = `http://127.0.0.1:${running.port}`;
}

beforeAll(start, 60_000);
afterAll(() => running.close());

interface Message {
  kind: string;
  text: string;
  question?: string;
  choices?: { id: string; label: string }[];
  recommendations?: { type: string; name: string; phone?: string }[];
}

async function post(path: string, body: unknown, raw?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const say = async (id: string, text: string) => post(`/api/conversations/${id}/messages`, { text });
const lastQuestion = (json: Record<string, unknown>) =>
  (json.messages as Message[]).filter((m) => m.kind === 'question').at(-1)?.question;

describe('HTTP API', () => {
  it('answers /healthz when ready', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
  });

  it('runs a whole conversation to a recommendation with contact details', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastQuestion(created.json)).toBe('emergency');
    // A person who answers each question the bot asks, as they would.
    const { answers } = personAnswers as { answers: Record<string, string> };
    let reply = await say(id, "bonjour j'ai pas de sécu et j'ai mal aux dents, je suis à Dijon");
    let recommendation: Message | undefined;
    for (let turn = 0; turn < 8 && !recommendation; turn += 1) {
      expect(reply.status).toBe(200);
      recommendation = (reply.json.messages as Message[]).find((m) => m.recommendations);
      const question = lastQuestion(reply.json);
      if (!recommendation && question) reply = await say(id, answers[question] ?? 'je ne sais pas');
    }
    expect(recommendation?.recommendations?.map((r) => r.type)).toContain('pass');
    expect(recommendation?.recommendations?.every((r) => r.name.length > 2)).toBe(true);
  });

  it('serves the widget texts in each language and the demo page', async () => {
    for (const lang of ['fr', 'en', 'ar', 'fr-x-falc']) {
      const response = await fetch(`${base}/api/texts/${lang}`);
      expect([200, 404]).toContain(response.status); // 404 only until the widget texts exist
    }
    const page = await fetch(`${base}/`);
    expect([200, 404]).toContain(page.status);
  });

  it.each([
    [
      'unknown id',
      '/api/conversations/00000000-0000-4000-8000-000000000000/messages',
      { text: 'bonjour' },
      undefined,
      404,
      'unknown-conversation',
    ],
    [
      'an id that is not a UUID',
      '/api/conversations/abc/messages',
      { text: 'bonjour' },
      undefined,
      404,
      'unknown-conversation',
    ],
    ['malformed JSON', '/api/conversations', undefined, '{"locale": ', 400, 'invalid-json'],
    ['an invalid locale', '/api/conversations', { locale: 'de' }, undefined, 400, 'invalid-locale'],
  ])('rejects %s clearly', async (_name, path, body, raw, status, code) => {
    const response = await post(path, body, raw);
    expect(response.status).toBe(status);
    if (code) expect((response.json.error as { code: string }).code).toBe(code);
    expect(typeof (response.json.error as { message: string }).message).toBe('string');
  });

  it('rejects a missing, non-string or oversized text without touching the conversation', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    for (const [body, code] of [
      [{}, 'missing-text'],
      [{ text: 42 }, 'missing-text'],
      [{ text: 'x'.repeat(2001) }, 'text-too-long'],
    ] as const) {
      const response = await post(`/api/conversations/${id}/messages`, body);
      expect(response.status).toBe(400);
      expect((response.json.error as { code: string }).code).toBe(code);
    }
    const big = await post(
      `/api/conversations/${id}/messages`,
      undefined,
      JSON.stringify({ text: 'y'.repeat(40_000) }),
    );
    expect(big.status).toBe(400);
    const broken = await post(`/api/conversations/${id}/messages`, undefined, '{"text": "non"');
    expect(broken.status).toBe(400);
    // The conversation is where it was: the emergency question is still the one to answer.
    const next = await say(id, 'non');
    expect(next.status).toBe(200);
    expect(lastQuestion(next.json)).not.toBe('emergency');
  });

  it('applies concurrent messages on one conversation in order, none lost', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    const [a, b] = await Promise.all([say(id, 'non'), say(id, 'vaccin')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(lastQuestion(a.json)).toBe('need');
    expect(lastQuestion(b.json)).not.toBe('need');
  });

  it('keeps the conversation through a server restart', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    await say(id, 'non');
    await running.close();
    await start();
    const after = await say(id, 'dentiste');
    expect(after.status).toBe(200);
    expect(lastQuestion(after.json)).not.toBe('emergency');
    expect(lastQuestion(after.json)).not.toBe('need');
  }, 60_000);
});

function open(origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function next(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

describe('WebSocket /ws', () => {
  it('starts, talks and resumes a conversation bound by the server', async () => {
    const ws = await open();
    ws.send(JSON.stringify({ type: 'start', locale: 'en' }));
    const started = await next(ws);
    expect(started.type).toBe('conversation');
    const id = started.id as string;
    ws.send(JSON.stringify({ type: 'message', text: 'no' }));
    const reply = await next(ws);
    expect(reply.type).toBe('messages');
    ws.close();

    const again = await open();
    again.send(JSON.stringify({ type: 'resume', id }));
    const resumed = await next(again);
    expect(resumed).toMatchObject({ type: 'conversation', id });
    expect((resumed.messages as Message[]).at(-1)?.question).toBe('need');
    again.close();
  });

  it('refuses another origin and answers bad frames with an error', async () => {
    await expect(open('https://evil.example')).rejects.toThrow('403');
    const ws = await open(base);
    ws.send('not json');
    expect(await next(ws)).toMatchObject({ type: 'error', error: { code: 'invalid-json' } });
    ws.send(JSON.stringify({ type: 'message', text: 'hello' }));
    expect(await next(ws)).toMatchObject({ type: 'error', error: { code: 'no-conversation' } });
    ws.close();
  });

  it('closes a socket that sends an oversized frame', async () => {
    const ws = await open();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(20_000));
    expect(await closed).toBe(1009);
  });

  it('rate-limits a flood of messages', async () => {
    const ws = await open();
    const errors: string[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; error?: { code: string } };
      if (frame.error) errors.push(frame.error.code);
    });
    for (let i = 0; i < 30; i += 1) ws.send(JSON.stringify({ type: 'bogus' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors).toContain('rate-limited');
    ws.close();
  });
});

describe('resuming', () => {
  it('says the current question again over HTTP after a reload, and 404 for an unknown id', async () => {
    const created = await post('/api/conversations', { locale: 'fr' });
    const id = created.json.id as string;
    await say(id, 'non');
    const resumed = await fetch(`${base}/api/conversations/${id}`);
    expect(resumed.status).toBe(200);
    const json = (await resumed.json()) as Record<string, unknown>;
    expect(lastQuestion(json)).toBe('need');
    const unknown = await fetch(`${base}/api/conversations/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
  });

  it('binds a reconnected socket quietly, without repeating the question', async () => {
    const ws = await open();
    ws.send(JSON.stringify({ type: 'start', locale: 'fr' }));
    const started = await next(ws);
    ws.close();
    const again = await open();
    again.send(JSON.stringify({ type: 'resume', id: started.id, quiet: true }));
    expect(await next(again)).toMatchObject({ type: 'conversation', id: started.id, messages: [] });
    again.send(JSON.stringify({ type: 'message', text: 'non' }));
    expect(((await next(again)).messages as Message[]).at(-1)?.question).toBe('need');
    again.close();
  });
});
