/**
 * Conversations in a SQLite file (better-sqlite3, WAL): the embedded default, so a restart of the server
 * loses nothing. One row per conversation: id, the stored JSON, when it last changed and when it expires.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionRecord, SessionStore } from './session-store.js';

/** Rows written before expiry was stored per row get the former default idle time (24 h). */
const LEGACY_TTL_MS = 24 * 3_600_000;

/** A SQLite file that cannot be used: says which file, why, and what the operator can do. */
export class SqliteFileError extends Error {
  constructor(file: string, cause: string) {
    super(
      `${file}: ${cause}. If the disk is full or read-only, free space or fix the permissions of DATA_DIR. ` +
        'If the file is damaged, stop the server, restore the file from a backup or move it aside ' +
        '(what it held is then lost: see docs/privacy.md), and start again.',
    );
    this.name = 'SqliteFileError';
  }
}

export function openSqlite(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Purged and deleted rows are overwritten, not left readable in free pages (health data).
    db.pragma('secure_delete = ON');
    // A damaged page would make some conversations fail forever while everything else works: refuse to
    // start instead. quick_check reads every page once (milliseconds for these small files).
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the integrity check failed (${String(check).slice(0, 200)})`);
    return db;
  } catch (error) {
    db?.close();
    throw new SqliteFileError(file, (error as Error).message);
  }
}

export function createSqliteStore(file: string): SessionStore {
  const db = openSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    conversation TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  )`);
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(conversations)').all();
  if (!columns.some((c) => c.name === 'expires_at')) {
    db.exec('ALTER TABLE conversations ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0');
    db.prepare('UPDATE conversations SET expires_at = updated_at + ?').run(LEGACY_TTL_MS);
  }
  db.exec('DROP INDEX IF EXISTS conversations_updated_at');
  db.exec('CREATE INDEX IF NOT EXISTS conversations_expires_at ON conversations (expires_at)');
  const select = db.prepare<
    [string, number],
    { conversation: string; updated_at: number; expires_at: number }
  >('SELECT conversation, updated_at, expires_at FROM conversations WHERE id = ? AND expires_at > ?');
  const upsert = db.prepare<[string, string, number, number]>(
    `INSERT INTO conversations (id, conversation, updated_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET conversation = excluded.conversation, updated_at = excluded.updated_at,
       expires_at = excluded.expires_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM conversations WHERE id = ?');
  // The WAL still holds the pages written before a delete (earlier versions of the row): copied into the
  // file (where secure_delete zeroes the freed cells) and the WAL emptied, nothing of it stays readable.
  const forget = () => {
    if (file !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
  };
  const purge = db.prepare<[number]>('DELETE FROM conversations WHERE expires_at <= ?');

  return {
    async get(id, now) {
      const row = select.get(id, now);
      if (!row) return null;
      try {
        const conversation = JSON.parse(row.conversation) as SessionRecord['conversation'];
        return { conversation, updatedAt: row.updated_at, expiresAt: row.expires_at };
      } catch {
        return null; // a damaged row restarts the conversation rather than failing every message
      }
    },
    async put(id, conversation, now, ttlMs) {
      upsert.run(id, JSON.stringify(conversation), now, now + ttlMs);
    },
    async delete(id) {
      if (remove.run(id).changes > 0) forget();
    },
    async purge(now) {
      const changes = purge.run(now).changes;
      if (changes > 0) forget();
      return changes;
    },
    async close() {
      db.close();
    },
  };
}
