/**
 * The staff mode's small parts: password hashes, the login limiter, the accounts file and variable, the
 * anonymous counts' CSV.
 */
import type { LoginLimiter } from '../src/channels/staff/login-limiter.js';
import { describe, expect, it } from 'vitest';
import { countsCsv } from '../src/channels/staff/anonymous-counts.js';
import { createLimitedRunner } from '../src/channels/staff/limited-runner.js';
import { createLoginLimiter } from '../src/channels/staff/login-limiter.js';
import { hashPassword, parseHash, verifyPassword } from '../src/channels/staff/password-hash.js';
import { accountsFromEnv, accountsFromFile, withAccount } from '../src/channels/staff/staff-accounts.js';

/** A wrong password, as the login makes it: the try is counted first, then found wrong. */
async function wrongTry(limiter: LoginLimiter, keys: readonly string[]): Promise<void> {
  await limiter.attempt(keys);
  await limiter.failed(keys);
}

describe('password hashes', () => {
  it('uses scrypt with N = 2^17, r = 8, p = 1 by default, and a fresh salt each time', async () => {
    const a = await hashPassword('un mot de passe assez long');
    const b = await hashPassword('un mot de passe assez long');
    expect(a).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('un mot de passe assez long', a)).toBe(true);
  });

  it.each([
    ['the wrong password', 'autre chose', undefined],
    ['another case', 'UN MOT DE PASSE', undefined],
    ['a malformed hash', 'un mot de passe', 'scrypt$17$8$1$short$short'],
    ['a plain password in place of a hash', 'un mot de passe', 'un mot de passe'],
    [
      'an absurd cost',
      'un mot de passe',
      'scrypt$40$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
  ])('refuses %s', async (_case, password, hash) => {
    const stored = hash ?? (await hashPassword('un mot de passe', { logN: 10 }));
    expect(await verifyPassword(password, stored)).toBe(false);
  });

  it('reads the same password typed with composed or decomposed accents', async () => {
    const hash = await hashPassword('été à Chalon', { logN: 10 });
    expect(await verifyPassword('e\u0301te\u0301 a\u0300 Chalon', hash)).toBe(true);
  });

  it('parses only well-formed hashes', () => {
    expect(parseHash('bcrypt$…')).toBeNull();
    expect(
      parseHash('scrypt$17$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    ).not.toBeNull();
  });
});

describe('login limiter', () => {
  it('locks after 5 failures within 15 minutes, for 15 minutes', async () => {
    let now = 0;
    const limiter = createLoginLimiter({ now: () => now });
    const keys = ['name:a', 'address:1'];
    for (let i = 0; i < 4; i += 1) await wrongTry(limiter, keys);
    expect(await limiter.lockedFor(keys)).toBe(0);
    await wrongTry(limiter, keys);
    expect(await limiter.lockedFor(keys)).toBe(15 * 60_000);
    expect(await limiter.lockedFor(['name:a'])).toBe(15 * 60_000);
    expect(await limiter.lockedFor(['name:b', 'address:1'])).toBe(15 * 60_000);
    now += 15 * 60_000;
    expect(await limiter.lockedFor(keys)).toBe(0);
  });

  it('counts a try before its check: of 31 tries at once, 5 reach the password check', async () => {
    const limiter = createLoginLimiter();
    const waits = await Promise.all(
      Array.from({ length: 31 }, () => limiter.attempt(['name:a', 'address:1'])),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(await limiter.lockedFor(['name:a'])).toBeGreaterThan(14 * 60_000);
  });

  it('forgets failures older than the window', async () => {
    let now = 0;
    const limiter = createLoginLimiter({ now: () => now });
    for (let i = 0; i < 4; i += 1) await wrongTry(limiter, ['name:a']);
    now += 16 * 60_000;
    await wrongTry(limiter, ['name:a']);
    expect(await limiter.lockedFor(['name:a'])).toBe(0);
  });

  it('clears the failures after a successful login', async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 4; i += 1) await wrongTry(limiter, ['name:a']);
    await limiter.succeeded(['name:a']);
    await wrongTry(limiter, ['name:a']);
    expect(await limiter.lockedFor(['name:a'])).toBe(0);
  });
});

const HASH = 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('staff accounts', () => {
  it('reads the file', () => {
    const parsed = accountsFromFile(
      {
        accounts: [
          { name: 'accueil', password: HASH },
          { name: 'coord', role: 'coordinator', password: HASH },
        ],
      },
      'staff-accounts.yaml',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.accounts.map((a) => [a.name, a.role])).toEqual([
      ['accueil', 'staff'],
      ['coord', 'coordinator'],
    ]);
  });

  it.each([
    [{ accounts: [{ name: 'a b', password: HASH }] }, 'name must be'],
    [{ accounts: [{ name: 'accueil', password: 'motdepasse' }] }, 'never the password itself'],
    [
      { accounts: [{ name: 'accueil', role: 'admin', password: HASH }] },
      'role must be one of staff, coordinator',
    ],
    [{ accounts: 'accueil' }, 'expected a list under "accounts:"'],
    [
      {
        accounts: [
          { name: 'accueil', password: HASH },
          { name: 'Accueil', password: HASH },
        ],
      },
      'defined twice',
    ],
  ])('names the problem in %j', (content, message) => {
    const parsed = accountsFromFile(content, 'staff-accounts.yaml');
    expect(parsed.problems.join('\n')).toContain(message);
  });

  it('reads STAFF_ACCOUNTS and names a bad item', () => {
    expect(accountsFromEnv(`accueil:staff:${HASH}, coord:coordinator:${HASH}`).accounts).toHaveLength(2);
    expect(accountsFromEnv('accueil:motdepasse').problems[0]).toMatch(/item 1: expected name:role:hash/);
  });

  it('adds or replaces an account in the file content', () => {
    const first = withAccount(null, { name: 'accueil', role: 'staff', passwordHash: HASH });
    const second = withAccount(first, { name: 'ACCUEIL', role: 'coordinator', passwordHash: HASH });
    expect(second.accounts).toEqual([{ name: 'ACCUEIL', role: 'coordinator', password: HASH }]);
  });
});

describe('counts CSV', () => {
  it('writes RFC 4180 lines and defuses spreadsheet formulas', () => {
    const csv = countsCsv([
      {
        month: '2026-11',
        need: 'dental',
        rights: 'none',
        departement: '71',
        type: '*',
        gap: false,
        count: 3,
      },
      { month: '2026-11', need: '=cmd', rights: 'a,b', departement: '71', type: 'pass', gap: true, count: 1 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'month,need,rights,departement,type,gap,count',
      '2026-11,dental,none,71,*,false,3',
      `2026-11,'=cmd,"a,b",71,pass,true,1`,
      '',
    ]);
  });
});

describe('limited runner (password hashes)', () => {
  it('runs at most 2 tasks at once, the others in order', async () => {
    const run = createLimitedRunner(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          order.push(i);
          running -= 1;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
