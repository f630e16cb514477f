/**
 * Where conversations live between messages. Implementations: memory (tests), SQLite (the embedded
 * default), later Redis (several instances). A stored conversation is small JSON with no free text.
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
}
