/**
 * The staff login limiter in Redis, so that several instances count one attacker's failures together
 * (otherwise each instance would give 5 more tries). A fixed window per key: the first failure starts it.
 * Keys are SHA-256 hashes of the account name and the address: no address is kept in clear.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LimiterOptions, LoginLimiter } from '../channels/staff/login-limiter.js';
import { redisCall } from './redis-client.js';

// KEYS: try counters then locks (n each). ARGV: n, max tries, window ms, lock ms. One script: the check
// and the count are atomic across instances. → 0 when the try may go on, else the ms to wait.
const ATTEMPT = `
local n = tonumber(ARGV[1])
local wait = 0
for i = 1, n do
  local left = redis.call('PTTL', KEYS[n + i])
  if left > wait then wait = left end
end
if wait > 0 then return wait end
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[2]) then
    redis.call('SET', KEYS[n + i], '1', 'PX', ARGV[4])
    redis.call('DEL', KEYS[i])
    wait = tonumber(ARGV[4])
  end
end
if wait > 0 then return wait end
for i = 1, n do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 0`;

// KEYS: try counters then locks (n each). ARGV: n, max tries, lock ms. Locks the keys that used their tries.
const FAILED = `
local n = tonumber(ARGV[1])
for i = 1, n do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[2]) then
    redis.call('SET', KEYS[n + i], '1', 'PX', ARGV[3])
    redis.call('DEL', KEYS[i])
  end
end
return 0`;

// KEYS: locks. → the longest time left (ms), 0 when none is locked.
const LOCKED_FOR = `
local wait = 0
for i = 1, #KEYS do
  local left = redis.call('PTTL', KEYS[i])
  if left > wait then wait = left end
end
return wait`;

type Scripted = Redis & {
  aigLoginAttempt(count: number, ...keysAndArgs: (string | number)[]): Promise<number>;
  aigLoginFailed(count: number, ...keysAndArgs: (string | number)[]): Promise<number>;
  aigLoginLockedFor(count: number, ...keys: string[]): Promise<number>;
};

export function createRedisLoginLimiter(
  client: Redis,
  options: Omit<LimiterOptions, 'now'> & { prefix?: string } = {},
): LoginLimiter {
  const prefix = options.prefix ?? 'aig:';
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockMs = options.lockMs ?? 15 * 60_000;
  const redis = client as Scripted;
  if (!('aigLoginFailed' in redis)) {
    client.defineCommand('aigLoginAttempt', { lua: ATTEMPT });
    client.defineCommand('aigLoginFailed', { lua: FAILED });
    client.defineCommand('aigLoginLockedFor', { lua: LOCKED_FOR });
  }
  const hashed = (key: string) => createHash('sha256').update(key).digest('base64url');
  const failKey = (key: string) => `${prefix}login:fail:${hashed(key)}`;
  const lockKey = (key: string) => `${prefix}login:lock:${hashed(key)}`;
  const call = <T>(work: () => Promise<T>): Promise<T> => redisCall(work);
  return {
    lockedFor: (keys) =>
      call(async () => Number(await redis.aigLoginLockedFor(keys.length, ...keys.map(lockKey)))),
    attempt: (keys) =>
      call(async () =>
        Number(
          await redis.aigLoginAttempt(
            keys.length * 2,
            ...keys.map(failKey),
            ...keys.map(lockKey),
            keys.length,
            maxFailures,
            windowMs,
            lockMs,
          ),
        ),
      ),
    failed: (keys) =>
      call(async () => {
        await redis.aigLoginFailed(
          keys.length * 2,
          ...keys.map(failKey),
          ...keys.map(lockKey),
          keys.length,
          maxFailures,
          lockMs,
        );
      }),
    succeeded: (keys) =>
      call(async () => {
        await client.del(...keys.map(failKey));
      }),
  };
}
