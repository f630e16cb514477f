/**
 * Limits and once-only guards in Redis, shared by every instance: a sorted set of use times per key (a
 * sliding window, expiring by itself), and `SET NX PX` for "seen once".
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';
import type { RateStore } from './rate-store.js';

// KEYS: the key. ARGV: now, window ms. → uses within the window (older ones dropped).
const COUNT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
return redis.call('ZCARD', KEYS[1])`;

// KEYS: the key. ARGV: now, window ms, a unique member.
const ADD = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// KEYS: the limits' keys. ARGV: now, then window ms and max for each key, then a unique member. Takes one
// use of every key only if none is at its max: one script, so no two instances both take the last use.
const RESERVE = `
local now = tonumber(ARGV[1])
local member = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[2 * i + 1]) then return 0 end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, ARGV[2 * i])
end
return 1`;

type Scripted = Redis & {
  aigRateCount(key: string, now: number, windowMs: number): Promise<number>;
  aigRateAdd(key: string, now: number, windowMs: number, member: string): Promise<number>;
};

export function createRedisRateStore(client: Redis, options: { prefix?: string } = {}): RateStore {
  const prefix = options.prefix ?? 'aig:';
  const redis = client as Scripted;
  if (!('aigRateCount' in redis)) {
    client.defineCommand('aigRateCount', { numberOfKeys: 1, lua: COUNT });
    client.defineCommand('aigRateAdd', { numberOfKeys: 1, lua: ADD });
  }
  const rateKey = (key: string) => `${prefix}rate:${key}`;
  const onceKey = (key: string) => `${prefix}once:${key}`;
  return {
    count: (key, windowMs, now) =>
      redisCall(async () => Number(await redis.aigRateCount(rateKey(key), now, windowMs))),
    add: (key, windowMs, now) =>
      redisCall(async () => {
        await redis.aigRateAdd(rateKey(key), now, windowMs, `${now}-${randomBytes(6).toString('base64url')}`);
      }),
    once: (key, ttlMs) =>
      redisCall(async () => (await client.set(onceKey(key), '1', 'PX', ttlMs, 'NX')) === 'OK'),
    reserve: (limits, now) =>
      redisCall(async () => {
        const keys = limits.map((l) => rateKey(l.key));
        const member = `${now}-${randomBytes(6).toString('base64url')}`;
        const args = [now, ...limits.flatMap((l) => [l.windowMs, l.max]), member];
        const taken = Number(await client.eval(RESERVE, keys.length, ...keys, ...args));
        if (taken !== 1) return null;
        return {
          release: () =>
            redisCall(async () => {
              for (const key of keys) await client.zrem(key, member);
            }),
        };
      }),
  };
}
