/**
 * Counts for limits and once-only guards: how many times a key was used in a sliding window ("3 sends per
 * conversation", "5 per number per day", "30 staff SMS per hour"), and whether a key was already seen (a
 * triage counted once). In memory for one instance; in Redis (redis-rate-store.ts) when instances share it,
 * so that two instances do not each give the full allowance. Keys hold no personal data: ids, keyed hashes
 * or account names.
 */
/** At most `max` uses of `key` within `windowMs`. */
export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Uses taken by `reserve`, to give back when what they were for did not happen (a send that failed). */
export interface Reservation {
  release(): Promise<void>;
}

export interface RateStore {
  /** Uses of `key` within the last `windowMs`. */
  count(key: string, windowMs: number, now: number): Promise<number>;
  /** Records one use of `key`, kept for `windowMs`. */
  add(key: string, windowMs: number, now: number): Promise<void>;
  /** True the first time `key` is seen within `ttlMs` (on any instance sharing the store), then false. */
  once(key: string, ttlMs: number, now: number): Promise<boolean>;
  /**
   * Takes one use of every limit at once if none is reached, atomically (no two concurrent callers both
   * pass a limit with one use left, on any instance sharing the store); null when one is reached.
   */
  reserve(limits: readonly Limit[], now: number): Promise<Reservation | null>;
}

const MAX_KEYS = 100_000;

export function createMemoryRateStore(): RateStore {
  const uses = new Map<string, { at: number; id: number }[]>();
  const seen = new Map<string, number>();
  let nextId = 0;
  const recent = (key: string, windowMs: number, now: number) => {
    const times = (uses.get(key) ?? []).filter((u) => u.at > now - windowMs);
    if (times.length === 0) uses.delete(key);
    else uses.set(key, times);
    return times;
  };
  // Bounded: many keys (a flood of new conversations) must not grow memory without limit.
  const prune = (now: number) => {
    if (seen.size > MAX_KEYS) for (const [key, until] of seen) if (until <= now) seen.delete(key);
    if (uses.size > MAX_KEYS) uses.clear();
  };
  const take = (key: string, windowMs: number, now: number): number => {
    const id = (nextId += 1);
    uses.set(key, [...recent(key, windowMs, now), { at: now, id }]);
    return id;
  };
  return {
    async count(key, windowMs, now) {
      return recent(key, windowMs, now).length;
    },
    async add(key, windowMs, now) {
      prune(now);
      take(key, windowMs, now);
    },
    async once(key, ttlMs, now) {
      prune(now);
      const until = seen.get(key);
      if (until !== undefined && until > now) return false;
      seen.set(key, now + ttlMs);
      return true;
    },
    // Check and take without an await between them: atomic within this process.
    async reserve(limits, now) {
      prune(now);
      if (limits.some((l) => recent(l.key, l.windowMs, now).length >= l.max)) return null;
      const taken = limits.map((l) => ({ key: l.key, id: take(l.key, l.windowMs, now) }));
      return {
        async release() {
          for (const { key, id } of taken) {
            const left = (uses.get(key) ?? []).filter((u) => u.id !== id);
            if (left.length === 0) uses.delete(key);
            else uses.set(key, left);
          }
        },
      };
    },
  };
}
