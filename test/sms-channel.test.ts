/**
 * The SMS channel's contract, below the webhooks: number hashing, the provider signatures (with Twilio's
 * published test vectors), deduplication, order per number, STOP that outlives a conversation, the
 * "resume or start again" after days of silence, MMS, and the gateway sender's retries against a real
 * local HTTP server.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createConversationService } from '../src/channels/conversation-service.js';
import {
  gatewaySignature,
  parseGatewayWebhook,
  verifyGatewaySignature,
} from '../src/channels/sms/android-gateway.js';
import {
  createGatewaySender,
  createTwilioSender,
  SmsSendError,
} from '../src/channels/sms/http-sms-sender.js';
import { hashPhone, isFrenchMobile, normalizePhone } from '../src/channels/sms/phone-number.js';
import { createAnswerSender } from '../src/channels/sms/send-answer.js';
import { createOutboxSender } from '../src/channels/sms/sms-sender.js';
import { measure } from '../src/channels/sms/segments.js';
import { createSmsService, smsConversationId } from '../src/channels/sms/sms-service.js';
import {
  parseTwilioInbound,
  twilioSignature,
  twiml,
  verifyTwilioSignature,
} from '../src/channels/sms/twilio.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { loadDialogue } from '../src/content/load-dialogue.js';
import type { DialogueDeps } from '../src/dialogue/engine.js';
import type { Translator } from '../src/orientation/translate.js';
import { createMemoryStore } from '../src/sessions/memory-store.js';
import { createMemorySmsState } from '../src/sessions/sms-state-store.js';
import type { SessionStore } from '../src/sessions/session-store.js';

let deps: DialogueDeps;
let translator: Translator;
beforeAll(async () => {
  const { knowledge } = await loadKnowledge();
  translator = knowledge.translator;
  deps = await loadDialogue(knowledge);
}, 60_000);

const HOUR = 3_600_000;
const SECRET = 'a test secret that is long enough for hashing';

function channel(options: { now?: () => number; store?: SessionStore } = {}) {
  const store = options.store ?? createMemoryStore();
  const state = createMemorySmsState();
  const conversations = createConversationService({
    store,
    deps,
    ttlMs: 24 * HOUR,
    channelTtlMs: { sms: 7 * 24 * HOUR },
    idleMs: { sms: 72 * HOUR },
    ...(options.now ? { now: options.now } : {}),
  });
  const sms = createSmsService({
    conversations,
    state,
    translator,
    keyword: deps.understander.keyword,
    danger: (text) => deps.understander.understand(text, 'fr', { kind: 'free' }).danger.length > 0,
    hashSecret: SECRET,
    ...(options.now ? { now: options.now } : {}),
  });
  let next = 0;
  const text = (from: string, body: string, extra: { id?: string; media?: number } = {}) =>
    sms.receive({
      provider: 'test',
      messageId: extra.id ?? `m${(next += 1)}`,
      from,
      text: body,
      mediaCount: extra.media ?? 0,
    });
  return { sms, store, state, text };
}

const joined = (bodies: readonly string[]) => bodies.join('\n');

describe('phone numbers are kept only as keyed hashes', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+262692123456', '+262692123456'],
    ['36180', '36180'],
    ['0690 12 34 56', '+590690123456'],
    ['0692 12 34 56', '+262692123456'],
    ['0639 12 34 56', '+262639123456'],
  ])('%s is read as %s', (raw, normal) => {
    expect(normalizePhone(raw)).toBe(normal);
  });

  it('gives one hash per person, different with another secret, and never the number', () => {
    const hash = hashPhone(SECRET, '06 12 34 56 78');
    expect(hash).toBe(hashPhone(SECRET, '+33612345678'));
    expect(hash).not.toBe(hashPhone(`${SECRET}!`, '+33612345678'));
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).not.toContain('612345678');
  });
});

describe('Twilio signatures', () => {
  // Twilio's published examples (api-snippets, security/signature_validation).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = (caller: string) => ({
    CallSid: 'CA1234567890ABCDE',
    Caller: caller,
    Digits: '1234',
    From: caller,
    To: '+18005551212',
  });

  it.each([
    ['+14158675309', 'RSOYDt4T1cUTdK1PDd93/VVr8B8='],
    ['+14158675310', 'GvWf1cFY/Q7PnoempGyD5oXAezc='],
  ])('matches the published vector for %s', (caller, signature) => {
    expect(twilioSignature('12345', url, params(caller))).toBe(signature);
    expect(verifyTwilioSignature('12345', url, params(caller), signature)).toBe(true);
  });

  it('refuses a changed parameter, another URL, another token, and no signature', () => {
    const good = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(verifyTwilioSignature('12345', url, { ...params('+14158675309'), Digits: '9' }, good)).toBe(false);
    expect(verifyTwilioSignature('12345', `${url}&x=1`, params('+14158675309'), good)).toBe(false);
    expect(verifyTwilioSignature('54321', url, params('+14158675309'), good)).toBe(false);
    expect(verifyTwilioSignature('12345', url, params('+14158675309'), undefined)).toBe(false);
    expect(verifyTwilioSignature('12345', url, params('+14158675309'), 'short')).toBe(false);
  });

  it('accepts the URL signed with or without the default port', () => {
    const signedWithPort = twilioSignature('12345', 'https://mycompany.com:443/sms/twilio', { Body: 'x' });
    expect(
      verifyTwilioSignature('12345', 'https://mycompany.com/sms/twilio', { Body: 'x' }, signedWithPort),
    ).toBe(true);
  });

  it('reads an incoming message, with its pictures counted, and answers in escaped TwiML', () => {
    expect(
      parseTwilioInbound({ From: '+33612345678', Body: 'bonjour', MessageSid: 'SM1', NumMedia: '2' }),
    ).toEqual({
      provider: 'twilio',
      messageId: 'SM1',
      from: '+33612345678',
      text: 'bonjour',
      mediaCount: 2,
    });
    expect(parseTwilioInbound({ Body: 'no sender', MessageSid: 'SM1' })).toBeNull();
    // A provider id is short: a 30,000-character one is not stored (issue 15, point 10).
    expect(
      parseTwilioInbound({ From: '+33612345678', Body: 'x', MessageSid: 'S'.repeat(30_000) }),
    ).toBeNull();
    expect(twiml(['a < b & "c"'])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &lt; b &amp; &quot;c&quot;</Message></Response>',
    );
    expect(twiml([])).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  });
});

describe('SMS Gateway for Android signatures and events', () => {
  const body = Buffer.from('{"event":"sms:received"}');
  const now = 1_800_000_000_000;
  const ts = String(now / 1000);

  it.each([
    ['a correct signature', 'ok', ts, gatewaySignature('key', body, ts)],
    ['another key', 'wrong', ts, gatewaySignature('other', body, ts)],
    ['a signature of another timestamp', 'wrong', ts, gatewaySignature('key', body, String(now / 1000 - 1))],
    ['a timestamp six minutes old', 'stale', String(now / 1000 - 360), undefined],
    ['a timestamp six minutes ahead', 'stale', String(now / 1000 + 360), undefined],
    ['no signature', 'missing', ts, undefined],
    ['a signature that is not hex', 'wrong', ts, 'zz'],
  ])('%s → %s', (_name, expected, timestamp, signature) => {
    const sig = signature ?? (expected === 'stale' ? gatewaySignature('key', body, timestamp) : undefined);
    expect(verifyGatewaySignature('key', body, timestamp, sig, now)).toBe(expected);
  });

  it('reads sms:received, ignores other events, and refuses malformed ones', () => {
    const event = {
      deviceId: 'd1',
      event: 'sms:received',
      id: 'evt-1',
      payload: {
        messageId: 'msg-1',
        message: 'bonjour',
        phoneNumber: '+33612345678',
        simNumber: 1,
        receivedAt: '2026-11-22T10:00:00.000+01:00',
      },
      webhookId: 'w1',
    };
    expect(parseGatewayWebhook(event)).toEqual({
      kind: 'sms',
      sms: {
        provider: 'android-gateway',
        messageId: 'msg-1',
        from: '+33612345678',
        text: 'bonjour',
        mediaCount: 0,
      },
    });
    expect(parseGatewayWebhook({ event: 'sms:sent', payload: {} })).toEqual({
      kind: 'other',
      event: 'sms:sent',
    });
    expect(parseGatewayWebhook({ event: 'sms:received' }).kind).toBe('invalid');
    expect(parseGatewayWebhook([1, 2]).kind).toBe('invalid');
    const longId = { ...event, payload: { ...event.payload, messageId: 'm'.repeat(30_000) } };
    expect(parseGatewayWebhook(longId).kind).toBe('invalid');
  });
});

describe('the SMS channel', () => {
  const PHONE = '+33612345678';

  it('opens the conversation with the first message and answers within budget', async () => {
    const { text } = channel();
    const first = await text(PHONE, 'bonjour');
    expect(first.status).toBe('replied');
    expect(first.bodies.length).toBeGreaterThan(0);
    for (const body of first.bodies) {
      expect(measure(body).encoding).toBe('GSM-7');
      expect(measure(body).segments).toBeLessThanOrEqual(3);
    }
    expect(joined(first.bodies)).toMatch(/\n1 /);
  });

  it('answers a retried message once, and the retry changes nothing', async () => {
    const { text, store } = channel();
    await text(PHONE, 'bonjour');
    const once = await text(PHONE, 'non', { id: 'retried' });
    const before = await store.get(smsConversationId(hashPhone(SECRET, PHONE)), Date.now());
    const again = await text(PHONE, 'non', { id: 'retried' });
    const after = await store.get(smsConversationId(hashPhone(SECRET, PHONE)), Date.now());
    expect(once.bodies.length).toBeGreaterThan(0);
    expect(again).toEqual({ status: 'duplicate', to: PHONE, bodies: [] });
    expect(after?.conversation).toEqual(before?.conversation);
  });

  it('applies the messages of one number in the order they came, even when they overlap', async () => {
    const { text, store } = channel();
    await text(PHONE, 'bonjour');
    // Not awaited one by one: the second and third arrive while the first is being handled.
    const replies = await Promise.all([text(PHONE, 'non'), text(PHONE, 'dents'), text(PHONE, 'rien')]);
    expect(replies.every((r) => r.status === 'replied')).toBe(true);
    const stored = await store.get(smsConversationId(hashPhone(SECRET, PHONE)), Date.now());
    expect(stored?.conversation.context.situation).toMatchObject({
      emergency: false,
      need: 'dental',
      rights: 'none',
    });
  });

  it('keeps two numbers apart', async () => {
    const { text, store } = channel();
    await text(PHONE, 'bonjour');
    await text('+33700000001', 'bonjour');
    await text(PHONE, 'non');
    const other = await store.get(smsConversationId(hashPhone(SECRET, '+33700000001')), Date.now());
    expect(other?.conversation.context.situation).toEqual({});
  });

  it('after STOP, answers nothing to any message until START, even once the conversation has expired', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const { text, state } = channel({ now: () => now });
    await text(PHONE, 'bonjour');
    const stop = await text(PHONE, 'STOP');
    expect(stop.status).toBe('replied');
    expect(stop.bodies).toHaveLength(1);
    expect(joined(stop.bodies)).toMatch(/START/);
    expect(await state.isOptedOut(hashPhone(SECRET, PHONE))).toBe(true);

    for (const body of ['bonjour', 'STOP', 'je veux un médecin', '1', '']) {
      expect(await text(PHONE, body)).toEqual({ status: 'opted-out', to: PHONE, bodies: [] });
    }
    now += 30 * 24 * HOUR; // the conversation is long gone; the STOP list is not
    expect((await text(PHONE, 'bonjour')).status).toBe('opted-out');

    const start = await text(PHONE, 'START');
    expect(start.status).toBe('replied');
    expect(start.bodies.length).toBeGreaterThan(0);
    expect(await state.isOptedOut(hashPhone(SECRET, PHONE))).toBe(false);
    expect((await text(PHONE, 'non')).bodies.length).toBeGreaterThan(0);
  });

  it('after STOP, still answers a danger with its crisis lines, and stays opted out', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const { text, state } = channel({ now: () => now });
    await text(PHONE, 'bonjour');
    await text(PHONE, 'STOP');
    const danger = await text(PHONE, "j'ai envie de mourir");
    expect(danger.status).toBe('replied');
    expect(joined(danger.bodies)).toMatch(/3114/);
    expect(await state.isOptedOut(hashPhone(SECRET, PHONE))).toBe(true);
    expect((await text(PHONE, 'bonjour')).status).toBe('opted-out');
    now += 30 * 24 * HOUR; // even once the conversation has expired
    const later = await text(PHONE, 'mon mari me frappe');
    expect(joined(later.bodies)).toMatch(/3919/);
    expect(await state.isOptedOut(hashPhone(SECRET, PHONE))).toBe(true);
  });

  it("understands the carriers' STOP words in French and English", async () => {
    for (const word of ['ARRET', 'arrêt', 'stop sms', 'Stop', 'STOPALL', 'unsubscribe']) {
      const { text, state } = channel();
      await text(PHONE, 'bonjour');
      await text(PHONE, word);
      expect(await state.isOptedOut(hashPhone(SECRET, PHONE)), word).toBe(true);
    }
  });

  it("lifts an opt-out with START in another language than the conversation's", async () => {
    const { text, state } = channel();
    await text(PHONE, 'bonjour');
    await text(PHONE, 'STOP');
    const start = await text(PHONE, 'استئناف');
    expect(start.status).toBe('replied');
    expect(await state.isOptedOut(hashPhone(SECRET, PHONE))).toBe(false);
  });

  it('after three days of silence, asks whether to resume or start again, then resumes', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const { text, store } = channel({ now: () => now });
    await text(PHONE, 'bonjour');
    await text(PHONE, 'non');
    await text(PHONE, "j'ai mal aux dents");
    const id = smsConversationId(hashPhone(SECRET, PHONE));
    const before = (await store.get(id, now))?.conversation.context.situation;

    now += 73 * HOUR;
    const late = await text(PHONE, '71100');
    const asked = (await store.get(id, now))?.conversation;
    expect(asked?.state).toBe('paused');
    expect(joined(late.bodies)).toMatch(/\n1 .*\n2 /);
    // Nothing was lost while asking.
    expect(asked?.context.situation).toEqual(before);

    const resumed = await text(PHONE, '1');
    expect((await store.get(id, now))?.conversation.context.situation).toEqual(before);
    expect(resumed.bodies.length).toBeGreaterThan(0);
  });

  it('starts a new conversation after the SMS retention time', async () => {
    let now = Date.UTC(2026, 10, 22, 9);
    const { text, store } = channel({ now: () => now });
    await text(PHONE, 'bonjour');
    await text(PHONE, 'non');
    now += 8 * 24 * HOUR;
    expect(await store.purge(now)).toBe(1);
    await text(PHONE, 'bonjour');
    const stored = await store.get(smsConversationId(hashPhone(SECRET, PHONE)), now);
    expect(stored?.conversation.context.situation).toEqual({});
  });

  it.each([
    ['an empty message', '', 0],
    ['a picture without text', '', 1],
    ['emoji only', '🙂🙂👍', 0],
    ['10 kB of text', 'a'.repeat(10_000), 0],
    ['Arabic script', 'مرحبا، أحتاج طبيب أسنان', 0],
    ['spaces and new lines', ' \n\t ', 0],
  ])('answers %s clearly and keeps the conversation', async (_name, body, media) => {
    const { text, store } = channel();
    await text(PHONE, 'bonjour');
    await text(PHONE, 'non');
    const id = smsConversationId(hashPhone(SECRET, PHONE));
    const before = (await store.get(id, Date.now()))?.conversation.context.situation;
    const reply = await text(PHONE, body, { media });
    expect(reply.status).toBe('replied');
    expect(reply.bodies.length).toBeGreaterThan(0);
    for (const sms of reply.bodies) expect(measure(sms).segments).toBeLessThanOrEqual(3);
    expect((await store.get(id, Date.now()))?.conversation.context.situation).toMatchObject(before ?? {});
    const stored = JSON.stringify(await store.get(id, Date.now()));
    expect(stored).not.toContain('aaaa');
    expect(stored).not.toContain('مرحبا');
  });

  it('says that only text is read when a picture comes without text', async () => {
    const { text } = channel();
    await text(PHONE, 'bonjour');
    const picture = await text(PHONE, '', { media: 1 });
    const empty = await text(PHONE, '', { media: 0 });
    expect(joined(picture.bodies)).not.toEqual(joined(empty.bodies));
  });
});

describe('the Android gateway sender', () => {
  async function fakeGateway(failures: number) {
    const received: { auth: string | undefined; body: unknown }[] = [];
    let calls = 0;
    const server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        calls += 1;
        if (req.url !== '/message' || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        if (calls <= failures) {
          res.writeHead(503).end('busy');
          return;
        }
        received.push({ auth: req.headers.authorization, body: JSON.parse(data) });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"x","state":"Pending"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return { url: `http://127.0.0.1:${port}`, received, calls: () => calls, close: () => server.close() };
  }

  it('retries a gateway that fails twice, then delivers each SMS once, in order, with Basic auth', async () => {
    const gateway = await fakeGateway(2);
    const waits: number[] = [];
    const sender = createGatewaySender({
      baseUrl: `${gateway.url}/`,
      username: 'sms',
      password: 'secret',
      backoffMs: 10,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await sender.send('+33612345678', ['premier', 'second']);
    gateway.close();
    expect(gateway.calls()).toBe(4);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(10); // doubled: 20 ms with half of it random
    expect(gateway.received).toEqual([
      {
        auth: `Basic ${Buffer.from('sms:secret').toString('base64')}`,
        body: { textMessage: { text: 'premier' }, phoneNumbers: ['+33612345678'] },
      },
      {
        auth: `Basic ${Buffer.from('sms:secret').toString('base64')}`,
        body: { textMessage: { text: 'second' }, phoneNumbers: ['+33612345678'] },
      },
    ]);
  });

  it('gives up after its attempts, and does not retry a refusal', async () => {
    const down = await fakeGateway(100);
    const sender = createGatewaySender({
      baseUrl: down.url,
      username: 'u',
      password: 'p',
      attempts: 3,
      sleep: async () => {},
    });
    await expect(sender.send('+33612345678', ['x'])).rejects.toBeInstanceOf(SmsSendError);
    expect(down.calls()).toBe(3);
    down.close();

    const other = await fakeGateway(0);
    const wrongPath = createGatewaySender({
      baseUrl: `${other.url}/nope`,
      username: 'u',
      password: 'p',
      sleep: async () => {},
    });
    await expect(wrongPath.send('+33612345678', ['x'])).rejects.toMatchObject({ status: 404 });
    expect(other.calls()).toBe(1);
    other.close();
  });

  it('retries when the gateway cannot be reached', async () => {
    const sender = createGatewaySender({
      baseUrl: 'http://127.0.0.1:9',
      username: 'u',
      password: 'p',
      attempts: 2,
      sleep: async () => {},
    });
    await expect(sender.send('+33612345678', ['x'])).rejects.toMatchObject({ status: null });
  });
});

describe("Twilio's REST sender", () => {
  it('posts To, From and Body as a form with Basic auth, and uses MessagingServiceSid for MG senders', async () => {
    const received: { url: string | undefined; auth: string | undefined; form: Record<string, string> }[] =
      [];
    const server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString()));
      req.on('end', () => {
        received.push({
          url: req.url,
          auth: req.headers.authorization,
          form: Object.fromEntries(new URLSearchParams(data)),
        });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await createTwilioSender({ accountSid: 'AC1', authToken: 'tok', from: '+33644000000', apiUrl }).send(
      '+33612345678',
      ['un', 'deux'],
    );
    await createTwilioSender({ accountSid: 'AC1', authToken: 'tok', from: 'MG123', apiUrl }).send(
      '+33612345678',
      ['trois'],
    );
    server.close();
    expect(received.map((r) => r.url)).toEqual(Array(3).fill('/2010-04-01/Accounts/AC1/Messages.json'));
    expect(received[0]?.auth).toBe(`Basic ${Buffer.from('AC1:tok').toString('base64')}`);
    expect(received.map((r) => r.form)).toEqual([
      { To: '+33612345678', From: '+33644000000', Body: 'un' },
      { To: '+33612345678', From: '+33644000000', Body: 'deux' },
      { To: '+33612345678', MessagingServiceSid: 'MG123', Body: 'trois' },
    ]);
  });
});

describe('send to my phone', () => {
  it.each([
    ['06 12 34 56 78', true],
    ['+33 7 12 34 56 78', true],
    ['0690 12 34 56', true], // Guadeloupe, written as dialled from France
    ['+590 690 12 34 56', true],
    ['+262 692 12 34 56', true],
    ['01 23 45 67 89', false],
    ['+44 7700 900123', false],
    ['3114', false],
    ['', false],
  ])('%s is a number the web may send to: %s', (raw, ok) => {
    expect(isFrenchMobile(raw)).toBe(ok);
  });

  async function answered(existing?: ReturnType<typeof createConversationService>) {
    const conversations =
      existing ?? createConversationService({ store: createMemoryStore(), deps, ttlMs: 24 * HOUR });
    const started = await conversations.start('web', 'fr');
    for (const line of ['non', "j'ai mal aux dents", 'rien', 'Lille'])
      await conversations.message(started.id, 'web', line);
    return { conversations, id: started.id };
  }

  it('sends the reached answer once per request, within budget, and refuses before an answer', async () => {
    const { conversations, id } = await answered();
    const outbox = createOutboxSender();
    const sender = createAnswerSender({ conversations, sender: outbox, translator, hashSecret: SECRET });
    const result = await sender.send(id, '06 12 34 56 78');
    expect(result.status).toBe('sent');
    expect(outbox.entries().length).toBeGreaterThan(0);
    expect(outbox.entries().every((e) => e.to === '+33612345678')).toBe(true);
    for (const e of outbox.entries()) {
      expect(measure(e.body).encoding).toBe('GSM-7');
      expect(measure(e.body).segments).toBeLessThanOrEqual(3);
    }
    expect(
      outbox
        .entries()
        .map((e) => e.body)
        .join('\n'),
    ).toMatch(/Lille|PASS|dent/i);

    const fresh = await conversations.start('web', 'fr');
    expect(await sender.send(fresh.id, '0612345678')).toEqual({ status: 'no-answer-yet' });
    expect(await sender.send('not-a-conversation', '0612345678')).toEqual({ status: 'unknown-conversation' });
    expect(await sender.send(id, '0123456789')).toEqual({ status: 'invalid-phone' });
  });

  it('limits sends per conversation and per number, and counts only what was sent', async () => {
    const { conversations, id } = await answered();
    const failing = { send: async () => Promise.reject(new Error('down')) };
    const broken = createAnswerSender({ conversations, sender: failing, translator, hashSecret: SECRET });
    expect(await broken.send(id, '0612345678')).toEqual({ status: 'failed' });

    const sender = createAnswerSender({
      conversations,
      sender: createOutboxSender(),
      translator,
      hashSecret: SECRET,
    });
    for (let i = 0; i < 3; i += 1) expect((await sender.send(id, '0612345678')).status).toBe('sent');
    expect(await sender.send(id, '0612345678')).toEqual({ status: 'too-many' });

    const perNumber = createAnswerSender({
      conversations,
      sender: createOutboxSender(),
      translator,
      hashSecret: SECRET,
      perConversation: 100,
      perNumberPerDay: 2,
    });
    const other = await answered(conversations);
    expect((await perNumber.send(id, '0612345678')).status).toBe('sent');
    expect((await perNumber.send(id, '0612345678')).status).toBe('sent');
    // The same phone written another way is the same number.
    expect(await perNumber.send(other.id, '+33 6 12 34 56 78')).toEqual({ status: 'too-many' });
  });
});
