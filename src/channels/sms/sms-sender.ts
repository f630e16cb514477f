/**
 * Sending SMS that are not a webhook's direct reply (gateways that answer asynchronously; later "send to
 * my phone" and staff slips). One interface; the outbox implementation records instead of sending.
 */
export interface SmsSender {
  /** Sends the bodies in order, one SMS each (each already within budget). Rejects when it gave up. */
  send(to: string, bodies: readonly string[]): Promise<void>;
}

export interface OutboxEntry {
  to: string;
  body: string;
  at: number;
}

/** For development and tests: keeps the last SMS that would have been sent, in memory only. */
export interface OutboxSender extends SmsSender {
  entries(): readonly OutboxEntry[];
  clear(): void;
}

export function createOutboxSender(options: { limit?: number; now?: () => number } = {}): OutboxSender {
  const limit = options.limit ?? 500;
  const now = options.now ?? Date.now;
  const entries: OutboxEntry[] = [];
  return {
    async send(to, bodies) {
      for (const body of bodies) entries.push({ to, body, at: now() });
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
    entries: () => entries,
    clear() {
      entries.length = 0;
    },
  };
}
