/**
 * Where the server keeps state: SQLite files in DATA_DIR (one instance, the embedded default), or Redis when
 * REDIS_URL is set (several instances share conversations, the SMS memory and staff sessions).
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createLoginLimiter, type LoginLimiter } from '../channels/staff/login-limiter.js';
import { createRedisClient } from '../sessions/redis-client.js';
import { createRedisLoginLimiter } from '../sessions/redis-login-limiter.js';
import { createRedisRateStore } from '../sessions/redis-rate-store.js';
import { createMemoryRateStore, type RateStore } from '../sessions/rate-store.js';
import { createRedisSmsState } from '../sessions/redis-sms-state.js';
import { createRedisStaffState } from '../sessions/redis-staff-state.js';
import { createRedisStore } from '../sessions/redis-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { SmsStateStore } from '../sessions/sms-state-store.js';
import { createSqliteSmsState } from '../sessions/sqlite-sms-state.js';
import { createSqliteStaffState } from '../sessions/sqlite-staff-state.js';
import { createSqliteStore } from '../sessions/sqlite-store.js';
import type { StaffStateStore } from '../sessions/staff-state-store.js';

export interface Stores {
  kind: string;
  store: SessionStore;
  smsState: SmsStateStore;
  staffState: StaffStateStore;
  /** Staff login failures, counted across every instance sharing the store. */
  loginLimiter: LoginLimiter;
  /** SMS send limits and once-only guards, shared the same way. */
  rates: RateStore;
  /** Whether the shared store answers (always true for SQLite). */
  isUp(): boolean;
  close(): Promise<void>;
}

export interface StoreChoice {
  dataDir: string;
  redisUrl: string | null;
  /** Stores given by the caller (tests) win over the configured ones. */
  given?: { store?: SessionStore; smsState?: SmsStateStore; staffState?: StaffStateStore };
  log: (line: string) => void;
  onRoundTrip?: () => void;
}

function redisStores(choice: StoreChoice, url: string): Stores {
  const client: Redis = createRedisClient(url, {
    onStatus: (status, detail) =>
      choice.log(status === 'up' ? 'redis: connected' : `redis: unavailable (${detail ?? 'no detail'})`),
  });
  const tripOption = choice.onRoundTrip ? { onRoundTrip: choice.onRoundTrip } : {};
  const store = choice.given?.store ?? createRedisStore(client, tripOption);
  const smsState = choice.given?.smsState ?? createRedisSmsState(client, tripOption);
  const staffState = choice.given?.staffState ?? createRedisStaffState(client);
  return {
    kind: `redis ${new URL(url).host}`,
    store,
    smsState,
    staffState,
    loginLimiter: createRedisLoginLimiter(client),
    rates: createRedisRateStore(client),
    isUp: () => client.status === 'ready',
    async close() {
      await Promise.all([store.close(), smsState.close(), staffState.close()]);
      await client.quit().catch(() => client.disconnect());
    },
  };
}

export function openStores(choice: StoreChoice): Stores {
  if (choice.redisUrl) return redisStores(choice, choice.redisUrl);
  const store = choice.given?.store ?? createSqliteStore(join(choice.dataDir, 'sessions.sqlite'));
  const smsState = choice.given?.smsState ?? createSqliteSmsState(join(choice.dataDir, 'sms.sqlite'));
  const staffState = choice.given?.staffState ?? createSqliteStaffState(join(choice.dataDir, 'staff.sqlite'));
  return {
    kind: choice.given?.store ? 'custom store' : join(choice.dataDir, 'sessions.sqlite'),
    store,
    smsState,
    staffState,
    loginLimiter: createLoginLimiter(),
    rates: createMemoryRateStore(),
    isUp: () => true,
    async close() {
      await store.close();
      await smsState.close();
      await staffState.close();
    },
  };
}
