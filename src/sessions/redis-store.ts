/**
 * Conversations in Redis, for several instances behind a load balancer. Each conversation is one key with
 * its own expiry (Redis forgets it; nothing to purge). A turn holds the conversation with a short lock, so a
 * message arriving on instance B while instance A handles the previous one waits and is applied after it —
 * never lost, never applied on a stale copy. Two round trips per turn: "lock and read", then "write and
 * unlock", each one Lua script.
 *
 * Keys: `<prefix>conv:<id>` (JSON record), `<prefix>lock:<id>` (a random token, expiring by itself if the
 * instance holding it dies).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';
import {
  StoreUnavailableError,
  type Change,
  type SessionRecord,
  type SessionStore,
} from './session-store.js';

export interface RedisStoreOptions {
  prefix?: string;
  /** How long a turn may hold a conversation before another instance may take it over. */
  lockMs?: number;
  /** How long a turn waits for a conversation held elsewhere before giving up. */
  waitMs?: number;
  /** Counts round trips to Redis (benchmarks, tests). */
  onRoundTrip?: () => void;
}

// KEYS: lock, conversation. ARGV: token, lock ms. → {1, record or ''} when locked, {0, ms left} when held.
const BEGIN = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2]) or ''}
end
return {0, redis.call('PTTL', KEYS[1])}`;

// KEYS: lock, conversation. ARGV: token, record JSON ('' to leave it, '-' to delete it), time to live ms. → 1,
// or 0 when the lock
// was lost (held past lockMs and taken by another instance): the write is dropped and the turn is redone.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '-' then redis.call('DEL', KEYS[2])
elseif ARGV[2] ~= '' then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) end
redis.call('DEL', KEYS[1])
return 1`;

type Scripted = Redis & {
  aigBegin(
    lock: string,
    conversation: string,
    token: string,
    lockMs: number,
  ): Promise<[number, string | number]>;
  aigCommit(lock: string, conversation: string, token: string, json: string, ttlMs: number): Promise<number>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parse(json: string | null | undefined, now: number): SessionRecord | null {
  if (!json) return null;
  try {
    const record = JSON.parse(json) as SessionRecord;
    return record.expiresAt > now ? record : null;
  } catch {
    return null; // a damaged record restarts the conversation rather than failing every message
  }
}

export function createRedisStore(client: Redis, options: RedisStoreOptions = {}): SessionStore {
  const prefix = options.prefix ?? 'aig:';
  const lockMs = options.lockMs ?? 5000;
  const waitMs = options.waitMs ?? 10_000;
  const trip = options.onRoundTrip ?? (() => undefined);
  const redis = client as Scripted;
  if (!('aigBegin' in redis)) {
    client.defineCommand('aigBegin', { numberOfKeys: 2, lua: BEGIN });
    client.defineCommand('aigCommit', { numberOfKeys: 2, lua: COMMIT });
  }
  const conversationKey = (id: string) => `${prefix}conv:${id}`;
  const lockKey = (id: string) => `${prefix}lock:${id}`;

  async function exclusive<T>(
    id: string,
    now: number,
    work: (record: SessionRecord | null) => Change<T>,
  ): Promise<T> {
    const started = Date.now();
    let pause = 2;
    for (;;) {
      const token = randomBytes(12).toString('base64url');
      const [locked, value] = await redisCall(
        () => redis.aigBegin(lockKey(id), conversationKey(id), token, lockMs),
        trip,
      );
      if (locked !== 1) {
        // Held by a turn on another instance: wait for it to finish.
        if (Date.now() - started > waitMs)
          throw new StoreUnavailableError(new Error(`conversation held for more than ${waitMs} ms`));
        await sleep(Math.min(pause, Math.max(1, Number(value))));
        pause = Math.min(pause * 2, 20);
        continue;
      }
      let change: Change<T>;
      try {
        change = work(parse(String(value), now));
      } catch (error) {
        // A failed turn leaves the record as it was and lets the next one in at once.
        await redisCall(() => redis.aigCommit(lockKey(id), conversationKey(id), token, '', 0)).catch(
          () => undefined,
        );
        throw error;
      }
      const put = change.put;
      const record: SessionRecord | null = put
        ? { conversation: put.conversation, updatedAt: now, expiresAt: now + put.ttlMs }
        : null;
      const committed = await redisCall(
        () =>
          redis.aigCommit(
            lockKey(id),
            conversationKey(id),
            token,
            change.erase ? '-' : record ? JSON.stringify(record) : '',
            put?.ttlMs ?? 0,
          ),
        trip,
      );
      if (committed === 1) return change.result;
      // The lock expired under us and another turn went first: redo this turn on the newer record.
    }
  }

  const store: SessionStore = {
    get: (id, now) => redisCall(async () => parse(await client.get(conversationKey(id)), now), trip),
    put: (id, conversation, now, ttlMs) => {
      const record: SessionRecord = { conversation, updatedAt: now, expiresAt: now + ttlMs };
      // Redis counts the time to live on its own clock; the record's expiresAt is checked on ours.
      return redisCall(
        async () => void (await client.set(conversationKey(id), JSON.stringify(record), 'PX', ttlMs)),
        trip,
      );
    },
    // Erasure waits for a turn in progress on another instance, or that turn would write the record back.
    delete: (id) => exclusive(id, 0, () => ({ result: undefined, erase: true as const })),
    // Redis expires each key itself.
    purge: async () => 0,
    async close() {
      // The client is shared with the SMS state and closed by its owner.
    },
    update: (id, now, work) => exclusive(id, now, work),
  };
  return store;
}
