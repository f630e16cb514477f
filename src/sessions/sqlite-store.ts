/**
 * Conversations in a SQLite file (better-sqlite3, WAL): the embedded default, so a restart of the server
 * loses nothing. One row per conversation: id, the stored JSON, and when it last changed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionRecord, SessionStore } from './session-store.js';

export function createSqliteStore(file: string): SessionStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    conversation TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS conversations_updated_at ON conversations (updated_at)');
  const select = db.prepare<[string], { conversation: string; updated_at: number }>(
    'SELECT conversation, updated_at FROM conversations WHERE id = ?',
  );
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO conversations (id, conversation, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET conversation = excluded.conversation, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
  const purge = db.prepare<[number]>('DELETE FROM conversations WHERE updated_at < ?');

  return {
    async get(id) {
      const row = select.get(id);
      if (!row) return null;
      try {
        return { conversation: JSON.parse(row.conversation), updatedAt: row.updated_at } as SessionRecord;
      } catch {
        return null; // a damaged row restarts the conversation rather than failing every message
      }
    },
    async put(id, conversation, now) {
      upsert.run(id, JSON.stringify(conversation), now);
    },
    async delete(id) {
      remove.run(id);
    },
    async purge(olderThan) {
      return purge.run(olderThan).changes;
    },
    async close() {
      db.close();
    },
  };
}
