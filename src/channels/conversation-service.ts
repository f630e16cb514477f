/**
 * One conversation turn for any channel: load the stored conversation, apply the message in order with
 * the others of that conversation, store the result. The step itself is the pure dialogue engine.
 */
import { randomUUID } from 'node:crypto';
import { step, type DialogueDeps } from '../dialogue/engine.js';
import type { ChannelKind, Inbound, Outbound } from '../dialogue/messages.js';
import type { Language } from '../orientation/situation.js';
import { createSerializer } from '../sessions/serialize.js';
import type { SessionStore } from '../sessions/session-store.js';

export interface ConversationServiceOptions {
  store: SessionStore;
  deps: DialogueDeps;
  /** Idle time after which a conversation is forgotten (ms). */
  ttlMs: number;
  now?: () => number;
  newId?: () => string;
}

export interface Turn {
  messages: Outbound[];
  ended: boolean;
}

export interface ConversationService {
  start(channel: ChannelKind, lang?: Language): Promise<{ id: string } & Turn>;
  /** null when the conversation is unknown or expired. */
  message(id: string, channel: ChannelKind, text: string): Promise<Turn | null>;
  /** Says the current question again (a reloaded page, a reconnected socket); null when unknown. */
  resume(id: string, channel: ChannelKind): Promise<Turn | null>;
  purgeExpired(): Promise<number>;
}

export function createConversationService(options: ConversationServiceOptions): ConversationService {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const inOrder = createSerializer();

  async function apply(id: string, inbound: Inbound, mustExist: boolean): Promise<Turn | null> {
    return inOrder(id, async () => {
      const record = await options.store.get(id);
      const fresh = record !== null && record.updatedAt >= now() - options.ttlMs;
      if (mustExist && !fresh) return null;
      const today = new Date(now()).toISOString().slice(0, 10);
      const result = step(fresh ? record.conversation : null, inbound, { ...options.deps, today });
      await options.store.put(id, result.stored, now());
      return { messages: result.outbound, ended: result.ended };
    });
  }

  return {
    async start(channel, lang) {
      const id = newId();
      const turn = await apply(id, { type: 'start', channel, ...(lang ? { lang } : {}) }, false);
      return { id, ...(turn ?? { messages: [], ended: false }) };
    },
    message: (id, channel, text) => apply(id, { type: 'text', channel, text }, true),
    resume: (id, channel) => apply(id, { type: 'start', channel }, true),
    purgeExpired: () => options.store.purge(now() - options.ttlMs),
  };
}
