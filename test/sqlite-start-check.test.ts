/**
 * Start-up refuses a SQLite file it cannot trust, and says which file, why and what to do (issue 15, points 8
 * and 10): a file that is not a database, a database with a damaged page (which would otherwise make some
 * conversations fail forever while /healthz says ok), a DATA_DIR that cannot be created.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start-server.js';
import { createSqliteStore, openSqlite } from '../src/sessions/sqlite-store.js';

const dir = () => mkdtempSync(join(tmpdir(), 'aiguillage-sqlite-check-'));

describe('opening a SQLite file', () => {
  it('refuses a file that is not a database, naming it, the cause and what to do', () => {
    const file = join(dir(), 'sessions.sqlite');
    writeFileSync(file, 'ceci n’est pas une base de données '.repeat(200));
    expect(() => openSqlite(file)).toThrow(file);
    expect(() => openSqlite(file)).toThrow(/not a database/);
    expect(() => openSqlite(file)).toThrow(/restore the file from a backup or move it aside/);
  });

  it('refuses a database with a damaged page', () => {
    const file = join(dir(), 'sessions.sqlite');
    const store = createSqliteStore(file);
    void store.close();
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)');
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run(`une ligne de remplissage numéro ${i}`.repeat(4));
    db.close();
    // Garbage over the middle of the file: some B-tree page is no longer a page.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 8);
    closeSync(fd);
    expect(() => openSqlite(file)).toThrow(/integrity check failed|malformed/);
  });

  it('opens a sound file', () => {
    const file = join(dir(), 'sessions.sqlite');
    void createSqliteStore(file).close();
    expect(() => openSqlite(file).close()).not.toThrow();
  });
});

describe('the server with a damaged file in DATA_DIR', () => {
  it('does not start, and the error names the file', async () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, 'sms.sqlite'), 'x'.repeat(8192));
    const { config } = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WARM_UP: '0' });
    await expect(startServer(config, { log: () => undefined })).rejects.toThrow(join(dataDir, 'sms.sqlite'));
  }, 60_000);
});
