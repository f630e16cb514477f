/**
 * Signing staff in and out. A session is a random 256-bit token in an HttpOnly cookie; the server keeps only
 * its SHA-256 (a copy of the store gives no usable session) with the account, the role and a CSRF token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StaffSession, StaffStateStore } from '../../sessions/staff-state-store.js';
import type { LoginLimiter } from './login-limiter.js';
import { createLimitedRunner } from './limited-runner.js';
import { verifyNothing, verifyPassword } from './password-hash.js';
import type { StaffAccount } from './staff-accounts.js';

export interface StaffAuthOptions {
  accounts: readonly StaffAccount[];
  state: StaffStateStore;
  limiter: LoginLimiter;
  sessionMs: number;
  /** Password hashes checked at once (default 2): a login flood queues, the rest of the server runs. */
  concurrentHashes?: number;
  now?: () => number;
}

export type LoginResult =
  | { status: 'ok'; token: string; session: StaffSession }
  | { status: 'wrong' }
  | { status: 'locked'; waitMs: number };

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Constant-time comparison of two strings (CSRF tokens). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createStaffAuth(options: StaffAuthOptions) {
  const now = options.now ?? Date.now;
  const hashing = createLimitedRunner(options.concurrentHashes ?? 2);
  const byName = new Map(options.accounts.map((a) => [a.name.toLowerCase(), a]));

  return {
    hasAccounts: options.accounts.length > 0,

    async login(name: string, password: string, address: string): Promise<LoginResult> {
      const keys = [`name:${name.trim().toLowerCase()}`, `address:${address}`];
      // Counted before the hash: concurrent tries cannot all pass a check made before any is counted.
      const waitMs = await options.limiter.attempt(keys);
      if (waitMs > 0) return { status: 'locked', waitMs };
      const account = byName.get(name.trim().toLowerCase());
      // At most two hashes at a time (scrypt takes libuv threads that file reads need too).
      const ok = await hashing(() =>
        account ? verifyPassword(password, account.passwordHash) : verifyNothing(password),
      );
      if (!account || !ok) {
        await options.limiter.failed(keys);
        const wait = await options.limiter.lockedFor(keys);
        return wait > 0 ? { status: 'locked', waitMs: wait } : { status: 'wrong' };
      }
      await options.limiter.succeeded(keys);
      const token = randomBytes(32).toString('base64url');
      const session: StaffSession = {
        account: account.name,
        role: account.role,
        csrf: randomBytes(32).toString('base64url'),
        expiresAt: now() + options.sessionMs,
      };
      await options.state.putSession(tokenHash(token), session);
      return { status: 'ok', token, session };
    },

    async session(token: string | undefined): Promise<StaffSession | null> {
      if (!token || token.length > 100) return null;
      const session = await options.state.getSession(tokenHash(token), now());
      // An account removed from the configuration loses its open sessions at once.
      const account = session ? byName.get(session.account.toLowerCase()) : undefined;
      if (!session || !account) return null;
      return { ...session, role: account.role };
    },

    async logout(token: string | undefined): Promise<void> {
      if (token) await options.state.deleteSession(tokenHash(token));
    },
  };
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
