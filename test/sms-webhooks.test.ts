/**
 * The SMS webhooks against a real started server (SQLite files in a temporary DATA_DIR): Twilio-format
 * requests with correct, wrong and missing signatures; whole conversations in French, English and Arabic
 * within the SMS budget; duplicates; STOP and START; SMS Gateway for Android webhooks with correct and
 * wrong HMAC and stale timestamps, replying through a local fake gateway that fails twice first. Then the
 * files and the logs are searched for the numbers and the texts sent: none may be there.
 */
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewaySignature } from '../src/channels/sms/android-gateway.js';
import { measure } from '../src/channels/sms/segments.js';
import { twilioSignature } from '../src/channels/sms/twilio.js';
import { readConfig } from '../src/server/config.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';

const TOKEN = 'twilio-test-auth-token';
const KEY = 'gateway-signing-key';
const PUBLIC_URL = 'https://aiguillage.example.org';
const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-sms-'));
const logs: string[] = [];
let running: RunningServer;
let base: string;

// A local stand-in for the phone running SMS Gateway for Android: fails twice, then accepts.
const gatewayReceived: { to: string; text: string }[] = [];
let gatewayCalls = 0;
let gateway: Server;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      gatewayCalls += 1;
      if (gatewayCalls <= 2) return void res.writeHead(500).end();
      const body = JSON.parse(data) as { textMessage: { text: string }; phoneNumbers: string[] };
      gatewayReceived.push({ to: body.phoneNumbers[0] ?? '', text: body.textMessage.text });
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  const { config, errors } = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    WARM_UP: '0',
    PUBLIC_URL,
    TWILIO_AUTH_TOKEN: TOKEN,
    ANDROID_GATEWAY_URL: gatewayUrl,
    ANDROID_GATEWAY_USERNAME: 'sms',
    ANDROID_GATEWAY_PASSWORD: 'password',
    ANDROID_GATEWAY_SIGNING_KEY: KEY,
  });
  expect(errors).toEqual([]);
  running = await startServer(config, { log: (line) => logs.push(line) });
  base = `http://127.0.0.1:${running.port}`;
}, 60_000);

afterAll(async () => {
  await running.close();
  gateway.close();
});

// ---------------------------------------------------------------------------------------------------
// Twilio

let sid = 0;
const sent: string[] = []; // every number and text sent, to look for them afterwards

async function twilio(
  from: string,
  body: string,
  options: { sid?: string; signature?: string | null; media?: number } = {},
) {
  const params: Record<string, string> = {
    ToCountry: 'FR',
    To: '+33644000000',
    From: from,
    Body: body,
    MessageSid: options.sid ?? `SM${String((sid += 1)).padStart(32, '0')}`,
    AccountSid: 'AC00000000000000000000000000000000',
    NumMedia: String(options.media ?? 0),
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
  sent.push(from, body);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signature =
    options.signature === undefined
      ? twilioSignature(TOKEN, `${PUBLIC_URL}/sms/twilio`, params)
      : options.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(`${base}/sms/twilio`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  const bodies = [...text.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, bodies };
}

/** A person answering what the bot asks, as a basic phone user would, until the recommendation. */
async function converse(from: string, lines: string[]) {
  const all: string[] = [];
  for (const line of lines) {
    const reply = await twilio(from, line);
    expect(reply.status).toBe(200);
    all.push(...reply.bodies);
  }
  return all;
}

function expectWithinBudget(bodies: readonly string[], encoding: 'GSM-7' | 'UCS-2') {
  for (const body of bodies) {
    const m = measure(body);
    expect(m.encoding, body).toBe(encoding);
    expect(m.segments, body).toBeLessThanOrEqual(3);
  }
}

describe('Twilio webhook', () => {
  it('answers a signed message with TwiML, one <Message> per SMS', async () => {
    const reply = await twilio('+33611111111', 'bonjour');
    expect(reply.status).toBe(200);
    expect(reply.type).toMatch(/text\/xml/);
    expect(reply.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    expect(reply.bodies.length).toBeGreaterThan(0);
  });

  it.each([
    ['a missing signature', null],
    ['a wrong signature', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a signature of other parameters', twilioSignature(TOKEN, `${PUBLIC_URL}/sms/twilio`, { Body: 'x' })],
    ['a signature made with another token', twilioSignature('other', `${PUBLIC_URL}/sms/twilio`, {})],
  ])('refuses %s with 403 and processes nothing', async (_name, signature) => {
    const from = '+33622222222';
    const refused = await twilio(from, 'STOP', { signature });
    expect(refused.status).toBe(403);
    expect(refused.bodies).toEqual([]);
    // Had STOP been processed, this number would now get no answer.
    const next = await twilio(from, 'bonjour');
    expect(next.bodies.length).toBeGreaterThan(0);
  });

  it('refuses a request that is not an incoming message', async () => {
    const params = { AccountSid: 'AC1' };
    const response = await fetch(`${base}/sms/twilio`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}/sms/twilio`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(400);
  });

  it('takes a French speaker to a dentist-or-PASS answer in a few GSM-7 messages', async () => {
    const bodies = await converse('+33633333333', [
      'bonjour',
      '2',
      "j'ai mal aux dents",
      '5',
      'Chalon-sur-Saône',
    ]);
    expectWithinBudget(bodies, 'GSM-7');
    const last = bodies.join('\n');
    expect(last).toMatch(/PASS/);
    expect(bodies.length).toBeLessThanOrEqual(12);
  });

  it('holds an English conversation in GSM-7', async () => {
    const bodies = await converse('+447700900123', [
      'Hello, I have a toothache and no insurance',
      'no',
      'Chalon-sur-Saône',
    ]);
    expectWithinBudget(bodies, 'GSM-7');
    expect(bodies.join('\n')).toMatch(/PASS/);
  });

  it('holds an Arabic conversation in UCS-2 within the segment budget', async () => {
    const bodies = await converse('+33644444444', ['مرحبا', 'لا', 'أسنان', 'لا شيء', 'Chalon-sur-Saône']);
    expectWithinBudget(bodies, 'UCS-2');
    expect(bodies.join('\n')).toMatch(/PASS/);
  });

  it('answers a retried webhook with nothing, and the conversation does not move', async () => {
    const from = '+33655555555';
    await twilio(from, 'bonjour');
    const first = await twilio(from, 'non', { sid: 'SMretried000000000000000000000001' });
    const retry = await twilio(from, 'non', { sid: 'SMretried000000000000000000000001' });
    expect(first.bodies.length).toBeGreaterThan(0);
    expect(retry.status).toBe(200);
    expect(retry.bodies).toEqual([]);
    // The next real answer is taken as the answer to the question asked after "non".
    const next = await twilio(from, 'dents');
    expect(next.bodies.join('\n')).not.toEqual(first.bodies.join('\n'));
  });

  it('STOP: one confirmation, then silence whatever is sent, until START', async () => {
    const from = '+33666666666';
    await twilio(from, 'bonjour');
    const stop = await twilio(from, 'STOP');
    expect(stop.bodies).toHaveLength(1);
    expect(stop.bodies[0]).toMatch(/START/);
    for (const text of ['bonjour', 'STOP', '1', 'aide'])
      expect((await twilio(from, text)).bodies).toEqual([]);
    const start = await twilio(from, 'START');
    expect(start.bodies.length).toBeGreaterThan(0);
    expect((await twilio(from, 'non')).bodies.length).toBeGreaterThan(0);
  });

  it('answers AIDE with what the service is, its cost and privacy', async () => {
    const from = '+33677777777';
    await twilio(from, 'bonjour');
    const help = await twilio(from, 'AIDE');
    expectWithinBudget(help.bodies, 'GSM-7');
    expect(help.bodies.join('\n')).toMatch(/gratuit/i);
    expect(help.bodies.join('\n')).toMatch(/STOP/);
  });

  it.each([
    ['an empty message', '', 0],
    ['a picture only', '', 1],
    ['emoji only', '🙏🙏', 0],
    ['10 kB of text', 'je ne sais pas '.repeat(700), 0],
    ['Arabic in a French conversation', 'لا أعرف', 0],
  ])('answers %s clearly', async (_name, body, media) => {
    const from = '+33688888888';
    await twilio(from, 'bonjour');
    const reply = await twilio(from, body, { media });
    expect(reply.status).toBe(200);
    expect(reply.bodies.length).toBeGreaterThan(0);
    for (const sms of reply.bodies) expect(measure(sms).segments).toBeLessThanOrEqual(3);
  });
});

// ---------------------------------------------------------------------------------------------------
// SMS Gateway for Android

let eventId = 0;
async function gatewayWebhook(
  from: string,
  message: string,
  options: { key?: string; timestamp?: number; raw?: string; id?: string } = {},
) {
  const id = options.id ?? `evt-${(eventId += 1)}`;
  sent.push(from, message);
  const raw =
    options.raw ??
    JSON.stringify({
      deviceId: 'device-1',
      event: 'sms:received',
      id,
      payload: {
        messageId: `msg-${id}`,
        message,
        phoneNumber: from,
        simNumber: 1,
        receivedAt: new Date().toISOString(),
      },
      webhookId: 'webhook-1',
    });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const response = await fetch(`${base}/sms/android-gateway`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-timestamp': timestamp,
      'x-signature': gatewaySignature(options.key ?? KEY, raw, timestamp),
    },
    body: raw,
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

async function until(condition: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SMS Gateway for Android webhook', () => {
  it('acknowledges at once, and the reply reaches the phone through the gateway after two failures', async () => {
    const ack = await gatewayWebhook('+33699999999', 'bonjour');
    expect(ack.status).toBe(200);
    // Acknowledged before the reply got through (it needs two retries, 0.5 s then 1 s apart): the webhook
    // does not wait for the sending.
    expect(gatewayReceived).toHaveLength(0);
    await until(() => gatewayReceived.length > 0);
    expect(gatewayCalls).toBeGreaterThanOrEqual(3);
    expect(gatewayReceived[0]?.to).toBe('+33699999999');
    expectWithinBudget(
      gatewayReceived.map((r) => r.text),
      'GSM-7',
    );
  }, 15_000);

  it('sends one answer for a webhook delivered twice', async () => {
    const before = gatewayReceived.length;
    const first = await gatewayWebhook('+33699999999', 'non', { id: 'evt-twice' });
    await until(() => gatewayReceived.length > before);
    const afterFirst = gatewayReceived.length;
    const again = await gatewayWebhook('+33699999999', 'non', { id: 'evt-twice' });
    expect([first.status, again.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    expect(gatewayReceived.length).toBe(afterFirst);
  });

  it.each([
    ['a wrong key', { key: 'not-the-key' }],
    ['a stale timestamp (10 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ['a timestamp from the future (10 minutes ahead)', { timestamp: Math.floor(Date.now() / 1000) + 600 }],
  ])('refuses %s with 403', async (_name, options) => {
    const before = gatewayReceived.length;
    const response = await gatewayWebhook('+33698989898', 'STOP', options);
    expect(response.status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(gatewayReceived.length).toBe(before);
  });

  it('refuses a signed body that is not JSON, and acknowledges other events', async () => {
    expect((await gatewayWebhook('+33600000000', '', { raw: '{"event": ' })).status).toBe(400);
    const other = await gatewayWebhook('+33600000000', '', { raw: '{"event":"sms:delivered","payload":{}}' });
    expect(other.status).toBe(200);
  });
});

describe('webhooks closed by default', () => {
  const start = async (env: Record<string, string>) => {
    const { config, errors } = readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-closed-')),
      WARM_UP: '0',
      ...env,
    });
    expect(errors).toEqual([]);
    const lines: string[] = [];
    const server = await startServer(config, { log: (line) => lines.push(line) });
    return { server, lines, url: `http://127.0.0.1:${server.port}` };
  };
  const stop = (url: string, path: string, body: string, type: string) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  const twilioStop = new URLSearchParams({
    From: '+33612345678',
    MessageSid: 'SM-forged',
    Body: 'STOP',
  }).toString();
  const gatewayStop = JSON.stringify({
    event: 'sms:received',
    payload: {
      messageId: 'forged',
      phoneNumber: '+33612345678',
      message: 'STOP',
      receivedAt: '2026-12-03T10:00:00Z',
    },
  });

  it('without any key, neither webhook exists: a forged STOP is refused', async () => {
    const { server, url } = await start({});
    try {
      expect((await stop(url, '/sms/twilio', twilioStop, 'application/x-www-form-urlencoded')).status).toBe(
        404,
      );
      expect((await stop(url, '/sms/android-gateway', gatewayStop, 'application/json')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('with the Twilio key only, the Android gateway webhook does not exist', async () => {
    const { server, url } = await start({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL });
    try {
      expect((await stop(url, '/sms/android-gateway', gatewayStop, 'application/json')).status).toBe(404);
      expect((await stop(url, '/sms/twilio', twilioStop, 'application/x-www-form-urlencoded')).status).toBe(
        403,
      );
    } finally {
      await server.close();
    }
  });

  it('takes unsigned requests only with SMS_ALLOW_UNSIGNED=1, with a warning, and never in production', async () => {
    expect(readConfig({ SMS_ALLOW_UNSIGNED: '1', NODE_ENV: 'production' }).errors).toEqual([
      expect.stringMatching(/^SMS_ALLOW_UNSIGNED=1 is for local tries only/),
    ]);
    const { server, url, lines } = await start({ SMS_ALLOW_UNSIGNED: '1' });
    try {
      expect(lines.join('\n')).toMatch(/UNSIGNED/);
      expect((await stop(url, '/sms/twilio', twilioStop, 'application/x-www-form-urlencoded')).status).toBe(
        200,
      );
    } finally {
      await server.close();
    }
  });
});

describe('privacy', () => {
  it('keeps no phone number and no message text in the data files or the logs', () => {
    const files = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1'));
    const haystacks = [...files, logs.join('\n')];
    const needles = [...new Set(sent)].filter((s) => s.length >= 6 && !/^(bonjour|STOP|START)$/i.test(s));
    for (const needle of needles) {
      const digits = needle.replace(/^\+/, '');
      for (const hay of haystacks) {
        expect(hay.includes(needle), `found ${needle}`).toBe(false);
        if (/^\d+$/.test(digits)) expect(hay.includes(digits.slice(-9)), `found ${needle}`).toBe(false);
      }
    }
  });
});
