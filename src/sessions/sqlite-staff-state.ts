/** The staff mode's sessions and anonymous counts in a SQLite file (`DATA_DIR/staff.sqlite`). */
import type { Role } from '../channels/staff/staff-accounts.js';
import { openSqlite } from './sqlite-store.js';
import { compareRows, type CountRow, type StaffStateStore } from './staff-state-store.js';

interface SessionRow {
  account: string;
  role: string;
  csrf: string;
  expires_at: number;
}

interface CountDbRow {
  month: string;
  need: string;
  rights: string;
  departement: string;
  type: string;
  gap: number;
  count: number;
}

export function createSqliteStaffState(file: string): StaffStateStore {
  const db = openSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS staff_sessions (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    role TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  )`);
  db.exec(`CREATE TABLE IF NOT EXISTS staff_counts (
    month TEXT NOT NULL,
    need TEXT NOT NULL,
    rights TEXT NOT NULL,
    departement TEXT NOT NULL,
    type TEXT NOT NULL,
    gap INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (month, need, rights, departement, type, gap)
  )`);
  const put = db.prepare<[string, string, string, string, number]>(
    `INSERT INTO staff_sessions (token_hash, account, role, csrf, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  const get = db.prepare<[string, number], SessionRow>(
    'SELECT account, role, csrf, expires_at FROM staff_sessions WHERE token_hash = ? AND expires_at > ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM staff_sessions WHERE token_hash = ?');
  const purge = db.prepare<[number]>('DELETE FROM staff_sessions WHERE expires_at <= ?');
  const add = db.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO staff_counts (month, need, rights, departement, type, gap, count) VALUES (?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (month, need, rights, departement, type, gap) DO UPDATE SET count = count + 1`,
  );
  const all = db.prepare<[], CountDbRow>(
    'SELECT month, need, rights, departement, type, gap, count FROM staff_counts',
  );
  const addAll = db.transaction((keys: Parameters<StaffStateStore['addCounts']>[0]) => {
    for (const k of keys) add.run(k.month, k.need, k.rights, k.departement, k.type, k.gap ? 1 : 0);
  });

  return {
    async putSession(tokenHash, session) {
      put.run(tokenHash, session.account, session.role, session.csrf, session.expiresAt);
    },
    async getSession(tokenHash, now) {
      const row = get.get(tokenHash, now);
      return row
        ? { account: row.account, role: row.role as Role, csrf: row.csrf, expiresAt: row.expires_at }
        : null;
    },
    async deleteSession(tokenHash) {
      remove.run(tokenHash);
    },
    async purge(now) {
      return purge.run(now).changes;
    },
    async addCounts(keys) {
      addAll(keys);
    },
    async counts() {
      return all
        .all()
        .map((r): CountRow => ({ ...r, gap: r.gap === 1 }))
        .sort(compareRows);
    },
    async close() {
      db.close();
    },
  };
}
