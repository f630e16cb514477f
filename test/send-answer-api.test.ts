/**
 * "Send to my phone" over HTTP against real started servers (SQLite files in temporary DATA_DIRs): GET
 * /api/features and POST /api/conversations/:id/sms with every answer it can give (202, 400, 404, 409, 429,
 * 502, 503), CORS, and afterwards no phone number anywhere in DATA_DIR's files or in the logs.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSender, type SmsSender } from '../src/channels/sms/sms-sender.js';
import { testConfig } from './support/test-server.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';

const ALLOWED = 'https://www.ville.fr';
const outbox = createOutboxSender();
let failing = false;
/** The outbox, or a provider that is down. */
const sender: SmsSender = {
  send: (to, bodies) => (failing ? Promise.reject(new Error('provider down')) : outbox.send(to, bodies)),
};

const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-send-answer-'));
const bareDataDir = mkdtempSync(join(tmpdir(), 'aiguillage-send-answer-bare-'));
const logs: string[] = [];
let withSms: RunningServer;
let withoutSms: RunningServer;

const env = (dir: string, extra: Record<string, string> = {}) =>
  testConfig('send-answer', { ...extra, DATA_DIR: dir }).config;

beforeAll(async () => {
  withSms = await startServer(env(dataDir, { ALLOWED_ORIGINS: ALLOWED }), {
    log: (line) => logs.push(line),
    smsSender: sender,
  });
  // The default configuration without any SMS variable: no provider, no sending.
  withoutSms = await startServer(env(bareDataDir), { log: (line) => logs.push(line) });
}, 60_000);

afterAll(async () => {
  await withSms?.close();
  await withoutSms?.close();
});

beforeEach(() => {
  outbox.clear();
  failing = false;
});

const url = (server: RunningServer, path: string) => `http://127.0.0.1:${server.port}${path}`;

async function post(
  server: RunningServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url(server, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Reply };
}

interface Reply {
  id?: string;
  messages?: { recommendations?: unknown[] }[];
  sent?: boolean;
  sms?: number;
  error?: { code: string; message: string };
}

/** The last 9 digits of every number sent in this file, to look for them in files and logs afterwards. */
const typed = new Set<string>();
function sms(id: string, phone: unknown, server = withSms) {
  const digits = typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
  if (digits.length >= 9) typed.add(digits.slice(-9));
  return post(server, `/api/conversations/${id}/sms`, { phone });
}

/** A French conversation taken to its answer (PASS and Assurance Maladie), as a person would. */
async function answered(server = withSms): Promise<string> {
  const created = await post(server, '/api/conversations', { locale: 'fr' });
  const id = created.json.id ?? '';
  await post(server, `/api/conversations/${id}/messages`, {
    text: "bonjour j'ai pas de sécu et j'ai mal aux dents, je suis à Dijon",
  });
  const reply = await post(server, `/api/conversations/${id}/messages`, { text: 'non' });
  expect(reply.json.messages?.some((m) => m.recommendations?.length)).toBe(true);
  return id;
}

const UNKNOWN = '3f0c1d2e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

describe('GET /api/features', () => {
  it('says whether this installation can send SMS, to any site', async () => {
    const response = await fetch(url(withSms, '/api/features'), { headers: { origin: 'https://other.org' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ sendSms: true });
    const bare = await fetch(url(withoutSms, '/api/features'));
    expect(await bare.json()).toEqual({ sendSms: false });
  });

  it('SMS_OUTBOX=1 gives an in-memory outbox when no provider is configured', async () => {
    const dev = await startServer(
      env(mkdtempSync(join(tmpdir(), 'aiguillage-send-answer-outbox-')), { SMS_OUTBOX: '1' }),
      {
        log: () => undefined,
      },
    );
    try {
      expect(await (await fetch(url(dev, '/api/features'))).json()).toEqual({ sendSms: true });
      const id = await answered(dev);
      expect((await sms(id, '06 12 34 56 78', dev)).status).toBe(202);
    } finally {
      await dev.close();
    }
  });
});

describe('POST /api/conversations/:id/sms', () => {
  it('202: re-renders the answer the conversation reached and sends it to the number', async () => {
    const id = await answered();
    const sent = await sms(id, '06 12 34 56 78');
    expect(sent.status).toBe(202);
    expect(sent.json).toEqual({ sent: true, sms: expect.any(Number) });
    const entries = outbox.entries();
    expect(entries.length).toBe(sent.json.sms);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.to === '+33612345678')).toBe(true);
    const text = entries.map((e) => e.body).join('\n');
    expect(text).toContain('PASS');
    expect(text).toContain('Assurance Maladie');
    // An overseas mobile (Guadeloupe), written the international way.
    expect((await sms(id, '+590 690 12 34 56')).status).toBe(202);
    expect(outbox.entries().at(-1)?.to).toBe('+590690123456');
  });

  it('400 invalid-phone: landlines, foreign numbers, garbage, a missing or non-string phone; nothing sent', async () => {
    const id = await answered();
    for (const phone of [
      '01 23 45 67 89',
      '+44 7700 900123',
      '0612',
      'bonjour',
      '',
      612345678,
      null,
      'x'.repeat(41),
    ]) {
      const response = await sms(id, phone);
      expect(response.status, String(phone)).toBe(400);
      expect(response.json.error?.code).toBe('invalid-phone');
      expect(response.json.error?.message).toEqual(expect.any(String));
    }
    const missing = await post(withSms, `/api/conversations/${id}/sms`, {});
    expect([missing.status, missing.json.error?.code]).toEqual([400, 'invalid-phone']);
    const broken = await post(withSms, `/api/conversations/${id}/sms`, '{"phone":');
    expect([broken.status, broken.json.error?.code]).toEqual([400, 'invalid-json']);
    expect(outbox.entries()).toEqual([]);
    // Refused numbers do not use up the conversation's sends.
    for (let i = 0; i < 3; i += 1) expect((await sms(id, '07 12 34 56 78')).status).toBe(202);
  });

  it('404 unknown-conversation: an unknown or malformed id', async () => {
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      const response = await sms(id, '06 12 34 56 78');
      expect([response.status, response.json.error?.code]).toEqual([404, 'unknown-conversation']);
    }
    expect(outbox.entries()).toEqual([]);
  });

  it('409 no-answer-yet: before the answer, and once the person starts on another need', async () => {
    const created = await post(withSms, '/api/conversations', { locale: 'fr' });
    const early = await sms(created.json.id ?? '', '06 12 34 56 78');
    expect([early.status, early.json.error?.code]).toEqual([409, 'no-answer-yet']);
    const id = await answered();
    await post(withSms, `/api/conversations/${id}/messages`, { text: "J'ai un autre besoin" });
    const moved = await sms(id, '06 12 34 56 78');
    expect([moved.status, moved.json.error?.code]).toEqual([409, 'no-answer-yet']);
    expect(outbox.entries()).toEqual([]);
  });

  it('429 too-many: 3 sends per conversation, 5 per number per day', async () => {
    const first = await answered();
    for (let i = 0; i < 3; i += 1) expect((await sms(first, `06 11 22 33 4${i}`)).status).toBe(202);
    const fourth = await sms(first, '06 11 22 33 49');
    expect([fourth.status, fourth.json.error?.code]).toEqual([429, 'too-many']);

    // One number, from two conversations: the sixth send of the day is refused, another number is not.
    const [a, b] = [await answered(), await answered()];
    for (let i = 0; i < 3; i += 1) expect((await sms(a, '06 22 33 44 55')).status).toBe(202);
    for (let i = 0; i < 2; i += 1) expect((await sms(b, '+33 6 22 33 44 55')).status).toBe(202);
    const sixth = await sms(b, '0622334455');
    expect([sixth.status, sixth.json.error?.code]).toEqual([429, 'too-many']);
    expect((await sms(b, '06 11 22 33 44')).status).toBe(202);
    expect(new Set(outbox.entries().map((e) => e.to)).has('+33622334455')).toBe(true);
  });

  it('502 sms-failed when the provider gives up; a failed send is not counted', async () => {
    const id = await answered();
    failing = true;
    for (let i = 0; i < 3; i += 1) {
      const response = await sms(id, '06 98 76 54 32');
      expect([response.status, response.json.error?.code]).toEqual([502, 'sms-failed']);
    }
    failing = false;
    expect((await sms(id, '06 98 76 54 32')).status).toBe(202);
  });

  it('503 sms-unavailable when the installation has no SMS provider', async () => {
    const id = await answered(withoutSms);
    const response = await sms(id, '06 12 34 56 78', withoutSms);
    expect([response.status, response.json.error?.code]).toEqual([503, 'sms-unavailable']);
    const unknown = await sms(UNKNOWN, '06 12 34 56 78', withoutSms);
    expect(unknown.status).toBe(503);
  });

  it('answers CORS preflights for the allowed sites only', async () => {
    const preflight = (origin: string) =>
      fetch(url(withSms, `/api/conversations/${UNKNOWN}/sms`), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const id = await answered();
    const sent = await post(
      withSms,
      `/api/conversations/${id}/sms`,
      { phone: '06 12 34 56 78' },
      { origin: ALLOWED },
    );
    expect(sent.status).toBe(202);
    expect(sent.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });
});

describe('privacy', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  }

  it('keeps no phone number in DATA_DIR files (SQLite, WAL, secrets) or in the logs', async () => {
    const id = await answered();
    expect((await sms(id, '06 12 34 56 78')).status).toBe(202);
    const found: string[] = [];
    for (const file of [...files(dataDir), ...files(bareDataDir)]) {
      // Digits as they could be stored: bare, with +33 or 0, or spaced as typed; UTF-8 and UTF-16.
      const bytes = readFileSync(file);
      const latin = bytes.toString('latin1');
      const utf16 = bytes.toString('utf16le');
      for (const number of typed) {
        const spaced = `${number[0]} ${number.slice(1).replace(/(\d\d)(?=\d)/g, '$1 ')}`;
        for (const form of [number, spaced]) {
          if (latin.includes(form) || utf16.includes(form)) found.push(`${file}: ${form}`);
        }
      }
    }
    expect(found).toEqual([]);
    expect(files(dataDir).length).toBeGreaterThan(0);
    const logged = logs.join('\n');
    expect(typed.size).toBeGreaterThan(5);
    for (const number of typed) expect(logged).not.toContain(number);
  });
});
