/**
 * Where conversations live between messages. Implementations: memory (tests), SQLite (the embedded
 * default), later Redis (several instances). A stored conversation is small JSON with no free text.
 */
import type { StoredConversation } from '../dialogue/engine.js';

export interface SessionRecord {
  conversation: StoredConversation;
  /** Milliseconds since the epoch of the last change. */
  updatedAt: number;
}

export interface SessionStore {
  get(id: string): Promise<SessionRecord | null>;
  put(id: string, conversation: StoredConversation, now: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Removes conversations idle since before `olderThan` (ms since epoch); returns how many. */
  purge(olderThan: number): Promise<number>;
  close(): Promise<void>;
}
