/**
 * Every session store keeps the same contract: a record until it expires, one expiry per record, purge of
 * the expired ones only. The SQLite store also upgrades a file written before expiry was stored per row.
 * The SMS channel's store remembers handled ids until they expire and keeps STOP until START.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { StoredConversation } from '../src/dialogue/engine.js';
import { createMemoryStore } from '../src/sessions/memory-store.js';
import { createMemoryRateStore } from '../src/sessions/rate-store.js';
import { createMemorySmsState, type SmsStateStore } from '../src/sessions/sms-state-store.js';
import { createSqliteSmsState } from '../src/sessions/sqlite-sms-state.js';
import { createSqliteStore } from '../src/sessions/sqlite-store.js';
import type { SessionStore } from '../src/sessions/session-store.js';

const dir = mkdtempSync(join(tmpdir(), 'aiguillage-stores-'));
const conversation = (state: string): StoredConversation =>
  ({ flow: 'orientation', version: 1, state, context: { lang: 'fr' } }) as unknown as StoredConversation;

const stores: [string, () => SessionStore][] = [
  ['memory', createMemoryStore],
  ['SQLite', () => createSqliteStore(join(dir, `sessions-${Math.random()}.sqlite`))],
];

describe.each(stores)('the %s session store', (_name, make) => {
  it('gives back what was put until it expires, each record with its own expiry', async () => {
    const store = make();
    await store.put('web', conversation('askNeed'), 1_000, 100);
    await store.put('sms', conversation('askRights'), 1_000, 500);
    expect(await store.get('web', 1_050)).toEqual({
      conversation: conversation('askNeed'),
      updatedAt: 1_000,
      expiresAt: 1_100,
    });
    expect(await store.get('web', 1_100)).toBeNull();
    expect((await store.get('sms', 1_100))?.conversation.state).toBe('askRights');
    expect(await store.get('nobody', 1_000)).toBeNull();
    await store.close();
  });

  it('purges only what has expired, and forgets on demand', async () => {
    const store = make();
    await store.put('a', conversation('x'), 0, 10);
    await store.put('b', conversation('x'), 0, 1_000);
    await store.put('c', conversation('x'), 0, 1_000);
    expect(await store.purge(500)).toBe(1);
    await store.delete('b');
    expect(await store.get('b', 500)).toBeNull();
    expect(await store.get('c', 500)).not.toBeNull();
    await store.close();
  });

  it('stores a copy: changing the object afterwards changes nothing stored', async () => {
    const store = make();
    const value = conversation('askNeed');
    await store.put('a', value, 0, 1_000);
    value.state = 'changed';
    expect((await store.get('a', 1))?.conversation.state).toBe('askNeed');
    await store.close();
  });
});

describe('the SQLite session store', () => {
  it('upgrades a file written before expiry was stored per row (24 h after the last change)', async () => {
    const file = join(dir, 'legacy.sqlite');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE conversations (id TEXT PRIMARY KEY, conversation TEXT NOT NULL, updated_at INTEGER NOT NULL)',
    );
    db.prepare('INSERT INTO conversations VALUES (?, ?, ?)').run(
      'old',
      JSON.stringify(conversation('askNeed')),
      1_000,
    );
    db.close();
    const store = createSqliteStore(file);
    expect((await store.get('old', 2_000))?.expiresAt).toBe(1_000 + 24 * 3_600_000);
    await store.close();
  });

  it('treats a damaged row as no conversation rather than failing every message', async () => {
    const file = join(dir, 'damaged.sqlite');
    const store = createSqliteStore(file);
    await store.put('a', conversation('x'), 0, 1_000);
    const db = new Database(file);
    db.prepare("UPDATE conversations SET conversation = '{broken' WHERE id = 'a'").run();
    db.close();
    expect(await store.get('a', 1)).toBeNull();
    await store.close();
  });
});

const smsStates: [string, () => SmsStateStore][] = [
  ['memory', createMemorySmsState],
  ['SQLite', () => createSqliteSmsState(join(dir, `sms-${Math.random()}.sqlite`))],
];

describe.each(smsStates)('the %s SMS state store', (_name, make) => {
  it('remembers handled message ids until they expire', async () => {
    const state = make();
    expect(await state.claim('twilio:SM1', 0, 100)).toBe(true);
    expect(await state.claim('twilio:SM1', 99, 100)).toBe(false); // still remembered
    expect(await state.claim('twilio:SM2', 99, 1)).toBe(true); // another id
    expect(await state.purge(100)).toBe(2);
    expect(await state.claim('twilio:SM1', 100, 100)).toBe(true); // forgotten once expired
    await state.close();
  });

  it('lets a message id be claimed once until it expires or is released', async () => {
    const state = make();
    expect(await state.claim('twilio:SM1', 0, 100)).toBe(true);
    expect(await state.claim('twilio:SM1', 50, 100)).toBe(false);
    expect(await state.claim('twilio:SM1', 100, 100)).toBe(true); // expired: a new delivery
    await state.release('twilio:SM1');
    expect(await state.claim('twilio:SM1', 150, 100)).toBe(true);
    await state.setOptedOut('hash', true, 0);
    expect(await state.admit('twilio:SM2', 'hash', 0, 100)).toEqual({ claimed: true, optedOut: true });
    expect(await state.admit('twilio:SM2', 'hash', 0, 100)).toEqual({ claimed: false, optedOut: false });
    await state.close();
  });

  it('keeps STOP until START, whatever the purge', async () => {
    const state = make();
    await state.setOptedOut('hash', true, 0);
    await state.setOptedOut('hash', true, 5); // a second STOP changes nothing
    expect(await state.purge(Number.MAX_SAFE_INTEGER)).toBe(0);
    expect(await state.isOptedOut('hash')).toBe(true);
    expect(await state.isOptedOut('other')).toBe(false);
    await state.setOptedOut('hash', false, 10);
    expect(await state.isOptedOut('hash')).toBe(false);
    await state.close();
  });
});

describe('the memory rate store', () => {
  it('counts uses in a sliding window and says "first time" once per key until it expires', async () => {
    const rates = createMemoryRateStore();
    await rates.add('send:c:1', 100, 0);
    await rates.add('send:c:1', 100, 50);
    expect(await rates.count('send:c:1', 100, 60)).toBe(2);
    expect(await rates.count('send:c:1', 100, 120)).toBe(1);
    expect(await rates.count('send:c:2', 100, 120)).toBe(0);
    expect(await rates.once('triage:a', 100, 0)).toBe(true);
    expect(await rates.once('triage:a', 100, 99)).toBe(false);
    expect(await rates.once('triage:a', 100, 100)).toBe(true);
  });
});
