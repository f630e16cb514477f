/**
 * The staff mode's sessions and anonymous counts in Redis, so a receptionist signed in through one instance
 * stays signed in on the others. Sessions expire by themselves; counts are one hash of cell → count.
 */
import type { Redis } from 'ioredis';
import type { Role } from '../channels/staff/staff-accounts.js';
import { redisCall } from './redis-client.js';
import { compareRows, countId, type CountRow, type StaffStateStore } from './staff-state-store.js';

export function createRedisStaffState(client: Redis, options: { prefix?: string } = {}): StaffStateStore {
  const prefix = options.prefix ?? 'aig:';
  const sessionKey = (hash: string) => `${prefix}staff:session:${hash}`;
  const countsKey = `${prefix}staff:counts`;
  const call = <T>(work: () => Promise<T>): Promise<T> => redisCall(work);
  return {
    putSession: (hash, session) =>
      call(
        async () =>
          void (await client.set(
            sessionKey(hash),
            JSON.stringify(session),
            'PX',
            Math.max(1, session.expiresAt - Date.now()),
          )),
      ),
    getSession: (hash, now) =>
      call(async () => {
        const json = await client.get(sessionKey(hash));
        if (!json) return null;
        const session = JSON.parse(json) as { account: string; role: Role; csrf: string; expiresAt: number };
        return session.expiresAt > now ? session : null;
      }),
    deleteSession: (hash) => call(async () => void (await client.del(sessionKey(hash)))),
    purge: async () => 0,
    addCounts: (keys) =>
      call(async () => {
        const pipeline = client.multi();
        for (const key of keys) pipeline.hincrby(countsKey, countId(key), 1);
        await pipeline.exec();
      }),
    counts: () =>
      call(async () => {
        const all = await client.hgetall(countsKey);
        return Object.entries(all)
          .map(([id, count]): CountRow => {
            const [month = '', need = '', rights = '', departement = '', type = '', gap = '0'] =
              id.split('|');
            return { month, need, rights, departement, type, gap: gap === '1', count: Number(count) };
          })
          .sort(compareRows);
      }),
    async close() {
      // The client is shared and closed by its owner.
    },
  };
}
