/** Conversations in a Map: for tests and for trying the server without a disk. */
import type { SessionRecord, SessionStore } from './session-store.js';

export function createMemoryStore(): SessionStore {
  // Stored as JSON, as every other store does: no shared references between turns.
  const records = new Map<string, { json: string; expiresAt: number }>();
  return {
    async get(id, now) {
      const entry = records.get(id);
      return entry && entry.expiresAt > now ? (JSON.parse(entry.json) as SessionRecord) : null;
    },
    async put(id, conversation, now, ttlMs) {
      const record: SessionRecord = { conversation, updatedAt: now, expiresAt: now + ttlMs };
      records.set(id, { json: JSON.stringify(record), expiresAt: record.expiresAt });
    },
    async delete(id) {
      records.delete(id);
    },
    async purge(now) {
      let removed = 0;
      for (const [id, entry] of records) {
        if (entry.expiresAt <= now) {
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
