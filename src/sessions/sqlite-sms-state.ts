/** The SMS channel's memory (handled message ids, STOP list) in a SQLite file, beside the conversations. */
import { openSqlite } from './sqlite-store.js';
import { admitInTwoCalls, type SmsStateStore } from './sms-state-store.js';

export function createSqliteSmsState(file: string): SmsStateStore {
  const db = openSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS sms_messages (
    message_key TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  )`);
  db.exec('CREATE INDEX IF NOT EXISTS sms_messages_expires_at ON sms_messages (expires_at)');
  db.exec(`CREATE TABLE IF NOT EXISTS sms_opt_outs (
    number_hash TEXT PRIMARY KEY,
    since INTEGER NOT NULL
  )`);
  const claim = db.prepare<[string, number, number]>(
    `INSERT INTO sms_messages (message_key, expires_at) VALUES (?, ?)
     ON CONFLICT (message_key) DO UPDATE SET expires_at = excluded.expires_at WHERE sms_messages.expires_at <= ?`,
  );
  const release = db.prepare<[string]>('DELETE FROM sms_messages WHERE message_key = ?');
  const isOptedOut = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM sms_opt_outs WHERE number_hash = ?',
  );
  const optOut = db.prepare<[string, number]>(
    'INSERT INTO sms_opt_outs (number_hash, since) VALUES (?, ?) ON CONFLICT (number_hash) DO NOTHING',
  );
  const optIn = db.prepare<[string]>('DELETE FROM sms_opt_outs WHERE number_hash = ?');
  const purge = db.prepare<[number]>('DELETE FROM sms_messages WHERE expires_at <= ?');

  return {
    async claim(key, now, ttlMs) {
      return claim.run(key, now + ttlMs, now).changes === 1;
    },
    async release(key) {
      release.run(key);
    },
    admit(key, hash, now, ttlMs) {
      return admitInTwoCalls(this, key, hash, now, ttlMs);
    },
    async isOptedOut(hash) {
      return isOptedOut.get(hash) !== undefined;
    },
    async setOptedOut(hash, value, now) {
      if (value) optOut.run(hash, now);
      else optIn.run(hash);
    },
    async purge(now) {
      return purge.run(now).changes;
    },
    async close() {
      db.close();
    },
  };
}
