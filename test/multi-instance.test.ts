/**
 * Several instances on one Redis, as a load balancer would use them: a real redis-server and three
 * `aiguillage serve` processes. One conversation's turns go round-robin over HTTP and over WebSockets to
 * different instances; conversations run interleaved; one instance is killed mid-conversation; Redis is
 * restarted mid-run (the person is told "temporarily unavailable, call 15", then the conversation goes on
 * where it was). A webhook retried to two instances at once is answered once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type TestRedis } from './support/redis-server.js';

const CLI = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));
const SECRET = 'a-shared-phone-hash-secret-for-every-instance';

interface Instance {
  port: number;
  child: ChildProcess;
  url: string;
}

let redis: TestRedis;
let instances: Instance[] = [];

async function startInstance(redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-instance-')),
      REDIS_URL: redisUrl,
      PHONE_HASH_SECRET: SECRET,
      WARM_UP: '0',
      LOG_LEVEL: 'warn',
      SMS_OUTBOX: '1',
      SMS_ALLOW_UNSIGNED: '1',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { port, child, url };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`instance on ${port} did not start`);
}

beforeAll(async () => {
  redis = await startRedis();
  instances = await Promise.all([0, 1, 2].map(() => startInstance(redis.url)));
}, 60_000);

afterAll(async () => {
  for (const instance of instances) instance.child.kill('SIGKILL');
  await redis?.stop();
});

interface Message {
  kind: string;
  question?: string;
  recommendations?: { type: string }[];
}

interface Reply {
  id?: string;
  messages?: Message[];
  error?: { code: string; message: string };
}

async function post(
  instance: Instance,
  path: string,
  body: unknown,
): Promise<{ status: number; json: Reply }> {
  const response = await fetch(`${instance.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Reply };
}

const alive = () => instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);

/** The answers that lead to an orientation in Lille for toothache without any coverage. */
const ANSWERS = ['non', '7', '5', '59000'];

function lastQuestion(reply: Reply): string | undefined {
  return reply.messages?.findLast((m) => m.question)?.question;
}

function recommended(reply: Reply): string[] {
  return (reply.messages ?? []).flatMap((m) => (m.recommendations ?? []).map((r) => r.type));
}

/** One conversation, each turn on the next instance (as round-robin balancing would send them). */
async function converse(offset: number): Promise<Reply> {
  let turn = 0;
  const next = () => {
    const live = alive();
    return live[(offset + turn++) % live.length] as Instance;
  };
  const started = await post(next(), '/api/conversations', { locale: 'fr' });
  expect(started.status).toBe(201);
  const id = started.json.id as string;
  let reply = started.json;
  for (const text of ANSWERS) {
    const answered = await post(next(), `/api/conversations/${id}/messages`, { text });
    expect(answered.status).toBe(200);
    reply = answered.json;
  }
  return reply;
}

describe('three instances on one Redis', () => {
  it('completes a conversation whose turns go to a different instance each time', async () => {
    const reply = await converse(0);
    expect(lastQuestion(reply)).toBe('after');
    expect(recommended(reply)).toContain('pass');
  });

  it('completes twelve interleaved conversations correctly', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => converse(i)));
    for (const reply of replies) {
      expect(lastQuestion(reply)).toBe('after');
      expect(recommended(reply)).toEqual(recommended(replies[0] as Reply));
    }
  });

  it('continues a WebSocket conversation on another instance after a reconnection', async () => {
    const frames = (instance: Instance, send: object[]) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${instance.port}/ws`);
        const received: Record<string, unknown>[] = [];
        ws.on('open', () => ws.send(JSON.stringify(send[0])));
        ws.on('message', (data) => {
          received.push(JSON.parse(String(data)) as Record<string, unknown>);
          const following = send[received.length];
          if (following) ws.send(JSON.stringify(following));
          else ws.close();
        });
        ws.on('close', () => resolve(received));
        ws.on('error', reject);
      });
    const [first, second, third] = instances as [Instance, Instance, Instance];
    const opened = await frames(first, [
      { type: 'start', locale: 'fr' },
      { type: 'message', text: 'non' },
    ]);
    const id = opened[0]?.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await frames(second, [
      { type: 'resume', id, quiet: true },
      { type: 'message', text: '7' },
      { type: 'message', text: '5' },
    ]);
    const last = await frames(third, [
      { type: 'resume', id, quiet: true },
      { type: 'message', text: '59000' },
    ]);
    const reply = last.at(-1) as Reply;
    expect(recommended(reply)).toContain('pass');
  });

  it('counts "send to my phone" across instances: 3 sends per conversation in all', async () => {
    const started = await post(instances[0] as Instance, '/api/conversations', { locale: 'fr' });
    const id = started.json.id as string;
    for (const text of ANSWERS)
      await post(instances[0] as Instance, `/api/conversations/${id}/messages`, { text });
    const statuses: number[] = [];
    for (const instance of [...instances, instances[0] as Instance])
      statuses.push(
        (await post(instance, `/api/conversations/${id}/sms`, { phone: '06 11 22 33 44' })).status,
      );
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('answers a webhook retried to two instances at once only once', async () => {
    const [first, second] = instances as [Instance, Instance];
    const webhook = (instance: Instance) =>
      fetch(`${instance.url}/sms/twilio`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          From: '+33612345678',
          MessageSid: 'SMretried1',
          Body: 'bonjour',
        }).toString(),
      }).then((r) => r.text());
    const replies = await Promise.all([webhook(first), webhook(second), webhook(first), webhook(second)]);
    expect(replies.filter((xml) => xml.includes('<Message>'))).toHaveLength(1);
  });

  it('keeps no phone number and no free text in Redis', async () => {
    const [first] = instances as [Instance];
    const text = 'je dors mal depuis le d\u00e9c\u00e8s de ma soeur';
    const started = await post(first, '/api/conversations', { locale: 'fr' });
    await post(first, `/api/conversations/${started.json.id as string}/messages`, { text });
    await fetch(`${first.url}/sms/twilio`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: '+33698765432', MessageSid: 'SMprivacy1', Body: text }).toString(),
    });
    const client = new Redis(redis.url);
    try {
      const dump: string[] = [];
      for (const key of await client.keys('*')) {
        const type = await client.type(key);
        const value =
          type === 'string'
            ? await client.get(key)
            : type === 'set'
              ? (await client.smembers(key)).join(' ')
              : type === 'hash'
                ? JSON.stringify(await client.hgetall(key))
                : '';
        dump.push(key, value ?? '');
      }
      const stored = dump.join('\n');
      expect(stored).toMatch(/aig:conv:sms:[\w-]{20,}/); // the SMS conversation, under the number's hash
      for (const secret of [
        '698765432',
        '6 98 76 54 32',
        '611223344',
        '11 22 33 44',
        'dors mal',
        'soeur',
        'décès',
      ])
        expect(stored).not.toContain(secret);
    } finally {
      client.disconnect();
    }
  });

  it('goes on when an instance is killed mid-conversation', async () => {
    const [first, second, third] = instances as [Instance, Instance, Instance];
    const started = await post(first, '/api/conversations', { locale: 'fr' });
    const id = started.json.id as string;
    await post(third, `/api/conversations/${id}/messages`, { text: 'non' });
    await post(third, `/api/conversations/${id}/messages`, { text: '7' });
    third.child.kill('SIGKILL');
    await new Promise((resolve) => third.child.once('exit', resolve));
    // The balancer sends the next turns to the instances left.
    expect((await post(second, `/api/conversations/${id}/messages`, { text: '5' })).status).toBe(200);
    const reply = await post(first, `/api/conversations/${id}/messages`, { text: '59000' });
    expect(recommended(reply.json)).toContain('pass');
  });

  it('says "temporarily unavailable, call 15" while Redis is down, then goes on where it was', async () => {
    const [first, second] = alive() as [Instance, Instance];
    const started = await post(first, '/api/conversations', { locale: 'fr' });
    const id = started.json.id as string;
    await post(second, `/api/conversations/${id}/messages`, { text: 'non' });
    await redis.stop();
    const down = await post(first, `/api/conversations/${id}/messages`, { text: '7' });
    expect(down.status).toBe(503);
    expect(down.json.error?.code).toBe('unavailable');
    expect(down.json.error?.message).toMatch(/15/);
    const health = await fetch(`${second.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'down' });
    await redis.start();
    // Each instance reconnects by itself: the same message, sent again, is applied once.
    let back = down;
    for (let i = 0; i < 100 && back.status !== 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = await post(second, `/api/conversations/${id}/messages`, { text: '7' });
    }
    expect(back.status).toBe(200);
    expect(lastQuestion(back.json)).toBe('rights');
    await post(first, `/api/conversations/${id}/messages`, { text: '5' });
    const reply = await post(second, `/api/conversations/${id}/messages`, { text: '59000' });
    expect(recommended(reply.json)).toContain('pass');
  }, 30_000);
});
