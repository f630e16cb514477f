/**
 * The Redis stores against a real redis-server: the session contract, turns on one conversation from two
 * "instances" (two connections) applied one after the other with none lost, a conversation held by a dead
 * instance taken over after its lock expires, SMS message ids claimed once across instances, the STOP list
 * and staff sessions shared, and Redis going down then coming back.
 */
import type { Redis } from 'ioredis';
import type { LoginLimiter } from '../src/channels/staff/login-limiter.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredConversation } from '../src/dialogue/engine.js';
import { createRedisClient, waitReady } from '../src/sessions/redis-client.js';
import { createRedisSmsState } from '../src/sessions/redis-sms-state.js';
import { createRedisStaffState } from '../src/sessions/redis-staff-state.js';
import { createRedisLoginLimiter } from '../src/sessions/redis-login-limiter.js';
import { createRedisRateStore } from '../src/sessions/redis-rate-store.js';
import { createRedisStore } from '../src/sessions/redis-store.js';
import { StoreUnavailableError, updateRecord } from '../src/sessions/session-store.js';
import { startRedis, type TestRedis } from './support/redis-server.js';

/** A wrong password, as the login makes it: the try is counted first, then found wrong. */
async function wrongTry(limiter: LoginLimiter, keys: readonly string[]): Promise<void> {
  await limiter.attempt(keys);
  await limiter.failed(keys);
}

let redis: TestRedis;
const clients: Redis[] = [];

async function client(): Promise<Redis> {
  const made = createRedisClient(redis.url);
  clients.push(made);
  expect(await waitReady(made, 5000)).toBe(true);
  return made;
}

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

const conversation = (state: string, count = 0): StoredConversation =>
  ({
    flow: 'orientation',
    version: 1,
    state,
    context: { lang: 'fr', count },
  }) as unknown as StoredConversation;
const countOf = (c: StoredConversation | undefined) =>
  (c as unknown as { context: { count: number } }).context.count;

describe('the Redis session store', () => {
  it('gives back what was put, until the record expires, and forgets on demand', async () => {
    const store = createRedisStore(await client(), { prefix: 'contract:' });
    const now = Date.now();
    await store.put('web', conversation('askNeed'), now, 60_000);
    expect(await store.get('web', now + 1)).toEqual({
      conversation: conversation('askNeed'),
      updatedAt: now,
      expiresAt: now + 60_000,
    });
    expect(await store.get('web', now + 60_000)).toBeNull();
    expect(await store.get('nobody', now)).toBeNull();
    await store.delete('web');
    expect(await store.get('web', now + 1)).toBeNull();
  });

  it('applies turns sent to two instances at once one after the other, none lost', async () => {
    const a = createRedisStore(await client(), { prefix: 'order:' });
    const b = createRedisStore(await client(), { prefix: 'order:' });
    const now = Date.now();
    await a.put('c1', conversation('start', 0), now, 60_000);
    const seen: number[] = [];
    const turn = (store: typeof a) =>
      updateRecord(store, 'c1', Date.now(), (record) => {
        const count = countOf(record?.conversation) + 1;
        seen.push(count);
        return { result: count, put: { conversation: conversation('next', count), ttlMs: 60_000 } };
      });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => turn(i % 2 === 0 ? a : b)));
    expect([...results].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(countOf((await b.get('c1', Date.now()))?.conversation)).toBe(40);
  });

  it('takes over a conversation whose instance died holding it, once the hold expires', async () => {
    const c = await client();
    const store = createRedisStore(c, { prefix: 'dead:' });
    await c.set('dead:lock:c2', 'token-of-a-dead-instance', 'PX', 300);
    const result = await updateRecord(store, 'c2', Date.now(), (record) => ({
      result: record,
      put: { conversation: conversation('after'), ttlMs: 60_000 },
    }));
    expect(result).toBeNull();
    expect((await store.get('c2', Date.now()))?.conversation.state).toBe('after');
  });

  it('erases a conversation only once the turn holding it is done, so the turn cannot write it back', async () => {
    const c = await client();
    const store = createRedisStore(c, { prefix: 'erase:' });
    await store.put('c5', conversation('held'), Date.now(), 60_000);
    await c.set('erase:lock:c5', 'token-of-a-turn-in-progress', 'PX', 200);
    const erased = store.delete('c5');
    expect((await store.get('c5', Date.now()))?.conversation.state).toBe('held');
    await erased;
    expect(await store.get('c5', Date.now())).toBeNull();
    expect(await c.exists('erase:lock:c5')).toBe(0);
  });

  it('releases the conversation at once when a turn fails', async () => {
    const store = createRedisStore(await client(), { prefix: 'fail:', waitMs: 500 });
    await expect(
      updateRecord(store, 'c3', Date.now(), () => {
        throw new Error('a bug in the turn');
      }),
    ).rejects.toThrow('a bug in the turn');
    const next = await updateRecord(store, 'c3', Date.now(), () => ({ result: 'next turn ran' }));
    expect(next).toBe('next turn ran');
  });
});

describe('the Redis SMS state', () => {
  it('lets exactly one instance claim a message id, and a released claim be taken again', async () => {
    const a = createRedisSmsState(await client(), { prefix: 'sms:' });
    const b = createRedisSmsState(await client(), { prefix: 'sms:' });
    const now = Date.now();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).claim('twilio:SM1', now, 60_000)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await b.claim('twilio:SM1', now, 60_000)).toBe(false); // held by the one claim
    await a.release('twilio:SM1');
    expect(await b.claim('twilio:SM1', now, 60_000)).toBe(true);
  });

  it('admits a message in one round trip: claimed once, with the number STOP state', async () => {
    let trips = 0;
    const a = createRedisSmsState(await client(), { prefix: 'admit:', onRoundTrip: () => (trips += 1) });
    await a.setOptedOut('hash-2', true, Date.now());
    trips = 0;
    expect(await a.admit('twilio:SM2', 'hash-2', Date.now(), 60_000)).toEqual({
      claimed: true,
      optedOut: true,
    });
    expect(trips).toBe(1);
    expect(await a.admit('twilio:SM2', 'hash-2', Date.now(), 60_000)).toEqual({
      claimed: false,
      optedOut: false,
    });
    expect(await a.admit('twilio:SM3', 'hash-3', Date.now(), 60_000)).toEqual({
      claimed: true,
      optedOut: false,
    });
  });

  it('shares the STOP list between instances until START', async () => {
    const a = createRedisSmsState(await client(), { prefix: 'stop:' });
    const b = createRedisSmsState(await client(), { prefix: 'stop:' });
    await a.setOptedOut('hash-1', true, Date.now());
    expect(await b.isOptedOut('hash-1')).toBe(true);
    await b.setOptedOut('hash-1', false, Date.now());
    expect(await a.isOptedOut('hash-1')).toBe(false);
  });
});

describe('the Redis staff state', () => {
  it('shares sessions and counts between instances', async () => {
    const a = createRedisStaffState(await client(), { prefix: 'staff:' });
    const b = createRedisStaffState(await client(), { prefix: 'staff:' });
    const session = { account: 'accueil', role: 'staff' as const, csrf: 'x', expiresAt: Date.now() + 60_000 };
    await a.putSession('h1', session);
    expect(await b.getSession('h1', Date.now())).toEqual(session);
    expect(await b.getSession('h1', session.expiresAt)).toBeNull();
    await b.deleteSession('h1');
    expect(await a.getSession('h1', Date.now())).toBeNull();
    const cell = { month: '2026-11', need: 'dental', rights: 'none', departement: '71', gap: false };
    await a.addCounts([{ ...cell, type: '*' }]);
    await b.addCounts([
      { ...cell, type: '*' },
      { ...cell, type: 'pass', gap: true },
    ]);
    expect(await a.counts()).toEqual([
      { ...cell, type: '*', count: 2 },
      { ...cell, type: 'pass', gap: true, count: 1 },
    ]);
  });
});

describe('the Redis login limiter', () => {
  it('counts failures from every instance together, and keeps no address in clear', async () => {
    const c = await client();
    const a = createRedisLoginLimiter(c, { prefix: 'login:' });
    const b = createRedisLoginLimiter(await client(), { prefix: 'login:' });
    const keys = ['name:accueil', 'address:203.0.113.7'];
    for (const limiter of [a, b, a, b]) await wrongTry(limiter, keys);
    expect(await a.lockedFor(keys)).toBe(0);
    await wrongTry(b, keys);
    expect(await a.lockedFor(['address:203.0.113.7'])).toBeGreaterThan(14 * 60_000);
    expect(await b.lockedFor(['name:accueil', 'address:198.51.100.1'])).toBeGreaterThan(14 * 60_000);
    expect(await b.lockedFor(['name:other'])).toBe(0);
    const stored = (await c.keys('login:*')).join(' ');
    expect(stored).not.toContain('203.0.113.7');
    expect(stored).not.toContain('accueil');
  });

  it('counts a try before its check, across instances: of 31 tries at once, 5 reach the password check', async () => {
    const a = createRedisLoginLimiter(await client(), { prefix: 'login3:' });
    const b = createRedisLoginLimiter(await client(), { prefix: 'login3:' });
    const keys = ['name:accueil', 'address:203.0.113.9'];
    const waits = await Promise.all(Array.from({ length: 31 }, (_, i) => (i % 2 ? a : b).attempt(keys)));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(await a.lockedFor(keys)).toBeGreaterThan(14 * 60_000);
  });

  it('forgets the failures after a successful login', async () => {
    const a = createRedisLoginLimiter(await client(), { prefix: 'login2:' });
    for (let i = 0; i < 4; i += 1) await wrongTry(a, ['name:x']);
    await a.succeeded(['name:x']);
    await wrongTry(a, ['name:x']);
    expect(await a.lockedFor(['name:x'])).toBe(0);
  });
});

describe('the Redis rate store', () => {
  it('shares limits and once-only guards between instances', async () => {
    const a = createRedisRateStore(await client(), { prefix: 'rate:' });
    const b = createRedisRateStore(await client(), { prefix: 'rate:' });
    const now = Date.now();
    await a.add('send:n:hash', 60_000, now - 70_000); // outside the window
    await a.add('send:n:hash', 60_000, now - 1_000);
    await b.add('send:n:hash', 60_000, now);
    expect(await b.count('send:n:hash', 60_000, now)).toBe(2);
    const firsts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).once('triage:x', 60_000, now)),
    );
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it('reserves atomically across instances: 20 concurrent takes of a limit of 3, three pass; a release gives one back', async () => {
    const a = createRedisRateStore(await client(), { prefix: 'reserve:' });
    const b = createRedisRateStore(await client(), { prefix: 'reserve:' });
    const now = Date.now();
    const limits = [
      { key: 'send:c:x', max: 3, windowMs: 60_000 },
      { key: 'send:n:y', max: 5, windowMs: 60_000 },
    ];
    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).reserve(limits, now)),
    );
    const passed = taken.filter((r) => r !== null);
    expect(passed).toHaveLength(3);
    expect(await a.count('send:n:y', 60_000, now)).toBe(3);
    await passed[0]?.release();
    expect(await b.count('send:c:x', 60_000, now)).toBe(2);
    expect(await b.reserve(limits, now)).not.toBeNull();
    expect(await a.reserve(limits, now)).toBeNull();
  });
});

describe('Redis down, then back', () => {
  it('fails fast with StoreUnavailableError, then works again by itself, records kept', async () => {
    const store = createRedisStore(await client(), { prefix: 'restart:' });
    await store.put('c4', conversation('kept'), Date.now(), 600_000);
    await redis.stop();
    await expect(store.get('c4', Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(updateRecord(store, 'c4', Date.now(), () => ({ result: 1 }))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await redis.start();
    let record = null;
    for (let i = 0; i < 100 && !record; i += 1) {
      record = await store.get('c4', Date.now()).catch(() => null);
      if (!record) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(record?.conversation.state).toBe('kept');
  }, 30_000);
});
