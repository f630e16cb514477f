/**
 * Brute-force guard for the staff login: after `maxFailures` wrong passwords for one account name, or from
 * one address, within `windowMs`, that name or address is refused for `lockMs`, even with the right
 * password. Counted in memory: a restart forgets the failures, which only gives an attacker a few more tries.
 *
 * A try is counted before the password is checked (`attempt`, atomic): thirty tries at once cannot all pass
 * the check and reach the password hash; only the first `maxFailures` do, the others are refused at once.
 */
export interface LimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
  now?: () => number;
}

export interface LoginLimiter {
  /** Milliseconds left before these keys may try again; 0 when they may try now. */
  lockedFor(keys: readonly string[]): Promise<number>;
  /**
   * Counts one try for every key, atomically, unless one is locked or has used its tries (then it locks it):
   * 0 when the try may go on to the password check, else the milliseconds to wait.
   */
  attempt(keys: readonly string[]): Promise<number>;
  /** The try was wrong: keys that have used their tries are locked now. */
  failed(keys: readonly string[]): Promise<void>;
  /** The try was right: its count is forgotten. */
  succeeded(keys: readonly string[]): Promise<void>;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

const MAX_ENTRIES = 100_000;

export function createLoginLimiter(options: LimiterOptions = {}): LoginLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockMs = options.lockMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function prune(at: number): void {
    for (const [key, entry] of entries) {
      entry.failures = entry.failures.filter((t) => t > at - windowMs);
      if (entry.failures.length === 0 && entry.lockedUntil <= at) entries.delete(key);
    }
  }

  return {
    async lockedFor(keys) {
      const at = now();
      let wait = 0;
      for (const key of keys) {
        const until = entries.get(key)?.lockedUntil ?? 0;
        wait = Math.max(wait, until - at);
      }
      return wait;
    },
    // No await inside: the check and the count are one step for this process.
    async attempt(keys) {
      const at = now();
      // Spraying many names from many addresses must not grow memory without bound.
      if (entries.size > MAX_ENTRIES) prune(at);
      const current = keys.map((key) => {
        const entry = entries.get(key) ?? { failures: [], lockedUntil: 0 };
        entry.failures = entry.failures.filter((t) => t > at - windowMs);
        entries.set(key, entry);
        return entry;
      });
      let wait = Math.max(0, ...current.map((e) => e.lockedUntil - at));
      for (const entry of current) {
        if (wait === 0 && entry.failures.length >= maxFailures) {
          entry.lockedUntil = at + lockMs;
          entry.failures = [];
          wait = lockMs;
        }
      }
      if (wait > 0) return wait;
      for (const entry of current) entry.failures.push(at);
      return 0;
    },
    async failed(keys) {
      const at = now();
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry && entry.failures.filter((t) => t > at - windowMs).length >= maxFailures) {
          entry.lockedUntil = at + lockMs;
          entry.failures = [];
        }
      }
    },
    async succeeded(keys) {
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry && entry.lockedUntil <= now()) entries.delete(key);
      }
    },
  };
}
