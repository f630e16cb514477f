/** Conversations in a Map: for tests and for trying the server without a disk. */
import type { StoredConversation } from '../dialogue/engine.js';
import type { SessionRecord, SessionStore } from './session-store.js';

export function createMemoryStore(): SessionStore {
  const records = new Map<string, string>();
  return {
    async get(id) {
      const json = records.get(id);
      return json ? (JSON.parse(json) as SessionRecord) : null;
    },
    async put(id, conversation: StoredConversation, now) {
      // Stored as JSON, as every other store does: no shared references between turns.
      records.set(id, JSON.stringify({ conversation, updatedAt: now }));
    },
    async delete(id) {
      records.delete(id);
    },
    async purge(olderThan) {
      let removed = 0;
      for (const [id, json] of records) {
        if ((JSON.parse(json) as SessionRecord).updatedAt < olderThan) {
          records.delete(id);
          removed += 1;
        }
      }
      return removed;
    },
    async close() {
      records.clear();
    },
  };
}
