/**
 * The SMS channel's memory in Redis, shared by every instance: handled provider message ids (keys that
 * expire by themselves) and the STOP list (one set of number hashes, kept until START).
 */
import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';
import type { SmsStateStore } from './sms-state-store.js';

export interface RedisSmsStateOptions {
  prefix?: string;
  onRoundTrip?: () => void;
}

// KEYS: message id key, STOP set. ARGV: ttl ms, number hash. → {claimed, opted out}, in one round trip.
const ADMIT = `
local claimed = redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX')
if not claimed then return {0, 0} end
return {1, redis.call('SISMEMBER', KEYS[2], ARGV[2])}`;

type Scripted = Redis & {
  aigAdmit(messageKey: string, stopSet: string, ttlMs: number, hash: string): Promise<[number, number]>;
};

export function createRedisSmsState(client: Redis, options: RedisSmsStateOptions = {}): SmsStateStore {
  const redis = client as Scripted;
  if (!('aigAdmit' in redis)) client.defineCommand('aigAdmit', { numberOfKeys: 2, lua: ADMIT });
  const prefix = options.prefix ?? 'aig:';
  const trip = options.onRoundTrip ?? (() => undefined);
  const messageKey = (key: string) => `${prefix}sms:msg:${key}`;
  const stopSet = `${prefix}sms:stop`;
  const call = <T>(work: () => Promise<T>): Promise<T> => redisCall(work, trip);
  return {
    claim: (key, _now, ttlMs) =>
      call(async () => (await client.set(messageKey(key), '1', 'PX', ttlMs, 'NX')) === 'OK'),
    release: (key) => call(async () => void (await client.del(messageKey(key)))),
    admit: (key, hash, _now, ttlMs) =>
      call(async () => {
        const [claimed, optedOut] = await redis.aigAdmit(messageKey(key), stopSet, ttlMs, hash);
        return { claimed: claimed === 1, optedOut: optedOut === 1 };
      }),
    isOptedOut: (hash) => call(async () => (await client.sismember(stopSet, hash)) === 1),
    setOptedOut: (hash, optedOut) =>
      call(async () => void (optedOut ? await client.sadd(stopSet, hash) : await client.srem(stopSet, hash))),
    // Message ids expire by themselves; the STOP list never does.
    purge: async () => 0,
    async close() {
      // The client is shared with the conversation store and closed by its owner.
    },
  };
}
