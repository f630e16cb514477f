/**
 * The Redis connection shared by the Redis stores. It fails fast while Redis is down (no offline queue: a
 * person gets "temporarily unavailable, call 15" at once rather than a hanging page) and reconnects by
 * itself, forever, with a capped backoff.
 */
import { Redis } from 'ioredis';
import { StoreUnavailableError } from './session-store.js';

export interface RedisClientOptions {
  /** Called once per change between up and down, for the logs. */
  onStatus?: (status: 'up' | 'down', detail?: string) => void;
}

export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    lazyConnect: false,
  });
  let up: boolean | undefined;
  const report = (next: boolean, detail?: string) => {
    if (up === next) return;
    up = next;
    options.onStatus?.(next ? 'up' : 'down', detail);
  };
  client.on('ready', () => report(true));
  client.on('error', (error: Error) => report(false, error.message));
  client.on('end', () => report(false, 'connection closed'));
  return client;
}

/** Resolves when the client is ready, or after `ms` (a server may start while Redis is still down). */
export function waitReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

/** One call to Redis: any failure (down, timeout, closed) becomes a StoreUnavailableError for the channels. */
export async function redisCall<T>(work: () => Promise<T>, onRoundTrip?: () => void): Promise<T> {
  onRoundTrip?.();
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(error);
  }
}
