/**
 * Where conversations live between messages. Implementations: memory (tests), SQLite (the embedded
 * default), Redis (several instances). A stored conversation is small JSON with no free text.
 * Each record carries its own expiry, because channels keep conversations for different times (a web
 * visit a day, an SMS exchange spread over days).
 */
import type { StoredConversation } from '../dialogue/engine.js';

export interface SessionRecord {
  conversation: StoredConversation;
  /** Milliseconds since the epoch of the last change. */
  updatedAt: number;
  /** Milliseconds since the epoch after which the record is forgotten. */
  expiresAt: number;
}

export interface SessionStore {
  /** The record, or null when there is none or it has expired. */
  get(id: string, now: number): Promise<SessionRecord | null>;
  put(id: string, conversation: StoredConversation, now: number, ttlMs: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Removes the records expired at `now` (ms since epoch); returns how many. */
  purge(now: number): Promise<number>;
  close(): Promise<void>;
  /**
   * Stores shared by several processes (Redis) hold the conversation while one turn reads and writes it,
   * so a message handled on another instance at the same time is applied after it, never on a stale copy.
   * Stores used by one process leave it out: the conversation service already orders turns in-process.
   */
  update?<T>(id: string, now: number, work: (record: SessionRecord | null) => Change<T>): Promise<T>;
}

/** What a turn decided: its result, and the conversation to store (none: leave the record as it is) or erase. */
export interface Change<T> {
  result: T;
  put?: { conversation: StoredConversation; ttlMs: number };
  /** Forget the conversation (erasure), after any turn in progress on it. */
  erase?: true;
}

/** One turn's read-compute-write, exclusive across instances when the store can make it so. */
export async function updateRecord<T>(
  store: SessionStore,
  id: string,
  now: number,
  work: (record: SessionRecord | null) => Change<T>,
): Promise<T> {
  if (store.update) return store.update(id, now, work);
  const change = work(await store.get(id, now));
  if (change.erase) await store.delete(id);
  else if (change.put) await store.put(id, change.put.conversation, now, change.put.ttlMs);
  return change.result;
}

/** The store could not be reached (Redis down): the channel says "temporarily unavailable, call 15". */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('the session store is unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
