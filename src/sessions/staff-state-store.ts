/**
 * What the staff mode keeps: signed-in sessions (by the SHA-256 of their cookie token, never the token) and
 * anonymous counts for the coordinator. Nothing about the people oriented: the counts have no time finer
 * than the month and no link between rows.
 */
import type { Role } from '../channels/staff/staff-accounts.js';

export interface StaffSession {
  account: string;
  role: Role;
  /** The token the page sends back in X-CSRF-Token. */
  csrf: string;
  expiresAt: number;
}

/** One counted orientation's cell: month × need × rights × département × recommended type × gap. */
export interface CountKey {
  month: string;
  need: string;
  rights: string;
  departement: string;
  type: string;
  /** No local service of this type was found near the person. */
  gap: boolean;
}

export interface CountRow extends CountKey {
  count: number;
}

export interface StaffStateStore {
  putSession(tokenHash: string, session: StaffSession): Promise<void>;
  getSession(tokenHash: string, now: number): Promise<StaffSession | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes expired sessions; returns how many. */
  purge(now: number): Promise<number>;
  addCounts(keys: readonly CountKey[]): Promise<void>;
  counts(): Promise<CountRow[]>;
  close(): Promise<void>;
}

export function countId(key: CountKey): string {
  return [key.month, key.need, key.rights, key.departement, key.type, key.gap ? '1' : '0'].join('|');
}

export function compareRows(a: CountKey, b: CountKey): number {
  return countId(a).localeCompare(countId(b));
}

export function createMemoryStaffState(): StaffStateStore {
  const sessions = new Map<string, StaffSession>();
  const counts = new Map<string, CountRow>();
  return {
    async putSession(tokenHash, session) {
      sessions.set(tokenHash, { ...session });
    },
    async getSession(tokenHash, now) {
      const session = sessions.get(tokenHash);
      if (!session || session.expiresAt <= now) return null;
      return { ...session };
    },
    async deleteSession(tokenHash) {
      sessions.delete(tokenHash);
    },
    async purge(now) {
      let removed = 0;
      for (const [hash, session] of sessions) {
        if (session.expiresAt <= now) {
          sessions.delete(hash);
          removed += 1;
        }
      }
      return removed;
    },
    async addCounts(keys) {
      for (const key of keys) {
        const id = countId(key);
        const row = counts.get(id) ?? { ...key, count: 0 };
        row.count += 1;
        counts.set(id, row);
      }
    },
    async counts() {
      return [...counts.values()].map((row) => ({ ...row })).sort(compareRows);
    },
    async close() {
      sessions.clear();
    },
  };
}
