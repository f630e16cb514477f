/**
 * What the SMS channel remembers besides conversations: provider message ids already handled (gateways
 * retry webhooks) and the numbers that sent STOP. Numbers arrive here only as keyed hashes.
 */
export interface SmsStateStore {
  /**
   * Marks a message id as being handled, atomically, for `ttlMs` (long enough to outlast the provider's
   * retries): true for the first caller, false when it is already handled or being handled (on any
   * instance). A turn that fails releases its claim so a retry is answered.
   */
  claim(messageKey: string, now: number, ttlMs: number): Promise<boolean>;
  release(messageKey: string): Promise<void>;
  /** `claim` and `isOptedOut` together: one round trip where the store is remote. */
  admit(messageKey: string, numberHash: string, now: number, ttlMs: number): Promise<Admission>;
  isOptedOut(numberHash: string): Promise<boolean>;
  /** STOP (true) or START (false). An opt-out is kept until START: it never expires. */
  setOptedOut(numberHash: string, optedOut: boolean, now: number): Promise<void>;
  /** Forgets expired message ids; returns how many. */
  purge(now: number): Promise<number>;
  close(): Promise<void>;
}

export interface Admission {
  claimed: boolean;
  optedOut: boolean;
}

/** `admit` for stores where two calls cost nothing more than one. */
export async function admitInTwoCalls(
  store: Pick<SmsStateStore, 'claim' | 'isOptedOut'>,
  messageKey: string,
  numberHash: string,
  now: number,
  ttlMs: number,
): Promise<Admission> {
  const claimed = await store.claim(messageKey, now, ttlMs);
  return { claimed, optedOut: claimed ? await store.isOptedOut(numberHash) : false };
}

export function createMemorySmsState(): SmsStateStore {
  const messages = new Map<string, number>();
  const optedOut = new Set<string>();
  return {
    async claim(key, now, ttlMs) {
      const until = messages.get(key);
      if (until !== undefined && until > now) return false;
      messages.set(key, now + ttlMs);
      return true;
    },
    async release(key) {
      messages.delete(key);
    },
    admit(key, hash, now, ttlMs) {
      return admitInTwoCalls(this, key, hash, now, ttlMs);
    },
    async isOptedOut(hash) {
      return optedOut.has(hash);
    },
    async setOptedOut(hash, value) {
      if (value) optedOut.add(hash);
      else optedOut.delete(hash);
    },
    async purge(now) {
      let removed = 0;
      for (const [key, until] of messages) {
        if (until <= now) {
          messages.delete(key);
          removed += 1;
        }
      }
      return removed;
    },
    async close() {
      messages.clear();
      optedOut.clear();
    },
  };
}
