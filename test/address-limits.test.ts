/**
 * Per-address limits and JSON-only POSTs (issue 15, point 9), against a real started server with SQLite: a
 * client past its allowance gets a clear 429 with Retry-After and the emergency number, over HTTP and over
 * the WebSocket; another address (through TRUST_PROXY) is not affected; a text/plain or form POST, which a
 * browser sends from any site without asking, creates nothing. Also the shapes an id may take (point 10).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addressOf, parseRate } from '../src/server/address-limits.js';
import { readConfig } from '../src/server/config.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import type { IncomingMessage } from 'node:http';

const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-limits-'));
const { config, errors } = readConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  WARM_UP: '0',
  TRUST_PROXY: 'loopback',
  LIMIT_CONVERSATIONS: '3/10m',
  LIMIT_MESSAGES: '4/10m',
  LIMIT_WEBSOCKETS: '2/10m',
});
let running: RunningServer;
let base: string;

beforeAll(async () => {
  running = await startServer(config, { log: () => undefined });
  base = `http://127.0.0.1:${running.port}`;
}, 60_000);
afterAll(() => running.close());

const post = async (path: string, from: string, body = '{}', type = 'application/json') => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-forwarded-for': from },
    body,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    json: (await response.json()) as { id?: string; error?: { code: string; message: string } },
  };
};

describe('settings', () => {
  it('reads the limits from the environment and refuses a malformed one', () => {
    expect(errors).toEqual([]);
    expect(config.addressLimits.conversations).toEqual({ max: 3, windowMs: 600_000 });
    expect(readConfig({ LIMIT_MESSAGES: 'beaucoup' }).errors[0]).toMatch(/LIMIT_MESSAGES.*60\/10m/);
  });

  it.each([
    ['60/10m', { max: 60, windowMs: 600_000 }],
    ['5/30s', { max: 5, windowMs: 30_000 }],
    ['100/1h', { max: 100, windowMs: 3_600_000 }],
    ['0/1m', null],
    ['10 per minute', null],
  ])('parses %s', (text, rate) => expect(parseRate(text)).toEqual(rate));
});

describe('conversation creation from one address', () => {
  it('is refused past the limit with 429, Retry-After and the emergency number; other addresses go on', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await post('/api/conversations', '203.0.113.10'));
    expect(statuses.map((s) => s.status)).toEqual([201, 201, 201, 429, 429]);
    const refused = statuses[3];
    expect(refused?.json.error?.code).toBe('too-many-requests');
    expect(refused?.json.error?.message).toMatch(/15 \(or 112\)/);
    expect(Number(refused?.retryAfter)).toBe(600);
    expect((await post('/api/conversations', '203.0.113.11')).status).toBe(201);
  });

  it('counts concurrent requests exactly (the limit is taken atomically)', async () => {
    const all = await Promise.all(
      Array.from({ length: 12 }, () => post('/api/conversations', '203.0.113.12')),
    );
    expect(all.filter((r) => r.status === 201)).toHaveLength(3);
  });
});

describe('messages from one address', () => {
  it('are refused past the limit, and what the person wrote is not taken', async () => {
    const created = await post('/api/conversations', '203.0.113.20');
    const id = created.json.id ?? '';
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(await post(`/api/conversations/${id}/messages`, '203.0.113.20', '{"text":"non"}'));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 429]);
    expect(results[4]?.json.error?.code).toBe('too-many-requests');
  });
});

describe('POST bodies', () => {
  it.each([
    ['text/plain', '{"locale":"fr"}'],
    ['application/x-www-form-urlencoded', 'locale=fr'],
  ])('a %s POST, which needs no CORS preflight, creates no conversation (415)', async (type, body) => {
    const response = await post('/api/conversations', '203.0.113.30', body, type);
    expect(response.status).toBe(415);
    expect(response.json.error?.code).toBe('json-required');
  });

  it('a POST without a body is refused too', async () => {
    const response = await fetch(`${base}/api/conversations`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.31' },
    });
    expect(response.status).toBe(415);
  });
});

/** Opens a socket from an address; resolves with it, or with the HTTP status that refused it. */
function connect(from: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.port}/ws`, { headers: { 'x-forwarded-for': from } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
  });
}

function next(
  ws: WebSocket,
): Promise<{ type: string; id?: string; error?: { code: string; message: string } }> {
  return new Promise((resolve) => ws.once('message', (raw) => resolve(JSON.parse(String(raw)))));
}

describe('the WebSocket', () => {
  it('refuses a third socket from one address with 429; another address connects', async () => {
    const first = await connect('203.0.113.40');
    const second = await connect('203.0.113.40');
    expect(await connect('203.0.113.40')).toBe(429);
    const other = await connect('203.0.113.41');
    expect(other).toBeInstanceOf(WebSocket);
    for (const ws of [first, second, other]) if (ws instanceof WebSocket) ws.close();
  });

  it('counts conversations started over a socket with those started over HTTP', async () => {
    for (let i = 0; i < 3; i++) await post('/api/conversations', '203.0.113.50');
    const ws = await connect('203.0.113.50');
    if (!(ws instanceof WebSocket)) throw new Error(`refused: ${ws}`);
    const reply = next(ws);
    ws.send(JSON.stringify({ type: 'start' }));
    const frame = await reply;
    expect(frame.type).toBe('error');
    expect(frame.error?.code).toBe('too-many-requests');
    expect(frame.error?.message).toMatch(/15/);
    ws.close();
  });

  it.each([
    ['an SMS conversation key', 'sms:Qk9Hb2xkZXJLZXk'],
    ['a 15,000-character string', 'a'.repeat(15_000)],
    ['an id in capitals', 'ABCDEF01-2345-6789-ABCD-EF0123456789'],
  ])('resume with %s starts a new conversation instead', async (_what, id) => {
    const ws = await connect(`203.0.113.${60 + (id.length % 100)}`);
    if (!(ws instanceof WebSocket)) throw new Error(`refused: ${ws}`);
    const reply = next(ws);
    ws.send(JSON.stringify({ type: 'resume', id }));
    const frame = await reply;
    expect(frame.type).toBe('conversation');
    expect(frame.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(frame.id).not.toBe(id);
    ws.close();
  });
});

describe('the client address behind a proxy', () => {
  const request = (remote: string, forwarded?: string) =>
    ({
      socket: { remoteAddress: remote },
      headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    }) as unknown as IncomingMessage;
  const loopback = (address: string) => address === '127.0.0.1';

  it.each([
    ['no proxy header', request('198.51.100.1'), '198.51.100.1'],
    ['a trusted proxy', request('127.0.0.1', '198.51.100.2'), '198.51.100.2'],
    ['an untrusted peer that sends the header', request('198.51.100.3', '1.2.3.4'), '198.51.100.3'],
    [
      'a forged header behind the trusted proxy',
      request('127.0.0.1', '1.2.3.4, 198.51.100.5'),
      '198.51.100.5',
    ],
  ])('%s', (_what, req, expected) => expect(addressOf(req, loopback)).toBe(expected));
});
